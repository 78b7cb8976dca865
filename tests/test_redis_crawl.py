"""Distributed crawl: two ``corpus crawl --redis`` processes share one frontier in a real redis-server and
crawl the fixture web: every article archived exactly once across both processes' WARCs, each process
writes its own files, and both stop by themselves once the shared frontier stays empty."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from crawler.distributed import redis_settings
from tests.fixtureweb import FixtureWeb
from tests.fixtureweb.warcs import read_warcs, warcio_ok
from tests.redis_server import RedisServer

pytestmark = pytest.mark.slow
CORPUS = str(Path(sys.executable).parent / "corpus")
ARTICLE_SITES = ("nato", "actu-fr", "wire-en")


def crawl_args(web: FixtureWeb, sources: Path, warc_dir: Path, redis_url: str, worker: str) -> list[str]:
    settings = {**web.crawl_settings(), "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "CORPUS_WORKER_ID": worker,
                "CORPUS_REDIS_IDLE_CLOSE": 1.5, "CORPUS_REDIS_POLL_INTERVAL": 0.2}
    args = [CORPUS, "crawl", "--sources", str(sources), "--warc-dir", str(warc_dir), "--redis", redis_url,
            "--json"]
    for k, v in settings.items():
        args += ["-s", f"{k}={json.dumps(v)}"]
    return args


def assert_running(procs: list[subprocess.Popen], what: str) -> None:
    for p in procs:
        if p.poll() is not None:
            out, err = p.communicate()
            raise AssertionError(f"{what} (exit {p.returncode}):\n{out[-2000:]}\n{err[-4000:]}")


def wait_for_workers(server: RedisServer, names: list[str], procs: list[subprocess.Popen],
                     timeout: float = 60) -> None:
    from crawler.registry import WorkerRegistry

    view = WorkerRegistry(server.client(), "newscorpus:news", "test", 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if set(names) <= set(view.alive()):
            return
        assert_running(procs, "a worker exited before the other joined")
        time.sleep(0.05)
    raise AssertionError("workers did not register in Redis")


def wait_for_files(warc_dir: Path, names: list[str], procs: list[subprocess.Popen],
                   timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(list(warc_dir.glob(f"corpus-{n}-*")) for n in names):
            return
        assert_running(procs, "a worker exited before the other fetched anything")
        time.sleep(0.05)
    raise AssertionError("a worker wrote no WARC file")


@pytest.fixture
def redis_server(tmp_path: Path):
    with RedisServer(tmp_path / "redis") as server:
        yield server


def test_two_workers_archive_each_article_once(fixture_web: FixtureWeb, redis_server: RedisServer,
                                                tmp_path: Path) -> None:
    web = fixture_web
    web.default_delay = 0.5  # slow until both workers have joined, so both get a share of the frontier
    sources = web.write_sources(tmp_path / "sources.toml")
    warc_dir = tmp_path / "warc"
    procs = [subprocess.Popen(crawl_args(web, sources, warc_dir, redis_server.url, f"w{i}"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in (1, 2)]
    started = time.monotonic()
    wait_for_workers(redis_server, ["w1", "w2"], procs)
    wait_for_files(warc_dir, ["w1", "w2"], procs)  # both are fetching (a loaded machine starts them late)
    time.sleep(1.0)
    web.default_delay = 0.03
    outs = [p.communicate(timeout=120) for p in procs]  # no kill: they must stop by themselves
    elapsed = time.monotonic() - started
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-3000:]
    summaries = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
    assert all(s["finish_reason"] == "finished" for s in summaries)
    assert [s["recovered_files"] for s in summaries] == [0, 0]  # no worker closed the other's open file
    assert elapsed < 60

    files = sorted(warc_dir.glob("*.warc.gz"))
    assert not list(warc_dir.glob("*.open"))
    by_worker = {w: [f for f in files if f.name.startswith(f"corpus-{w}-")] for w in ("w1", "w2")}
    assert all(by_worker.values()), [f.name for f in files]  # each process wrote its own WARC file(s)
    assert sorted(by_worker["w1"] + by_worker["w2"]) == files
    assert {Path(f).name for s in summaries for f in s["warc_files"]} == {f.name for f in files}
    for f in files:
        warcio_ok(f)
    assert sorted(p.name for p in warc_dir.glob("crawl-state-*.sqlite")) == [
        "crawl-state-w1.sqlite", "crawl-state-w2.sqlite"]
    assert not (warc_dir / "crawl-state.sqlite").exists()  # the spider too reads its own worker's state

    recs = read_warcs(files)
    ok = Counter((r.url.split("/")[2].split(":")[0], r.path) for r in recs
                 if r.type == "response" and r.status == 200)
    articles = [(web.sites[s].host, p) for s in ARTICLE_SITES for p in web.article_paths(s)]
    assert len(articles) >= 15
    for key in articles:
        assert ok[key] == 1, key  # none missing, none doubled across the two processes
    workers_per_article = {r.file.split("-")[1] for r in recs if r.type == "response"
                           and (r.url.split("/")[2].split(":")[0], r.path) in set(articles)}
    assert workers_per_article == {"w1", "w2"}  # the work was actually shared
    non_robots = [k for k, n in ok.items() if n > 1 and k[1] != "/robots.txt"]
    assert non_robots == []  # seeds, sitemaps and feeds too: fetched once across both workers
    assert sum(s["pages"] for s in summaries) == sum(1 for r in recs if r.type in ("response", "revisit"))

    left = redis_server.client().keys("newscorpus:*")
    assert left == []  # the last worker cleared the shared frontier: the next crawl starts fresh


def test_bad_redis_url_is_a_clear_error(tmp_path: Path, fixture_web: FixtureWeb) -> None:
    sources = fixture_web.write_sources(tmp_path / "sources.toml")
    proc = subprocess.run([CORPUS, "crawl", "--sources", str(sources), "--warc-dir", str(tmp_path / "w"),
                           "--redis", "http://nope"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "--redis expects redis://HOST:PORT/DB" in proc.stderr
    from tests.redis_server import free_port

    down = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    proc = subprocess.run([CORPUS, "crawl", "--sources", str(sources), "--warc-dir", str(tmp_path / "w"),
                           "--redis", down], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and f"cannot reach Redis at {down}" in proc.stderr
    assert sum(fixture_web.counts().values()) == 0 and not list((tmp_path / "w").glob("*.warc.gz"))


def test_redis_settings_are_json_and_enable_the_addon() -> None:
    s = redis_settings("redis://127.0.0.1:6379/0")
    assert json.loads(json.dumps(s)) == s
    assert s["ADDONS"] == {"crawler.distributed.RedisFrontier": 0}


def test_join_clears_a_dead_crawls_frontier_only_when_alone(redis_server: RedisServer) -> None:
    from crawler.distributed import frontier_keys, keys
    from crawler.registry import WorkerRegistry

    r, k, frontier = redis_server.client(), keys("newscorpus:news"), frontier_keys("newscorpus:news")

    def worker(name: str, ttl_ms: int = 5000) -> WorkerRegistry:
        return WorkerRegistry(r, "newscorpus:news", name, ttl_ms)

    def stale_frontier() -> None:
        r.zadd(k["requests"], {b"stale-request": 0})
        r.sadd(k["dupefilter"], b"stale-fingerprint")

    stale_frontier()
    other, me = worker("other"), worker("me")
    other.beat(busy=True)  # a live worker: its frontier must survive a join
    assert me.join(frontier) is False
    assert r.zcard(k["requests"]) == 1 and r.scard(k["dupefilter"]) == 1
    assert me.alive() == {"other": "busy", "me": "busy"} and me.others_busy() and other.others_busy()
    me.beat(busy=False)
    assert other.others_busy() is False and me.alive()["me"] == "idle"
    assert me.leave(frontier) == 1  # "other" is still alive: the frontier stays
    assert r.zcard(k["requests"]) == 1
    assert other.leave() == 0 and r.zcard(k["requests"]) == 1  # an unfinished crawl keeps its frontier
    assert r.keys("newscorpus:news:workers*") == []  # the last one out deletes the registry

    worker("killed", ttl_ms=50).beat(busy=True)  # a worker killed without leaving: it lapses
    time.sleep(0.2)
    assert me.join(frontier) is True  # nobody else alive: a fresh crawl
    assert r.zcard(k["requests"]) == 0 and r.scard(k["dupefilter"]) == 0
    assert me.alive() == {"me": "busy"}
    expiry = r.zscore("newscorpus:news:workers:expiry", "me")
    now_ms = r.time()[0] * 1000
    assert now_ms < expiry <= now_ms + 6000  # registered with an expiry, from Redis' clock
    stale_frontier()
    assert me.leave(frontier) == 0 and r.keys("newscorpus:*") == []  # last one out of a finished crawl


def test_budgets_are_shared_by_the_workers(redis_server: RedisServer) -> None:
    from crawler.budget import RedisBudget
    from crawler.sources import Source

    a_src = Source(name="a", allowed_domains=("a.test",), max_pages=3)
    b_src = Source(name="b", allowed_domains=("b.test",), max_pages=50)
    w1, w2 = (RedisBudget(redis_server.client(), "t", total=5) for _ in range(2))
    assert w1.take(a_src, "https://a.test/1") == ""
    assert w2.take(a_src, "https://a.test/1") == "seen"  # taken by the other worker: not counted again
    assert w2.take(a_src, "https://a.test/2") == ""
    assert w1.take(a_src, "https://a.test/3") == ""
    assert w2.take(a_src, "https://a.test/4") == "source_max_pages"  # 3 for source a, across both
    assert [w1.take(b_src, "https://b.test/1"), w2.take(b_src, "https://b.test/2")] == ["", ""]
    assert w1.take(b_src, "https://b.test/3") == "max_pages"  # 5 in the whole crawl
    assert w2.take(b_src, "https://b.test/1") == "seen"


def test_two_workers_share_one_page_budget(fixture_web: FixtureWeb, redis_server: RedisServer,
                                          tmp_path: Path) -> None:
    web = fixture_web
    web.default_delay = 1.0  # slow until both workers fetch: each one then parses pages and finds links
    sources = web.write_sources(tmp_path / "sources.toml")
    procs = [subprocess.Popen([*crawl_args(web, sources, tmp_path / "warc", redis_server.url, f"w{i}"),
                               "--source", "nato", "--max-pages", "8", "-s", "CONCURRENT_REQUESTS=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in (1, 2)]
    wait_for_workers(redis_server, ["w1", "w2"], procs)
    wait_for_files(tmp_path / "warc", ["w1", "w2"], procs)
    time.sleep(1.0)
    web.default_delay = 0.03
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-3000:]
    summaries = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
    assert sum(s["skipped"].get("max_pages", 0) for s in summaries) > 0  # the budget did bite
    fetched = [p for (_s, p) in web.counts() if p != "/robots.txt"]
    assert len(fetched) <= 8, fetched  # 8 requests for the whole crawl, not 8 per worker
    assert redis_server.client().keys("newscorpus:*") == []  # budget keys cleared with the frontier

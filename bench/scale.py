"""Scale-out benchmark, in one run: crawl pages/s with 1 vs 2 ``corpus crawl --redis`` processes sharing a
real redis-server, and build docs/s with 1 vs 2 Dask workers (a ``LocalCluster``), plus the local executor.

Crawl: a generated site of ``--pages`` articles (tests/fixtureweb ``--big``) served by its own process with
``--delay`` seconds per response (a stand-in for network latency; each crawler process keeps at most
``--per-process`` requests in flight, as a polite per-host limit would). Reported: pages archived, wall time
from launch to the last process's exit (includes Scrapy start-up and the ``--idle`` close wait), and the
crawl span (first to last WARC record date), which is what throughput is computed from.
Build: ``--docs`` generated news pages in ``--files`` WARC files (bench/build.py's generator); the snapshot
ids of all rows must be equal (byte-identical output), else the bench fails.

    .venv/bin/python bench/scale.py [--pages 600] [--delay 0.05] [--docs 600] [--files 8]

Needs redis-server on PATH and the [redis] and [dask] extras.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = str(Path(sys.executable).parent / "corpus")

SOURCES = """
[[source]]
name = "local"
start_urls = ["http://127.0.0.1:{port}/"]
allowed_domains = ["127.0.0.1"]
article_pattern = '/a/\\d+\\.html$'
follow_pattern = '/list/\\d+$'
languages = ["en"]
allow_private = true
max_depth = 50
max_pages = 1000000
"""


# ------------------------------------------------------------------------------------------ crawl
def serve(pages: int, delay: float) -> None:
    """Child mode: serve the generated site until killed; print the port."""
    from tests.fixtureweb import FixtureWeb

    with FixtureWeb(big_pages=pages) as web:
        web.default_delay = delay
        print(json.dumps({"port": web.port}), flush=True)
        while True:
            time.sleep(3600)


def crawl_args(sources: Path, warc: Path, redis_url: str, worker: str, a: argparse.Namespace) -> list[str]:
    settings = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": a.per_process,
                "CONCURRENT_REQUESTS_PER_DOMAIN": a.per_process, "CORPUS_PROGRESS_INTERVAL": 0,
                "RETRY_ENABLED": False, "CORPUS_WORKER_ID": worker, "CORPUS_REDIS_IDLE_CLOSE": a.idle,
                "CORPUS_REDIS_POLL_INTERVAL": 0.2}
    args = [CORPUS, "crawl", "--sources", str(sources), "--warc-dir", str(warc), "--redis", redis_url,
            "--json"]
    for k, v in settings.items():
        args += ["-s", f"{k}={json.dumps(v)}"]
    return args


def warc_span(files: list[Path]) -> tuple[int, float]:
    """(response/revisit records, seconds from the first to the last record date)."""
    from warcio.archiveiterator import ArchiveIterator

    dates, n = [], 0
    for f in files:
        with open(f, "rb") as fh:
            for r in ArchiveIterator(fh):
                if r.rec_type in ("response", "revisit"):
                    n += 1
                    date = r.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
                    dates.append(datetime.fromisoformat(date))
    return n, (max(dates) - min(dates)).total_seconds() if dates else 0.0


def crawl_row(n_proc: int, port: int, redis_url: str, tmp: Path, a: argparse.Namespace) -> dict[str, float]:
    out = tmp / f"crawl-{n_proc}"
    out.mkdir()
    sources = out / "sources.toml"
    sources.write_text(SOURCES.format(port=port), encoding="utf-8")
    t0 = time.perf_counter()
    procs = [subprocess.Popen(crawl_args(sources, out / "warc", redis_url, f"w{i}", a), text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(n_proc)]
    outs = [p.communicate(timeout=600) for p in procs]
    wall = time.perf_counter() - t0
    for p, (_, err) in zip(procs, outs, strict=True):
        if p.returncode != 0:
            raise SystemExit(f"crawl failed:\n{err[-3000:]}")
    pages = sum(json.loads(o.strip().splitlines()[-1])["pages"] for o, _ in outs)
    records, span = warc_span(sorted((out / "warc").glob("*.warc.gz")))
    if records != pages:
        raise SystemExit(f"WARC records {records} != pages reported {pages}")
    return {"pages": pages, "wall": wall, "span": span}


def bench_crawl(a: argparse.Namespace, tmp: Path) -> dict[int, dict[str, float]]:
    from tests.redis_server import RedisServer

    server = subprocess.Popen([sys.executable, __file__, "--serve", str(a.pages), "--delay", str(a.delay)],
                              cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        port = json.loads(server.stdout.readline())["port"]
        with RedisServer(tmp / "redis") as redis:
            return {n: crawl_row(n, port, redis.url, tmp, a) for n in (1, 2)}
    finally:
        server.terminate()
        server.wait()


# ------------------------------------------------------------------------------------------ build
def _generator():
    spec = importlib.util.spec_from_file_location("bench_build", REPO / "bench" / "build.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_build"] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod.generate


def timed_build(warc: Path, out: Path, executor=None) -> tuple[float, object]:
    from corpus.build import build_snapshot
    from corpus.config import BuildConfig

    t0 = time.perf_counter()
    result = build_snapshot([warc], out, BuildConfig(), executor=executor)
    return time.perf_counter() - t0, result


def bench_build(a: argparse.Namespace, tmp: Path) -> dict[str, dict[str, float]]:
    from distributed import Client, LocalCluster

    import corpus.extract  # noqa: F401 - warm imports here, as the Dask workers are warmed below
    from corpus.dask_executor import DaskExecutor

    warc = tmp / "build-warc"
    _generator()(warc, a.docs, a.files)
    rows: dict[str, dict[str, float]] = {}
    wall, res = timed_build(warc, tmp / "snap-local")
    rows["local, 1 process"] = {"docs": res.counts["documents_in"], "wall": wall, "id": res.snapshot_id}
    for n in (1, 2):
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                          host="127.0.0.1") as cluster, Client(cluster) as client:
            client.run(lambda: __import__("corpus.extract"))  # worker start-up is not build time
            with DaskExecutor(client=client) as ex:
                wall, res = timed_build(warc, tmp / f"snap-dask-{n}", ex)
        rows[f"dask, {n} worker{'s' if n > 1 else ''}"] = {"docs": res.counts["documents_in"], "wall": wall,
                                                          "id": res.snapshot_id}
    ids = {r["id"] for r in rows.values()}
    if len(ids) != 1:
        raise SystemExit(f"snapshots differ between executors: {ids}")
    return rows


# ------------------------------------------------------------------------------------------ report
def report(crawl: dict[int, dict[str, float]], build: dict[str, dict[str, float]],
           a: argparse.Namespace) -> None:
    print(f"\ncrawl: {a.pages} articles, {a.delay * 1000:.0f} ms/response, {a.per_process} requests in "
          "flight per process, shared Redis frontier")
    print(f"{'processes':>9} {'pages':>6} {'wall s':>7} {'span s':>7} {'pages/s':>8}")
    for n, r in crawl.items():
        print(f"{n:>9} {r['pages']:6.0f} {r['wall']:7.2f} {r['span']:7.2f} {r['pages'] / r['span']:8.1f}")
    c1, c2 = crawl[1], crawl[2]
    print(f"2 vs 1 process: pages/s x{(c2['pages'] / c2['span']) / (c1['pages'] / c1['span']):.2f}")
    print(f"\nbuild: {a.docs} documents in {a.files} WARC files; snapshot {next(iter(build.values()))['id']} "
          "(identical for every row)")
    print(f"{'executor':18} {'docs':>6} {'wall s':>7} {'docs/s':>7}")
    for name, r in build.items():
        print(f"{name:18} {r['docs']:6.0f} {r['wall']:7.2f} {r['docs'] / r['wall']:7.1f}")
    d1, d2 = build["dask, 1 worker"], build["dask, 2 workers"]
    print(f"2 vs 1 Dask worker: docs/s x{d1['wall'] / d2['wall']:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--delay", type=float, default=0.05)
    ap.add_argument("--per-process", type=int, default=4)
    ap.add_argument("--idle", type=float, default=1.0)
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--serve", type=int)
    a = ap.parse_args()
    if a.serve is not None:
        serve(a.serve, a.delay)
        return
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        crawl = bench_crawl(a, tmp)
        build = bench_build(a, tmp)
    report(crawl, build, a)


if __name__ == "__main__":
    main()

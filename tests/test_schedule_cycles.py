"""Scheduled crawls end to end on the fixture web: two ``corpus schedule --once`` cycles with one changed
and one new article in between (the second cycle fetches only those in full, everything else is a
conditional check, and ``corpus diff`` of the two snapshots shows exactly them), a third cycle without
changes publishes nothing; SIGTERM mid-crawl stops cleanly and the next run resumes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus.scheduling.cycle import LATEST, RUNS_LOG
from tests.fixtureweb import FixtureWeb
from tests.fixtureweb import content as C
from tests.fixtureweb import sites as S

pytestmark = pytest.mark.slow
CORPUS = str(Path(sys.executable).parent / "corpus")
CHANGED = S.NEWS.format(lang="en", day=3, slug="partners-training")
ADDED = S.NEWS.format(lang="fr", day=9, slug="nouvel-article")


# The default build config (site boilerplate learning on): the diff must show exactly what changed on the
# web even though the listings and one article were archived again.
BUILD_CONFIG = "# defaults\n"


def schedule_args(web: FixtureWeb, tmp: Path, *extra: str) -> list[str]:
    config = tmp / "build.toml"
    config.write_text(BUILD_CONFIG, encoding="utf-8")
    args = [CORPUS, "schedule", "--sources", str(web.write_sources(tmp / "sources.toml")),
            "--workdir", str(tmp / "data"), "--workers", "1", "--config", str(config), *extra]
    for k, v in web.crawl_settings().items():
        args += ["-s", f"{k}={json.dumps(v)}"]
    return args


def run_once(web: FixtureWeb, tmp: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(schedule_args(web, tmp, "--once"), capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def runs(tmp: Path) -> list[dict]:
    return [json.loads(line) for line in (tmp / "data" / RUNS_LOG).read_text().splitlines()]


def latest(tmp: Path) -> str:
    return (tmp / "data" / "snapshots" / LATEST).read_text().strip()


def sent_since(web: FixtureWeb, before: dict[tuple[str, str], int]) -> list[tuple[str, object]]:
    """(site, Sent) of every response the server sent after the ``before`` counts were taken."""
    out = []
    for site, path in sorted(web.counts()):
        out += [(site, s) for s in web.sent(site, path)[before.get((site, path), 0):]]
    return out


def test_two_cycles_fetch_and_publish_only_the_changes(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    web = fixture_web
    first = run_once(web, tmp_path)
    s1 = latest(tmp_path)
    assert first.stdout.strip().endswith(s1)
    assert runs(tmp_path)[-1]["status"] == "published"
    first_sent = [(site, s) for site, s in sent_since(web, {}) if s.status == 200]
    first_bodies = {(site, s.path): s.entity for site, s in first_sent}
    validated = {s.path for _, s in first_sent if b"\r\nETag: " in s.raw.split(b"\r\n\r\n", 1)[0]}

    web.update_article("nato", CHANGED, C.paragraphs(99, "en"))
    web.add_article("nato", C.Article("fr", ADDED, "Nouvel article", "2024-05-09", C.paragraphs(98, "fr")))
    before = web.counts()
    run_once(web, tmp_path)
    s2 = latest(tmp_path)
    assert s2 != s1 and runs(tmp_path)[-1]["status"] == "published"
    assert runs(tmp_path)[-1]["previous"] == s1

    second = sent_since(web, before)
    articles = {p for site in ("nato", "actu-fr", "wire-en") for p in web.article_paths(site)}
    assert CHANGED in validated and len(validated & articles) >= 10
    seen_first = {path for _, path in first_bodies}
    full = {s.path for _, s in second
            if s.status == 200 and s.path in articles and (s.path in validated or s.path not in seen_first)}
    assert full == {CHANGED, ADDED}  # only the changed and the new article were fetched in full
    for site, s in second:
        if s.path in validated and s.path in articles and s.path not in (CHANGED, S.FLAKY):
            assert s.status == 304 and "if-none-match" in s.request_headers, (site, s.path, s.status)
        elif s.status == 200 and s.path != ADDED and s.path not in validated:
            # a page without validators cannot be checked conditionally: re-fetched, same bytes (a revisit)
            assert first_bodies.get((site, s.path)) == s.entity or s.path not in articles, s.path
    assert runs(tmp_path)[-1]["crawl"]["revisits"] >= 10
    assert sum(1 for _, s in second if s.status == 304) >= 10

    diff = subprocess.run([CORPUS, "diff", str(tmp_path / "data/snapshots" / s1),
                           str(tmp_path / "data/snapshots" / s2), "--json"],
                          capture_output=True, text=True, timeout=60)
    assert diff.returncode == 0, diff.stderr
    changes = {(c["op"], c["url"].split(str(web.port), 1)[1]) for c in json.loads(diff.stdout)["changes"]}
    assert changes == {("~", CHANGED), ("+", ADDED)}

    third = run_once(web, tmp_path)  # nothing changed on the web: no new snapshot
    last = runs(tmp_path)[-1]
    assert last["status"] == "unchanged" and latest(tmp_path) == s2 and last["changes"]["added"] == 0
    assert third.stdout.strip().endswith(s2)
    assert sorted(p.name for p in (tmp_path / "data/snapshots").iterdir() if not p.name.startswith(".")) == \
        sorted([s1, s2, LATEST])
    assert not (tmp_path / "data/.staging").exists()


def test_sigterm_mid_crawl_stops_cleanly_then_resumes(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    web = fixture_web
    web.default_delay = 0.15
    proc = subprocess.Popen(schedule_args(web, tmp_path, "--every", "1h"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while sum(web.counts().values()) < 8:
        assert proc.poll() is None and time.monotonic() < deadline, "crawl did not start"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-3000:]
    assert "stopped by SIGTERM" in err
    warc = tmp_path / "data" / "warc"
    assert list(warc.glob("*.warc.gz")) and not list(warc.glob("*.open"))  # WARC closed after whole records
    run = runs(tmp_path)[-1]
    assert run["status"] == "interrupted" and run["crawl"]["finish_reason"] == "shutdown"
    assert not (tmp_path / "data/snapshots" / LATEST).exists()  # no build from a partial crawl

    web.default_delay = 0.0
    fetched = web.counts()
    run_once(web, tmp_path)
    resumed = runs(tmp_path)[-1]
    assert resumed["status"] == "published" and resumed["crawl"]["resumed"] is True
    refetched = [k for k, n in web.counts().items() if n > fetched.get(k, 0) and fetched.get(k, 0) > 0
                 and k[1] != S.FLAKY]
    assert len(refetched) <= 8, refetched  # what was archived before SIGTERM is not fetched again


def test_second_instance_exits_with_a_clear_message(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    from corpus.scheduling.lock import RunLock

    with RunLock(tmp_path / "data"):
        proc = subprocess.run(schedule_args(fixture_web, tmp_path, "--once"), capture_output=True, text=True,
                              timeout=60)
    assert proc.returncode == 1
    assert "another `corpus schedule` is already running" in proc.stderr
    assert sum(fixture_web.counts().values()) == 0  # it did not crawl

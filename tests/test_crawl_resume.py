"""A crawl killed with SIGKILL mid-way, then run again, leaves readable WARCs with every article exactly
once and does not fetch again what was already archived."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.warc.reader import iter_records
from tests.fixtureweb import FixtureWeb
from tests.fixtureweb import sites as S
from tests.fixtureweb.warcs import read_warcs, warcio_ok

pytestmark = pytest.mark.slow
CORPUS = str(Path(sys.executable).parent / "corpus")
# small WARC_MAX_SIZE: files rotate during the crawl, so the kill lands after some files were closed
MAX_SIZE = 15_000
# the kill lands while the open file has at least this much room left: a file is closed (and the next
# one created) when the group after the one that filled it comes, so with room for a few more groups the
# kill does not land between a close and the next file's creation (no .open file left behind) unless
# this test is stalled for several responses
ROOM = 6_000


def crawl_args(web: FixtureWeb, tmp: Path) -> list[str]:
    settings = {**web.crawl_settings(), "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "WARC_MAX_SIZE": MAX_SIZE}
    args = [
        CORPUS,
        "crawl",
        "--sources",
        str(web.write_sources(tmp / "sources.toml")),
        "--warc-dir",
        str(tmp / "w"),
    ]
    for k, v in settings.items():
        args += ["-s", f"{k}={json.dumps(v)}"]
    return args


def wait_mid_file(warc_dir: Path, proc: subprocess.Popen, timeout: float = 60) -> Path:
    """Wait until some WARC files were closed (rotation) and the open one holds a few whole records, with
    ``ROOM`` bytes left before it reaches ``MAX_SIZE``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "crawl finished before it could be killed"
        if list(warc_dir.glob("*.warc.gz")):
            for f in warc_dir.glob("*.warc.gz.open"):
                if f.stat().st_size <= MAX_SIZE - ROOM and sum(1 for _ in iter_records(f)) >= 4:
                    return f
        time.sleep(0.01)
    raise AssertionError("no rotation / records appeared")


def test_sigkill_mid_crawl_then_rerun(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    web = fixture_web
    web.default_delay = 0.08
    args = crawl_args(web, tmp_path)
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_mid_file(tmp_path / "w", proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    closed_before_kill = list((tmp_path / "w").glob("*.warc.gz"))
    [open_file] = list((tmp_path / "w").glob("*.warc.gz.open"))  # left behind by the kill
    archived = {
        r.url
        for f in [*closed_before_kill, open_file]
        for _, _, r in iter_records(f)
        if r.type == "response" and r.http_status()[0] < 500
    }
    assert len(archived) >= 8
    time.sleep(0.5)  # let the server finish recording the requests that were in flight at the kill
    before = web.counts()

    rerun = subprocess.run([*args, "--json"], capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    summary = json.loads(rerun.stdout.strip().splitlines()[-1])
    assert summary["resumed"] and summary["recovered_files"] == 1 and summary["finish_reason"] == "finished"

    files = sorted((tmp_path / "w").glob("*.warc.gz"))
    assert closed_before_kill and len(files) >= len(closed_before_kill) + 2
    assert not list((tmp_path / "w").glob("*.open"))
    for f in files:
        warcio_ok(f)
    recs = read_warcs(files)
    ok = [
        (r.url.split("/")[2].split(":")[0], r.path) for r in recs if r.type == "response" and r.status == 200
    ]
    for site in ("nato", "actu-fr", "wire-en"):
        for path in web.article_paths(site):
            assert ok.count((web.sites[site].host, path)) == 1, path  # none missing, none doubled
    after = web.counts()
    for url in archived:  # archived before the kill: not requested again by the rerun
        key = next((s.name, url.split(str(web.port), 1)[1]) for s in web.sites.values() if s.host in url)
        assert after[key] == before[key], url
    archived_keys = {
        (s.name, u.split(str(web.port), 1)[1]) for u in archived for s in web.sites.values() if s.host in u
    }
    refetched = {k for k, n in after.items() if n > 1 and k[1] != S.FLAKY}
    # only requests that were answered but not yet archived when the process died are made again
    assert all(k in before and k not in archived_keys for k in refetched), refetched
    assert len(refetched) <= len(before) - len(archived_keys)

"""Fault suite, process: SIGKILL of the crawler at five seeded random points followed by a rerun, and a
full disk while a WARC is being written (``OSError(ENOSPC)`` injected into the writer's file object, in
the writer alone and inside a real crawl).

After each: every WARC passes ``warcio check`` and ``warcio index``, the state points only at records
that exist, and every article is archived exactly once (none missing, none doubled).

Also covered elsewhere: one SIGKILL and rerun
(tests/test_crawl_resume.py::test_sigkill_mid_crawl_then_rerun), recovery of a cut ``.open`` file
(tests/test_warc_writer.py::test_crash_cut_file_recovers_to_last_whole_record).

Run as a script, this module is the crawl entry point with ENOSPC injection (used by the test below):
``python tests/test_faults_process.py BUDGET -- <python -m crawler.run arguments>``.
"""

from __future__ import annotations

import dataclasses
import errno
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = 20241122
KILLS = 5


class DiskFull(io.FileIO):
    """A WARC file on a disk with ``budget`` bytes left (shared by every file of the process): the write
    that crosses it stores what fits, then fails with ENOSPC, like write(2) on a full file system."""

    budget = 0

    def write(self, data) -> int:  # type: ignore[override]
        view = memoryview(data)
        if len(view) <= DiskFull.budget:
            DiskFull.budget -= len(view)
            return super().write(view)
        if DiskFull.budget > 0:
            n = super().write(view[: DiskFull.budget])
            DiskFull.budget -= n
            return n
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _disk_full_open(path, mode="r", buffering=-1, **kw):  # noqa: ANN001 - mirrors open()
    assert "b" in mode and buffering == 0, "the WARC writer opens its files unbuffered"
    return DiskFull(path, mode.replace("b", ""))


def _main(argv: list[str]) -> int:  # pragma: no cover - runs in the child process
    import crawler.settings as project_settings
    import crawler.warc.writer as writer_module
    from crawler.run import main

    DiskFull.budget = int(argv[0])
    writer_module.open = _disk_full_open  # the writer's module-level name lookup finds this first
    if argv[1:2] == ["--writer"]:  # the WARC writer process (WARC_WRITER_PROCESS), with the same disk
        from crawler.writer_process import main as writer_main

        return writer_main()
    # (read by build_settings) the writer process runs this script too, so its writes hit the full disk
    script = str(Path(__file__).resolve())
    project_settings.WARC_WRITER_PROCESS_COMMAND = [sys.executable, script, argv[0], "--writer"]
    args = argv[argv.index("--") + 1:]
    if args[0] == "corpus":  # the CLI: ``corpus crawl ...``
        from corpus.cli import main as corpus_main

        return corpus_main.main(args[1:], prog_name="corpus", standalone_mode=True)
    return main(args)


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(REPO))
    sys.exit(_main(sys.argv[1:]))


# -- helpers ---------------------------------------------------------------------------------------
from crawler.runner import CrawlConfig, subprocess_args  # noqa: E402
from crawler.warc.reader import iter_records, read_record_at  # noqa: E402
from crawler.warc.records import HttpExchange, RecordFactory, exchange_records  # noqa: E402
from crawler.warc.writer import WarcWriteError, WarcWriter, WriterOptions  # noqa: E402
from tests.fixtureweb import FixtureWeb  # noqa: E402
from tests.fixtureweb.warcs import read_warcs, warcio_ok  # noqa: E402


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def _config(web: FixtureWeb, tmp: Path) -> CrawlConfig:
    settings = {**web.crawl_settings(), "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "LOG_LEVEL": "ERROR"}
    return CrawlConfig(web.write_sources(tmp / "sources.toml"), tmp / "w", settings=settings)


def _wait_new_records(warc_dir: Path, old: set[str], n: int, proc: subprocess.Popen) -> None:
    """Until a WARC file this process opened holds ``n`` whole records."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the crawl ended before the kill point"
        for f in warc_dir.glob("*.warc.gz.open"):
            if f.name not in old and sum(1 for _ in iter_records(f)) >= n:
                return
        time.sleep(0.01)
    raise AssertionError(f"no {n} records appeared")


def _finish(cfg: CrawlConfig, prefix: list[str] | None = None) -> dict:
    args = subprocess_args(cfg)
    if prefix:
        args = [args[0], *prefix, "--", *args[3:]]
    proc = subprocess.run(args, capture_output=True, text=True, env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _check_archive(web: FixtureWeb, warc_dir: Path, state: Path) -> Counter[str]:
    """warcio accepts every file; every article has exactly one 200 capture; the state points at real
    records of the right URL. Returns the 200-capture count per URL path."""
    assert not list(warc_dir.glob("*.open"))
    files = sorted(warc_dir.glob("*.warc.gz"))
    for f in files:
        warcio_ok(f)
    recs = read_warcs(files)
    ok = Counter(r.url.split(str(web.port), 1)[1] for r in recs if r.type == "response" and r.status == 200)
    for site in ("nato", "actu-fr", "wire-en"):
        for path in web.article_paths(site):
            assert ok[path] == 1, (path, ok[path])
    db = sqlite3.connect(state)
    rows = db.execute("SELECT url, ref_file, ref_offset, ref_record_id, ref_uri FROM urls "
                      "WHERE ref_file IS NOT NULL").fetchall()
    assert rows
    for url, ref_file, ref_offset, ref_id, ref_uri in rows:
        rec = read_record_at(warc_dir / ref_file, ref_offset)
        assert (rec.type, rec.record_id, rec.url) == ("response", ref_id, ref_uri), url
    archived = {r.url for r in recs if r.type == "response"}
    assert archived <= {u for (u,) in db.execute("SELECT url FROM urls")}  # every capture is in state
    db.close()
    return ok


# -- SIGKILL at five points ------------------------------------------------------------------------
def _archived_paths(warc_dir: Path) -> set[str]:
    """URLs of the whole response records on disk right now (a cut-off last record is not counted), 5xx
    answers left out: the crawler fetches those again by design (a resumed run replays only < 500)."""
    from warcio.archiveiterator import ArchiveIterator

    paths: set[str] = set()
    for f in sorted(warc_dir.iterdir()):
        if ".warc" not in f.name:
            continue
        with open(f, "rb") as fh:
            try:
                for rec in ArchiveIterator(fh):
                    if rec.rec_type == "response":
                        uri = rec.rec_headers.get_header("WARC-Target-URI")
                        rec.content_stream().read()  # the whole record must be there
                        if int(rec.http_headers.get_statuscode() or 0) < 500:
                            paths.add(uri)
            except Exception:  # noqa: BLE001 - the record the kill cut off ends the readable part
                pass
    return paths


@pytest.mark.slow
def test_sigkill_at_five_random_points_then_rerun(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    web = fixture_web
    cfg = _config(web, tmp_path)
    # The killed runs fetch slowly (two requests at a time, 0.1 s per answer): between the k-th record
    # and the kill only a few more pages get archived, so five kills never reach the end of the crawl
    # (at full speed the fifth run could finish and close its file just before its kill, leaving no
    # .open file to recover).
    web.default_delay = 0.1
    killed_cfg = dataclasses.replace(cfg, settings={**cfg.settings, "CONCURRENT_REQUESTS": 2})
    warc_dir = tmp_path / "w"
    warc_dir.mkdir()
    rng = random.Random(SEED)
    points = [rng.randint(3, 14) for _ in range(KILLS)]  # whole records in the killed run's own file
    killed = 0
    archived_at_kill: list[tuple[set[str], Counter]] = []  # what was on disk, and the server's fetch counts
    for k in points:
        old = {p.name for p in warc_dir.iterdir()}
        proc = subprocess.Popen(subprocess_args(killed_cfg), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=_env())
        _wait_new_records(warc_dir, old, k, proc)
        time.sleep(rng.random() * 0.05)  # anywhere between two writes, or in the middle of one
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        archived_at_kill.append((_archived_paths(warc_dir), Counter(web.counts())))
        killed += 1
    assert killed == KILLS and len(list(warc_dir.glob("*.open"))) >= 1
    web.default_delay = 0.04
    summary = _finish(cfg)
    assert summary["finish_reason"] == "finished" and summary["resumed"]
    assert summary["recovered_files"] >= 1
    ok = _check_archive(web, warc_dir, cfg.resolved_state_path)
    db = sqlite3.connect(cfg.resolved_state_path)
    runs = db.execute("SELECT id, finished_at FROM runs").fetchall()
    db.close()
    assert len(runs) == 1 and runs[0][1] is not None  # one job, resumed by every restart, finished once
    assert sum(ok.values()) >= 18
    # nothing already archived is fetched again: a page fetched but not yet archived when a kill came is
    # fetched once more by the next run, but a page whose response record was whole on disk never is
    final = web.counts()
    refetched = [(site, path) for archived, counts in archived_at_kill for (site, path), n in final.items()
                 if web.url(site, path) in archived and path != "/robots.txt" and n > counts[(site, path)]]
    assert not refetched, refetched
    checked = sum(1 for archived, _ in archived_at_kill for key in final if web.url(*key) in archived)
    assert checked >= KILLS * 3  # the check above really compared pages archived before each kill


# -- disk full ---------------------------------------------------------------------------------------
def _exchange(i: int) -> HttpExchange:
    body = (f"<html><body><p>page {i} " + "word " * 400 + "</p></body></html>").encode()
    return HttpExchange(f"http://disk.test/{i}", b"GET /%d HTTP/1.1\r\nHost: disk.test\r\n\r\n" % i, b"",
                        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", body, "127.0.0.1",
                        status=200, mime="text/html")


def test_disk_full_in_the_writer_leaves_a_valid_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import crawler.warc.writer as writer_module

    monkeypatch.setattr(writer_module, "open", _disk_full_open, raising=False)
    DiskFull.budget = 10**9
    factory = RecordFactory()
    w = WarcWriter(WriterOptions(tmp_path, "t", hostname="h", factory=factory))
    for i in range(3):
        w.write_group(lambda wid, i=i: exchange_records(_exchange(i), factory, wid))
    path = w.current_path
    assert path is not None
    size_before = path.stat().st_size
    DiskFull.budget = 300  # the next group (two gzip members) does not fit
    with pytest.raises(WarcWriteError, match="No space left on device") as e:
        w.write_group(lambda wid: exchange_records(_exchange(3), factory, wid))
    assert str(path) in str(e.value) and e.value.errno == errno.ENOSPC
    assert path.stat().st_size == size_before  # the partial member was cut off
    assert [r.url for _, _, r in iter_records(path) if r.type == "response"] == [
        f"http://disk.test/{i}" for i in range(3)]
    with pytest.raises(WarcWriteError):  # still full: still a clear error, still nothing partial
        w.write_group(lambda wid: exchange_records(_exchange(4), factory, wid))
    assert path.stat().st_size == size_before
    DiskFull.budget = 10**9  # space freed: writing goes on after the last whole record
    w.write_group(lambda wid: exchange_records(_exchange(5), factory, wid))
    final = w.close()
    assert final is not None
    warcio_ok(final)
    urls = [r.url for r in read_warcs([final]) if r.type == "response"]
    assert urls == [f"http://disk.test/{i}" for i in (0, 1, 2, 5)]
    cdxj = final.with_name(final.name.replace(".warc.gz", ".cdxj")).read_text().splitlines()
    assert len(cdxj) == 4 and not any("disk.test/3" in ln or "disk.test/4" in ln for ln in cdxj)


@pytest.mark.slow
def test_disk_full_during_a_crawl_stops_cleanly_and_a_rerun_completes(fixture_web: FixtureWeb,
                                                                       tmp_path: Path) -> None:
    web = fixture_web
    cfg = _config(web, tmp_path)
    cli = [sys.executable, str(Path(__file__).resolve()), "60000", "--", "corpus", "crawl", "--json",
           "--sources", str(cfg.sources_path), "--warc-dir", str(cfg.warc_dir)]
    cli += [a for k, v in cfg.settings.items() for a in ("-s", f"{k}={json.dumps(v)}")]
    proc = subprocess.run(cli, capture_output=True, text=True, env=_env(), timeout=120)
    assert proc.returncode == 1 and "writing a WARC file failed" in proc.stderr, proc.stderr[-2000:]
    first = json.loads(proc.stdout.strip().splitlines()[-1])  # the summary is still printed
    assert first["finish_reason"] == "warc_write_failed"
    assert first["errors"]["warc_write_failed"] >= 1
    warc_dir = tmp_path / "w"
    files = sorted(warc_dir.glob("*.warc.gz"))
    assert files and not list(warc_dir.glob("*.open"))
    for f in files:
        warcio_ok(f)  # no partial record left as valid
    archived = {r.url for r in read_warcs(files) if r.type in ("response", "revisit")}
    db = sqlite3.connect(cfg.resolved_state_path)
    in_state = {u for (u,) in db.execute("SELECT url FROM urls")}
    unfinished = db.execute("SELECT COUNT(*) FROM runs WHERE finished_at IS NULL").fetchone()[0]
    db.close()
    assert in_state == archived and unfinished == 1  # state = what is on disk; the run is resumable
    second = _finish(cfg)
    assert second["finish_reason"] == "finished" and second["resumed"]
    _check_archive(web, warc_dir, cfg.resolved_state_path)

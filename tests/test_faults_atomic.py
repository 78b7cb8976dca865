"""Fault suite, crash-safe writes: ``corpus/atomic.py`` and the places that write state, manifests, shards,
indexes and reports. A kill at any point leaves the old file or the whole new one, never a partial file;
the file and its directory are fsynced before the write counts as done.

Audit (what writes what, and how): WARC files -> ``.open`` + fsync + rename + directory fsync
(crawler/warc/writer.py, recovery.py); CDXJ -> atomic_write_text (crawler/warc/cdxj.py); crawl state ->
SQLite transactions (crawler/state.py, WAL); snapshot shards + manifest + card -> ``.tmp-*`` directory,
fsync of every file and directory, one rename (corpus/snapshot.py ``publish``); ``LATEST`` -> temp + fsync
+ rename + directory fsync (corpus/scheduling/cycle.py); report and ``export``/``extract --out`` ->
temp + fsync + rename (corpus/report, corpus/export.py, corpus/commands).
"""

from __future__ import annotations

import os
import signal
import stat
import time
from multiprocessing import get_context
from pathlib import Path

import pytest

from corpus.atomic import atomic_open, atomic_write_bytes, atomic_write_text, fsync_dir, replace_durably
from corpus.build import build_snapshot
from corpus.config import BuildConfig
from corpus.verify import verify_snapshot
from crawler.warc.cdxj import write_cdxj
from tests.warcgen import Page, words, write_warc


@pytest.fixture
def fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every os.fsync call as (path or '?', is_directory)."""
    calls: list[tuple[str, bool]] = []
    real = os.fsync

    def spy(fd: int) -> None:
        st = os.fstat(fd)
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            name = "?"
        calls.append((name, stat.S_ISDIR(st.st_mode)))
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    return calls


def test_atomic_write_replaces_and_fsyncs_file_and_directory(tmp_path: Path, fsyncs) -> None:
    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")
    atomic_write_text(target, "new\u00e9\n")
    assert target.read_text(encoding="utf-8") == "new\u00e9\n"
    files = [n for n, is_dir in fsyncs if not is_dir]
    assert files and all(Path(n).name.startswith(".state.json.") for n in files)  # the temp file, before
    assert fsyncs[-1] == (str(tmp_path), True)  # ... the rename, then the directory
    atomic_write_bytes(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temp file left


def test_failure_inside_the_block_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target, "w", encoding="utf-8") as f:
        f.write("half of the new")
        raise RuntimeError("crash while writing")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_bad_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError), atomic_open(tmp_path / "x", "a"):
        pass


def _write_slowly_then_die(target: str) -> None:  # runs in a child process
    with atomic_open(target, "wb") as f:
        f.write(b"N" * 100_000)
        f.flush()
        os.kill(os.getpid(), signal.SIGKILL)


def test_sigkill_in_the_middle_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "LATEST"
    target.write_bytes(b"old-id\n")
    p = get_context("fork").Process(target=_write_slowly_then_die, args=(str(target),))
    p.start()
    p.join(30)
    assert p.exitcode == -signal.SIGKILL
    assert target.read_bytes() == b"old-id\n"
    leftovers = [q.name for q in tmp_path.iterdir() if q.name != "LATEST"]
    assert all(n.startswith(".LATEST.") and n.endswith(".tmp") for n in leftovers)  # hidden, never read


def test_cdxj_index_is_written_atomically(tmp_path: Path, fsyncs) -> None:
    warc = tmp_path / "c-1.warc.gz"
    out = write_cdxj(warc, ["b 2 {}", "a 1 {}"])
    assert out.read_text() == "a 1 {}\nb 2 {}\n"
    assert [Path(n).name.startswith(".c-1.cdxj.") for n, d in fsyncs] == [True, False]
    assert fsyncs[-1] == (str(tmp_path), True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c-1.cdxj"]


def test_replace_durably_fsyncs_both_directories(tmp_path: Path, fsyncs) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "f").write_text("x")
    replace_durably(tmp_path / "a" / "f", tmp_path / "b" / "f")
    assert (str(tmp_path / "b"), True) in fsyncs and (str(tmp_path / "a"), True) in fsyncs
    fsync_dir(tmp_path)
    assert (str(tmp_path), True) in fsyncs


def _build(inputs: str, out: str) -> None:  # runs in a child process
    build_snapshot([Path(inputs)], Path(out), BuildConfig())


def _kill_during_build(ctx, src: Path, out: Path, delay: float) -> None:  # noqa: ANN001 - a mp context
    """SIGKILL a forked build of ``src`` into ``out`` after ``delay`` seconds. A build that finished first
    (its timing varies with the machine's load) is run again with half the delay, so the kill always
    lands inside a build."""
    for _ in range(5):
        p = ctx.Process(target=_build, args=(str(src), str(out)))
        p.start()
        time.sleep(delay)
        os.kill(p.pid, signal.SIGKILL)
        p.join(30)
        if p.exitcode == -signal.SIGKILL:
            return
        assert p.exitcode == 0, p.exitcode
        delay /= 2
    raise AssertionError("every build finished before its kill")


@pytest.mark.slow
def test_build_killed_at_random_points_never_leaves_a_partial_snapshot(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    pages = [Page(f"https://k.test/news/{i}", f"Story {i}", [words(3000 + 5 * i + k, 70) for k in range(3)],
                  f"2024-01-{i % 28 + 1:02d}") for i in range(120)]
    for k in range(3):
        write_warc(src / f"k-{k}.warc.gz", pages[k::3])
    out = tmp_path / "out"
    out.mkdir()
    ctx = get_context("fork")
    # a whole build first, in this process: it imports and warms everything the forked builds inherit, and
    # its duration places the kills inside a build on a fast or a loaded machine alike
    start = time.monotonic()
    build_snapshot([src], tmp_path / "warm", BuildConfig())
    took = time.monotonic() - start
    for fraction in (0.1, 0.35, 0.6):  # during extraction, later phases, closer to publishing
        _kill_during_build(ctx, src, out, took * fraction)
        published = [d for d in out.iterdir() if not d.name.startswith(".")]
        for d in published:  # a published snapshot is always whole
            assert verify_snapshot(d).ok, verify_snapshot(d).problems
    result = build_snapshot([src], out, BuildConfig())
    assert verify_snapshot(result.path).ok and result.counts["documents_out"] == 120
    assert [d.name for d in out.iterdir() if not d.name.startswith(".")] == [result.path.name]
    assert [d.name for d in out.iterdir() if d.name.startswith(".")] == []  # killed builds' scratch swept

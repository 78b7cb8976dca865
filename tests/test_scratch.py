"""Scratch directories of a build: removed when the build ends, swept when a killed build left them,
never taken from a build that is still running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from corpus.scratch import scratch_dir, sweep_stale


def test_scratch_dir_is_removed_with_its_lock(tmp_path: Path) -> None:
    with scratch_dir(tmp_path, ".tmp-") as d:
        (d / "spill").write_text("x")
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names == [d.name, d.name + ".lock"]
    assert list(tmp_path.iterdir()) == []


def test_scratch_dir_renamed_away_is_kept(tmp_path: Path) -> None:
    with scratch_dir(tmp_path, ".tmp-") as d:
        (d / "f").write_text("kept")
        d.rename(tmp_path / "published")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["published"]
    assert (tmp_path / "published" / "f").read_text() == "kept"


def test_sweep_leaves_a_live_directory_alone(tmp_path: Path) -> None:
    with scratch_dir(tmp_path, ".tmp-") as d:
        assert sweep_stale(tmp_path, ".tmp-") == []
        assert d.is_dir()


def test_sweep_leaves_directories_without_a_lock_alone(tmp_path: Path) -> None:
    (tmp_path / ".tmp-old").mkdir()
    (tmp_path / ".tmp-old.lockless").write_text("")
    assert sweep_stale(tmp_path, ".tmp-") == []
    assert (tmp_path / ".tmp-old").is_dir()


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from corpus.scratch import scratch_dir
    with scratch_dir(Path(sys.argv[1]), ".tmp-") as d:
        (d / "spill").write_bytes(b"x" * 1000)
        print(d, flush=True)
        time.sleep(60)
""")


def _holder(parent: Path) -> tuple[subprocess.Popen, Path]:
    p = subprocess.Popen([sys.executable, "-c", HOLDER, str(parent)], stdout=subprocess.PIPE, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    line = p.stdout.readline().strip()
    assert line, "the holder did not start"
    return p, Path(line)


def test_sweep_removes_what_a_killed_process_left_and_only_that(tmp_path: Path) -> None:
    live, live_dir = _holder(tmp_path)
    dead, dead_dir = _holder(tmp_path)
    try:
        os.kill(dead.pid, signal.SIGKILL)
        dead.wait(10)
        assert dead_dir.is_dir()  # a SIGKILL leaves it behind
        assert sweep_stale(tmp_path, ".tmp-") == [dead_dir]
        assert not dead_dir.exists() and not Path(f"{dead_dir}.lock").exists()
        assert (live_dir / "spill").is_file()  # the running one keeps its files
        assert sweep_stale(tmp_path, ".tmp-") == []
    finally:
        live.kill()
        live.wait(10)
    assert sweep_stale(tmp_path, ".tmp-") == [live_dir]
    assert list(tmp_path.iterdir()) == []


def test_overlapping_prefixes_are_both_protected(tmp_path: Path) -> None:
    with scratch_dir(tmp_path, ".tmp-") as a, scratch_dir(tmp_path, ".tmp-work-") as b:
        assert a != b and a.is_dir() and b.is_dir()
        assert sweep_stale(tmp_path, ".tmp-") == []  # ".tmp-" also matches ".tmp-work-*": both live
    assert list(tmp_path.iterdir()) == []

"""Scratch directories that a later build can clean up after a crash.

A build works in ``.tmp-*`` directories (spilled runs, the snapshot before it is published). A build
killed with SIGKILL cannot remove them, so each one is paired with a lock file beside it
(``.tmp-XXXX`` + ``.tmp-XXXX.lock``) that the owning process holds with ``flock`` for its whole life.
The kernel drops the lock when the owner dies, however it dies, so :func:`sweep_stale` can tell a
directory left by a dead build (lock free: removed) from one a running build is using (lock held:
left alone), with no pid files and no clock. POSIX only (``fcntl``). Directories without a lock file
(e.g. left by an older version) are never touched.

Example::

    removed = sweep_stale(out_root, ".tmp-")
    with scratch_dir(out_root, ".tmp-") as tmp:
        ...  # write into tmp; rename it away to keep it
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_SUFFIX = ".lock"


@contextmanager
def scratch_dir(parent: Path, prefix: str) -> Iterator[Path]:
    """Create ``parent/<prefix>XXXX`` held by a lock on ``parent/<prefix>XXXX.lock``; on exit remove
    the directory (if it is still there: the caller may have renamed it away) and the lock file."""
    fd, lock = _locked_file(parent, prefix)
    try:
        path = lock.with_name(lock.name[: -len(LOCK_SUFFIX)])
        path.mkdir()
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)


def _locked_file(parent: Path, prefix: str) -> tuple[int, Path]:
    """A new lock file, locked. A sweep may lock (and unlink) it between its creation and our lock:
    then we wait for the sweep, see the name gone or reused, and start over with a new name."""
    while True:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=LOCK_SUFFIX, dir=parent)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            if os.stat(name).st_ino == os.fstat(fd).st_ino:
                return fd, Path(name)
        except FileNotFoundError:
            pass
        os.close(fd)


def sweep_stale(parent: Path, prefix: str) -> list[Path]:
    """Remove the ``prefix*`` scratch directories of ``parent`` whose owner is gone (their lock file is
    free); return them, sorted. Directories of live builds (lock held) are left alone."""
    removed = []
    try:
        locks = sorted(parent.glob(f"{prefix}*{LOCK_SUFFIX}"))
    except OSError:
        return []
    for lock in locks:
        try:
            fd = os.open(lock, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:  # its owner just finished
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a running build
            os.close(fd)
            continue
        try:
            path = lock.with_name(lock.name[: -len(LOCK_SUFFIX)])
            shutil.rmtree(path, ignore_errors=True)
            lock.unlink(missing_ok=True)
            removed.append(path)
        finally:
            os.close(fd)
    return removed

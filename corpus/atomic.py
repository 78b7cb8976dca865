"""Crash-safe file writes: write a temp file beside the target, fsync it, rename it over the target,
fsync the directory. A reader (or a process restarted after SIGKILL or power loss) sees either the old
file or the whole new one, never a half-written file. Pure standard library (no Scrapy).

- :func:`atomic_write_bytes` / :func:`atomic_write_text`  the whole content at once
- :func:`atomic_open`   a context manager for streamed writes (the file appears only if the block ends
                        without an exception; otherwise the temp file is removed)
- :func:`fsync_dir`     make a rename/creation inside a directory durable
- :func:`replace_durably`  ``os.replace`` + fsync of the destination directory
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def fsync_dir(directory: str | Path) -> None:
    """fsync a directory so the names created/renamed in it survive a power loss."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(src: str | Path, dst: str | Path) -> None:
    """``os.replace(src, dst)`` then fsync of ``dst``'s directory (and ``src``'s, if different)."""
    src, dst = Path(src), Path(dst)
    os.replace(src, dst)
    fsync_dir(dst.parent)
    if src.parent.resolve() != dst.parent.resolve():
        fsync_dir(src.parent)


@contextmanager
def atomic_open(path: str | Path, mode: str = "wb", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temp file next to ``path`` for writing; on a clean exit flush, fsync and rename it to
    ``path`` (then fsync the directory). On an exception the temp file is deleted, ``path`` untouched."""
    if mode not in ("w", "wb", "wt"):
        raise ValueError(f"atomic_open: mode must be 'w', 'wt' or 'wb', not {mode!r}")
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # O_EXCL: never follow or reuse an existing name; 0o666 & ~umask like a plain open()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_open(path, "wb") as f:
        f.write(data)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` (newlines written as given, no platform translation)."""
    with atomic_open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)

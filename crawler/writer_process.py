"""The WARC writer process (``WARC_WRITER_PROCESS``): ``python -m crawler.writer_process``.

The crawler's reactor sends each exchange, as it was taken off the Scrapy objects, over the child's stdin;
this process runs ``Archiver.store`` on them one at a time in arrival order (revisit decision, record ids and
dates, records, gzip, SHA-1 digests, WARC file, CDXJ index, SQLite state row: the very code and state the
crawler runs when writing inline, so the bytes are the same) and answers each on stdout, in the same order,
with what was stored (or the error). It imports neither Scrapy nor Twisted.

Frames, both ways: a 4-byte little-endian length, then a pickle. The first frame to the child is its
``WriterConfig``; then ``("store", exchange fields...)`` frames and one ``("close",)``. Answers:
``(OK, row, written, body_len, profile, commits)`` (``commits``: how many times the state was committed so
far, so the reactor knows which rows its own connection can read), ``(FAILED, exception)``, and after the
close ``(CLOSED, closed file paths, CPU seconds of this process)``. Each answer is written as soon as its
exchange is stored (the reactor holds the response until then; a busy reactor reads the answers that
piled up meanwhile in one go).

Crash safety is the inline writer's: rows are committed only after their records are flushed, and the
child asks the kernel to SIGKILL it when the crawler dies (``PR_SET_PDEATHSIG``), so a killed crawl leaves
what a killed inline crawl leaves (an ``.open`` file that the next run's recovery closes and re-indexes).
An end of input without a close message (the crawler went away) likewise stops it without closing.
"""

from __future__ import annotations

import importlib
import os
import pickle
import resource
import signal
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from crawler.archiving import Archiver, Capture, Stored
from crawler.state import CrawlState
from crawler.warc.records import HttpExchange, RecordFactory
from crawler.warc.writer import WarcWriter, WriterOptions

OK, FAILED, CLOSED = 0, 1, 2
_LEN = struct.Struct("<I")


@dataclass(frozen=True)
class WriterConfig:
    """What the child needs to write as the inline archiver would (sent as its first frame)."""

    writer: WriterOptions  # with the default factory: the child builds its own from ``factory_path``
    state_path: Path
    run_id: int
    factory_path: str = ""  # WARC_RECORD_FACTORY
    commit_every: int = 200


def frame(obj: Any) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _LEN.pack(len(data)) + data


def split_frames(buf: bytearray) -> Iterator[Any]:
    """Yield the objects of the complete frames at the start of ``buf`` and remove them from it."""
    pos, end = 0, len(buf)
    view = memoryview(buf)
    try:
        while end - pos >= 4:
            (n,) = _LEN.unpack_from(buf, pos)
            if end - pos - 4 < n:
                break
            yield pickle.loads(view[pos + 4 : pos + 4 + n])
            pos += 4 + n
    finally:
        view.release()
        del buf[:pos]


def exchange_message(cap: Capture) -> tuple[Any, ...]:
    """A ``Capture`` as a flat tuple (cheaper to pickle than the dataclass and NamedTuples; no pin: its
    proof holds in the reactor's process only)."""
    ex = cap.exchange
    return (
        "store",
        ex.url,
        ex.request_head,
        ex.request_body,
        ex.response_head,
        ex.response_body,
        ex.ip_address,
        ex.truncated,
        ex.extra,
        ex.status,
        ex.mime,
        cap.status,
        cap.validators,
        cap.lastmod,
    )


def capture_from(msg: tuple[Any, ...]) -> Capture:
    ex = HttpExchange(*msg[1:11])
    return Capture(ex, msg[11], msg[12], msg[13], None)


def stored_message(stored: Stored, commits: int) -> tuple[Any, ...]:
    written = [tuple(w) for w in stored.written]
    return (OK, tuple(stored.row), written, stored.body_len, stored.profile, commits)


def _load_factory(path: str) -> RecordFactory:
    """``WARC_RECORD_FACTORY`` (``module.attribute``, as Scrapy's ``load_object`` reads it) called."""
    if not path:
        return RecordFactory()
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)()


class _NoStats:
    """``Archiver.store`` counts nothing itself (the reactor counts each answer)."""

    def inc_value(self, key: str, n: int = 1) -> None:  # pragma: no cover - never called by store
        pass


def _die_with_parent() -> None:
    """SIGKILL this process when the crawler dies (Linux ``prctl(PR_SET_PDEATHSIG)``; elsewhere the end
    of input stops it)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def _failure(e: BaseException) -> tuple[int, BaseException]:
    try:
        pickle.dumps(e)
    except Exception:  # noqa: BLE001 - an exception that cannot cross processes: its text does
        return FAILED, RuntimeError(f"{type(e).__name__}: {e}")
    return FAILED, e


class WriterLoop:
    def __init__(self, config: WriterConfig):
        factory = _load_factory(config.factory_path)
        o = config.writer
        self.state = CrawlState(config.state_path, commit_every=config.commit_every)
        self.writer = WarcWriter(replace(o, factory=factory), before_close=self.state.commit)
        self.archiver = Archiver(self.writer, self.state, config.run_id, factory, _NoStats())

    def handle(self, msg: tuple[Any, ...]) -> tuple[Any, ...]:
        if msg[0] == "store":
            try:
                stored = self.archiver.store(capture_from(msg))
            except Exception as e:  # noqa: BLE001 - handed back to the exchange's Deferred, never lost
                return _failure(e)
            return stored_message(stored, self.state.commits)
        if msg[0] == "close":
            self.writer.close()
            self.state.close()
            r = resource.getrusage(resource.RUSAGE_SELF)
            return CLOSED, [str(p) for p in self.writer.closed_files], r.ru_utime + r.ru_stime
        raise ValueError(f"unknown writer message {msg[0]!r}")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def serve(fd_in: int = 0, fd_out: int = 1) -> int:
    buf = bytearray()
    loop: WriterLoop | None = None
    while chunk := os.read(fd_in, 1 << 20):
        buf += chunk
        for msg in split_frames(buf):
            if loop is None:
                loop = WriterLoop(msg)
                continue
            answer = loop.handle(msg)
            _write_all(fd_out, frame(answer))  # at once: the reactor holds the response until then
            if answer[0] == CLOSED:
                return 0
    return 0  # end of input without a close: the crawler is gone; leave the .open file to recovery


def main() -> int:
    _die_with_parent()
    fd_in, fd_out = os.dup(0), os.dup(1)
    os.dup2(2, 1)  # a stray print must not corrupt the answers
    return serve(fd_in, fd_out)


if __name__ == "__main__":
    sys.exit(main())

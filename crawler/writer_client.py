"""Reactor side of the WARC writer process (``WARC_WRITER_PROCESS``, see ``crawler.writer_process``).

``submit`` sends an exchange to the child and returns a ``Deferred`` that fires, on the reactor thread and
in submission order, with the ``Stored`` outcome (or fails with the child's exception). The archive
middleware holds each response until then, exactly as when writing inline: at most
``CONCURRENT_REQUESTS`` exchanges are in flight, and a response reaches the spider only once its records
are on disk and its state row saved.

The child owns the state's writes; the reactor still reads URL rows when requests go out (conditional
headers, replay on resume) through its own SQLite connection, which sees what the child has committed.
Rows the child saved but has not committed yet are what ``row`` keeps, from the answers: the reactor
reads through them as the inline middleware reads its own uncommitted rows. Each answer says how often
the child has committed, and rows saved before its latest commit are dropped (the connection reads them).
If the child dies, every exchange still waiting fails with ``WarcWriteError`` (nothing saved for it: the
middleware stops the crawl and a rerun resumes, as after a full disk).
"""

from __future__ import annotations

import errno
import os
import sys
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from twisted.internet.defer import Deferred
from twisted.internet.interfaces import IWriteDescriptor
from twisted.internet.protocol import ProcessProtocol
from twisted.python.failure import Failure
from zope.interface import implementer

from crawler.archiving import Capture, Stored
from crawler.state import UrlRow
from crawler.warc.writer import WarcWriteError, Written
from crawler.writer_process import CLOSED, OK, WriterConfig, exchange_message, frame, split_frames

_CHECKOUT = str(Path(__file__).resolve().parent.parent)  # where this ``crawler`` package was imported from


@implementer(IWriteDescriptor)
class _Pipe:
    """The write end of the child's stdin. The frames of one reactor turn go in one ``write`` at its end
    (``callLater(0)``): one wake-up of the child for the ~5 responses a busy reactor handles per turn,
    instead of one each (waking a sleeping reader costs the writer ~15 us). What does not fit in the pipe
    waits here, in order, and the reactor writes it when the pipe drains (no epoll registration
    otherwise, unlike a Twisted transport's writes)."""

    def __init__(self, fd: int, reactor: Any) -> None:
        self.fd, self._reactor = fd, reactor
        os.set_blocking(fd, False)
        self._pending = bytearray()
        self.broken = False
        self._flush_due = False
        self.waiting_writable = False

    def write(self, data: bytes) -> None:
        if self.broken:
            return  # the child is gone (its end closed): processEnded fails what waits
        if not self._pending and not self._flush_due:
            self._flush_due = True
            self._reactor.callLater(0, self._flush)
        self._pending += data

    def _flush(self) -> None:
        self._flush_due = False
        if self.broken or self.waiting_writable or not self._pending:
            return
        try:
            n = os.write(self.fd, self._pending)
        except BlockingIOError:
            n = 0
        except OSError:  # EPIPE: the child exited
            self.broken = True
            return
        del self._pending[:n]
        if self._pending:
            self.waiting_writable = True
            self._reactor.addWriter(self)

    def doWrite(self) -> None:  # noqa: N802 - Twisted API
        try:
            n = os.write(self.fd, self._pending)
        except BlockingIOError:
            return
        except OSError:
            self.broken, n = True, len(self._pending)
        del self._pending[:n]
        if not self._pending:
            self.waiting_writable = False
            self._reactor.removeWriter(self)

    def close(self) -> None:
        self.broken = True  # (a flush still scheduled must not write to a reused descriptor number)
        if self.waiting_writable:
            self._reactor.removeWriter(self)
            self.waiting_writable = False
        self._pending.clear()
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def fileno(self) -> int:
        return self.fd

    def connectionLost(self, reason: Failure) -> None:  # noqa: N802 - Twisted API
        self.broken = True

    def logPrefix(self) -> str:  # noqa: N802 - Twisted API
        return "warc-writer-pipe"


class WriterProcess(ProcessProtocol):
    def __init__(self, config: WriterConfig, on_success: Callable[[Stored], Any] | None = None) -> None:
        """``on_success(stored)`` runs for every exchange written, before its Deferred fires, even if that
        Deferred was cancelled meanwhile (the work was done: e.g. count it)."""
        self.config = config
        self._on_success = on_success
        self._waiting: deque[Deferred] = deque()
        self._buf = bytearray()
        self._rows: dict[str, tuple[UrlRow, int]] = {}  # URL -> (row, child's commits when it was saved)
        self.commits = 0  # how many times the child has committed the state, as last reported
        self._closed: Deferred | None = None
        self._ended: Deferred = Deferred()
        self._gone: str | None = None  # why the child cannot take exchanges any more
        self.closed_files: list[str] = []
        self.cpu = 0.0  # CPU seconds of the child (known once it closed)
        self.pipe: _Pipe

    @classmethod
    def start(
        cls,
        config: WriterConfig,
        command: list[str] | None = None,
        on_success: Callable[[Stored], Any] | None = None,
    ) -> WriterProcess:
        """Spawn the child: ``command`` (``WARC_WRITER_PROCESS_COMMAND``), by default this interpreter running
        ``crawler.writer_process``, with this process's ``sys.path`` (the same checkout and packages)."""
        from twisted.internet import reactor  # the installed one (Scrapy installs it before middlewares)

        proto = cls(config, on_success)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([_CHECKOUT, *(p for p in sys.path if p)])}
        args = command or [sys.executable, "-m", "crawler.writer_process"]
        read_end, write_end = os.pipe()  # the child's stdin (inheritable read end: the child's fd 0)
        try:
            reactor.spawnProcess(proto, args[0], args, env=env, childFDs={0: read_end, 1: "r", 2: 2})
        except BaseException:
            os.close(write_end)
            raise
        finally:
            os.close(read_end)
        proto.pipe = _Pipe(write_end, reactor)
        proto.pipe.write(frame(config))
        return proto

    def row(self, url: str) -> tuple[bool, UrlRow | None]:
        """(True, row) when the child saved ``url``'s row and the reactor's connection may not see it yet."""
        entry = self._rows.get(url)
        return (True, entry[0]) if entry is not None else (False, None)

    def submit(self, cap: Capture) -> Deferred:
        d: Deferred = Deferred()
        if self._gone is not None:
            d.errback(Failure(WarcWriteError(errno.EPIPE, self._gone)))
            return d
        self._waiting.append(d)
        self.pipe.write(frame(exchange_message(cap)))
        return d

    def childDataReceived(self, fd: int, data: bytes) -> None:  # noqa: N802 - Twisted API
        self._buf += data
        for answer in split_frames(self._buf):
            if answer[0] == CLOSED:
                _, self.closed_files, self.cpu = answer
                if self._closed is not None:
                    self._closed.callback(None)
                continue
            d = self._waiting.popleft()
            if answer[0] == OK:
                stored = self._stored(answer)
                if self._on_success is not None:
                    self._on_success(stored)
                if not d.called:  # (cancelled by its consumer, e.g. the crawl shutting down)
                    d.callback(stored)
            elif not d.called:
                d.errback(Failure(answer[1]))

    def _stored(self, answer: tuple[Any, ...]) -> Stored:
        _, row_values, written, body_len, profile, commits = answer
        row = UrlRow(*row_values)
        if commits != self.commits:  # rows saved before this commit are readable from the database
            self.commits = commits
            self._rows = {url: e for url, e in self._rows.items() if e[1] >= commits}
        self._rows[row.url] = (row, commits)
        return Stored(row, [Written(*w) for w in written], body_len, profile)

    def processEnded(self, reason: Failure) -> None:  # noqa: N802 - Twisted API
        self._gone = f"WARC writer process exited ({reason.value})"
        self.pipe.close()
        waiting, self._waiting = self._waiting, deque()
        for d in waiting:
            if not d.called:  # (cancelled by its consumer)
                d.errback(Failure(WarcWriteError(errno.EPIPE, self._gone)))
        if self._closed is not None and not self._closed.called:
            self._closed.errback(Failure(WarcWriteError(errno.EPIPE, self._gone)))
        self._ended.callback(None)

    async def close(self) -> None:
        """Let the child write what it was sent, close its WARC file and state, and exit."""
        from scrapy.utils.defer import maybe_deferred_to_future

        if self._gone is None:
            self._closed = Deferred()
            self.pipe.write(frame(("close",)))
            await maybe_deferred_to_future(self._closed)
        if not self._ended.called:
            await maybe_deferred_to_future(self._ended)

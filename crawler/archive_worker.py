"""One background thread that runs jobs strictly in submission order and hands each outcome back to
the reactor thread as a fired ``Deferred``.

The archive middleware uses it, when ``WARC_WRITER_THREAD`` is on, for the WARC write path (revisit
decision, record building, gzip, SHA-1, file write, CDXJ line, SQLite state row): zlib, hashlib on
buffers over 2 KB, file I/O and sqlite3 release the GIL, so that work can overlap with Scrapy's reactor
thread. One thread and a FIFO keep the bytes identical to writing inline: the jobs run in the order the
reactor submitted them. Measured on a 2-core machine it does not pay (the GIL hand-offs between the two
threads cost the reactor more CPU than the work moved), hence off by default.

Backpressure: ``submit`` blocks once ``maxsize`` jobs wait (the middleware also holds each response
until its records are written, so at most ``CONCURRENT_REQUESTS`` jobs are in flight).
Outcomes are delivered in batches: the thread schedules one ``deliver`` call on the reactor for all the
jobs it finished since the previous one, so a busy reactor is woken once per batch, not per job.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

_Outcome = tuple[Deferred, bool, Any]  # (deferred, succeeded, result or exception)


class SerialWorker:
    def __init__(
        self,
        run: Callable[[Any], Any],
        call_in_reactor: Callable[[Callable[[], None]], Any],
        on_success: Callable[[Any], Any] | None = None,
        maxsize: int = 64,
        name: str = "warc-writer",
    ):
        """``run(job)`` executes in the worker thread; ``call_in_reactor(f)`` must run ``f()`` on the
        reactor thread later (``reactor.callFromThread``); ``on_success(result)`` runs on the reactor
        thread for every job that succeeded, before its Deferred fires, even if that Deferred was
        cancelled meanwhile (the work was done: e.g. count it)."""
        self._run = run
        self._call_in_reactor = call_in_reactor
        self._on_success = on_success
        self._jobs: queue.Queue[tuple[Deferred, Any] | None] = queue.Queue(maxsize)
        self._lock = threading.Lock()
        self._done: list[_Outcome] = []
        self._delivery_scheduled = False
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Any) -> Deferred:
        """Queue ``job``; the Deferred fires on the reactor thread with ``run(job)`` or its exception."""
        if self._closed:
            raise RuntimeError("SerialWorker is closed")
        d: Deferred = Deferred()
        self._jobs.put((d, job))
        return d

    def _loop(self) -> None:
        while (item := self._jobs.get()) is not None:
            d, job = item
            try:
                outcome: _Outcome = (d, True, self._run(job))
            except Exception as e:  # noqa: BLE001 - handed to the submitter's Deferred, never lost
                outcome = (d, False, e)
            with self._lock:
                self._done.append(outcome)
                schedule = not self._delivery_scheduled
                self._delivery_scheduled = True
            if schedule:
                self._call_in_reactor(self.deliver)

    def deliver(self) -> None:
        """Fire the Deferreds of the finished jobs, in submission order (reactor thread)."""
        with self._lock:
            done, self._done, self._delivery_scheduled = self._done, [], False
        for d, ok, value in done:
            if ok and self._on_success is not None:
                self._on_success(value)
            if d.called:  # cancelled by its consumer (e.g. the crawl shutting down)
                continue
            if ok:
                d.callback(value)
            else:
                d.errback(Failure(value))

    def close(self) -> None:
        """Run every queued job, stop the thread, and deliver what is left (reactor thread; blocks)."""
        if self._closed:
            return
        self._closed = True
        self._jobs.put(None)
        self._thread.join()
        self.deliver()

"""Executors run the build's per-file map tasks; the build then reduces their results in input order.

Interface (a Dask executor can follow it): ``map(fn, items)`` returns an iterator over ``fn(item)`` **in the
order of ``items``**, whatever order the work finishes in, so reductions over the results are deterministic
for any number of workers. ``fn`` and the items must be picklable (module-level functions, dataclasses).
Optional, looked up by the build: ``call(fn, *args)`` runs a reduction there (Dask); ``release()`` lets
worker processes go once the maps are done (:class:`LocalExecutor`).
"""

from __future__ import annotations

import importlib
import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# What the build's map tasks import (numpy, pyarrow, trafilatura, lxml, the cleaners): a pool started
# before the build (``LocalExecutor(...).start()``) imports them while its caller loads its own modules.
BUILD_MODULES = ("corpus.buildmap", "corpus.extract")


class Executor(Protocol):
    workers: int

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


def _preload(modules: tuple[str, ...]) -> None:
    """A pool process's initializer: import ``modules`` before the first task arrives."""
    for name in modules:
        importlib.import_module(name)


def _ready() -> None:
    """A no-op task: submitting one per pool process makes the pool start them all at once."""


class LocalExecutor:
    """``workers`` = 1: run in this process. More: this process runs items too, beside a pool of
    ``workers - 1`` processes (``spawn`` start method, so they never inherit threads or state of the
    caller, e.g. a demo web server thread, and stay direct children whose CPU time shows in the caller's
    resource usage), each item going to whichever of them is free first; so ``workers`` processes work,
    and none waits idle for the others' results. The pool is created once (by :meth:`start` or the first
    ``map``) and reused by every ``map`` until :meth:`close`. ``preload``: modules the pool processes
    import as they start (e.g. :data:`BUILD_MODULES`)."""

    def __init__(self, workers: int = 1, preload: Sequence[str] = ()) -> None:
        self.workers = max(1, int(workers))
        self.preload = tuple(preload)
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> LocalExecutor:
        """Start the pool's processes now (no-op with 1 worker): they spawn and import ``preload`` while
        the caller goes on with its own set-up."""
        if self.workers > 1 and self._pool is None:
            size = self.workers - 1
            self._pool = ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_preload, initargs=(self.preload,))
            for _ in range(size):
                self._pool.submit(_ready)
        return self

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        if self.workers == 1 or len(items) <= 1:
            return map(fn, items)
        self.start()
        assert self._pool is not None
        return _SharedMap(self._pool, self.workers - 1, fn, list(items)).results()

    def release(self) -> None:
        """No more maps for now: the pool's processes exit in the background (while the caller goes on
        with its own work); a later ``map`` starts new ones."""
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_executor(workers: int) -> LocalExecutor:
    """The build's local executor, started: its pool processes spawn and import :data:`BUILD_MODULES`
    while the caller goes on with its own set-up."""
    return LocalExecutor(workers, BUILD_MODULES).start()


class _SharedMap:
    """``fn`` over ``items`` by this process and a pool of ``slots`` processes. Items are handed out in
    order, one at a time, to whoever is free: a feeder thread per pool process submits the next item as
    soon as the previous one comes back; the consumer of :meth:`results` runs the next item here whenever
    the result it needs is not ready yet. Results are yielded in the order of ``items``; an item's error
    is raised when its turn comes, and no further item is started after it."""

    def __init__(self, pool: ProcessPoolExecutor, slots: int, fn: Callable[[Any], Any],
                 items: list[Any]) -> None:
        self._pool, self._fn, self._items = pool, fn, items
        self._cond = threading.Condition()
        self._next = 0
        self._stopped = False
        self._done: dict[int, tuple[bool, Any]] = {}  # index -> (ok, result or exception)
        self._feeders = [threading.Thread(target=self._feed, daemon=True) for _ in range(slots)]
        for t in self._feeders:
            t.start()

    def _take(self) -> int | None:
        with self._cond:
            if self._stopped or self._next >= len(self._items):
                return None
            self._next += 1
            return self._next - 1

    def _put(self, i: int, ok: bool, value: Any) -> None:
        with self._cond:
            self._done[i] = (ok, value)
            if not ok:
                self._stopped = True
            self._cond.notify_all()

    def _feed(self) -> None:
        """One pool process's share: submit the next item, wait for it, repeat."""
        while (i := self._take()) is not None:
            try:
                self._put(i, True, self._pool.submit(self._fn, self._items[i]).result())
            except BaseException as e:  # noqa: BLE001 - handed to the consumer, raised in its turn
                self._put(i, False, e)

    def _run_here(self, i: int) -> None:
        try:
            self._put(i, True, self._fn(self._items[i]))
        except Exception as e:
            self._put(i, False, e)

    def _wait(self, i: int) -> tuple[bool, Any]:
        """The outcome of item ``i``, running items here while it is not ready."""
        while True:
            with self._cond:
                if i in self._done:
                    return self._done.pop(i)
            j = self._take()
            if j is not None:
                self._run_here(j)
                continue
            with self._cond:
                self._cond.wait_for(lambda: i in self._done)

    def results(self) -> Iterator[Any]:
        try:
            for i in range(len(self._items)):
                ok, value = self._wait(i)
                if not ok:
                    raise value
                yield value
        finally:
            with self._cond:
                self._stopped = True

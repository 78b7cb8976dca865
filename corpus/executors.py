"""Executors run the build's per-file map tasks; the build then reduces their results in input order.

Interface (a Dask executor can follow it): ``map(fn, items)`` returns an iterator over ``fn(item)`` **in the
order of ``items``**, whatever order the work finishes in, so reductions over the results are deterministic
for any number of workers. ``fn`` and the items must be picklable (module-level functions, dataclasses).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    workers: int

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """``workers`` = 1: run in this process. More: a process pool (``spawn`` start method, so worker
    processes never inherit threads or state of the caller, e.g. a demo web server thread, and stay direct
    children whose CPU time shows in the caller's resource usage), created once and reused by every ``map``
    until :meth:`close`."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, int(workers))
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        if self.workers == 1 or len(items) <= 1:
            return map(fn, items)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._pool.map(fn, items)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

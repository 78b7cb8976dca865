"""``DaskExecutor``: the build's executor (see :mod:`corpus.executors`) on a Dask distributed cluster.

``map(fn, items)`` submits one task per item (``fn`` = the per-file build stages) and yields the results
**in the order of items**, so the build's reductions see exactly what the local executor gives them and
the snapshot is byte-identical. ``call(fn, *args)`` runs one corpus-level reduction (boilerplate learning,
dedup/translation decisions) as a single task on a worker, on the gathered per-file results.

Requirements: every worker runs the same ``newscorpus`` version (``pip install 'newscorpus[dask]'``) and sees
the WARC inputs and the build's work directory (``--tmp-dir``/``runtime.tmp_dir``, default inside
``--out``) at the same paths: the map tasks write their spill files there and the client reads them back.
On one machine that is automatic; across machines use a shared file system.

``dask`` / ``distributed`` are imported only when a ``DaskExecutor`` is created (optional extra ``[dask]``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from corpus.errors import CorpusError

T = TypeVar("T")
R = TypeVar("R")


def _client_class() -> Any:
    try:
        from distributed import Client
    except ImportError as e:
        raise CorpusError("the dask executor needs dask.distributed: pip install 'newscorpus[dask]'") from e
    return Client


class DaskExecutor:
    """Connect to ``scheduler`` (``tcp://HOST:PORT``) or use an existing ``client`` (not closed here)."""

    def __init__(self, scheduler: str | None = None, client: Any = None, timeout: float = 30.0) -> None:
        if client is None and not scheduler:
            raise CorpusError("the dask executor needs a scheduler address (--scheduler tcp://HOST:PORT)")
        self._owns_client = client is None
        if client is None:
            try:
                client = _client_class()(scheduler, timeout=timeout)
            except (OSError, TimeoutError, ValueError) as e:
                raise CorpusError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        self.client = client
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        items = list(items)
        if not items:
            return iter(())
        futures = self.client.map(fn, items, pure=False)
        return self._in_order(futures)

    def _in_order(self, futures: list[Any]) -> Iterator[Any]:
        try:
            for f in futures:
                yield f.result()
        finally:
            self.client.cancel([f for f in futures if not f.done()])

    def call(self, fn: Callable[..., R], *args: Any) -> R:
        """Run ``fn(*args)`` as one task on a worker (a corpus-level reduction) and return its result."""
        # scattered first: large inputs (keys, MinHash signatures) travel as data, not inside the task graph
        data = self.client.scatter(list(args), hash=False)
        try:
            return self.client.submit(fn, *data, pure=False).result()
        finally:
            self.client.cancel(data)

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_executor(kind: str, workers: int = 1, scheduler: str | None = None) -> Any:
    """``local`` -> :class:`corpus.executors.LocalExecutor`, started (its pool processes spawn and import
    the build's modules while the caller loads its own); ``dask`` -> :class:`DaskExecutor`."""
    if kind == "local":
        from corpus.executors import build_executor

        return build_executor(workers)
    if kind == "dask":
        return DaskExecutor(scheduler)
    raise CorpusError(f"unknown executor {kind!r} (expected local or dask)")

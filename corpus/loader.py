"""Read a snapshot: ``load(path)`` -> :class:`Snapshot`, iterating documents as dicts.

Light on purpose: imports pyarrow only (never Scrapy, trafilatura); pandas and Hugging Face ``datasets`` are
imported only by :meth:`Snapshot.to_pandas` / :meth:`Snapshot.to_datasets` (optional extras ``[hf]``).

    >>> from corpus import load
    >>> snap = load("snapshots/3f2a9c0d1e4b5a67")
    >>> for doc in snap.filter(source="nato-fr", date_from="2024-01-01"): print(doc["title"])
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from corpus.errors import CorpusError
from corpus.snapshot import iter_rows, read_manifest, shard_paths
from corpus.verify import check_snapshot

JSON_COLUMNS = ("alternates", "metadata")


@dataclass(frozen=True)
class Filters:
    """Document filters; ``source``/``lang`` take one value or a list; dates are ISO strings, inclusive
    (documents without a date are excluded as soon as a date bound is given)."""

    source: str | tuple[str, ...] | None = None
    lang: str | tuple[str, ...] | None = None
    date_from: str | None = None
    date_to: str | None = None

    def expression(self) -> pc.Expression | None:
        parts = []
        for name in ("source", "lang"):
            value = getattr(self, name)
            if value is not None:
                values = [value] if isinstance(value, str) else list(value)
                parts.append(pc.field(name).isin(values))
        if self.date_from is not None:
            parts.append(pc.field("date") >= self.date_from)
        if self.date_to is not None:
            parts.append(pc.field("date") <= self.date_to)
        if not parts:
            return None
        expr = parts[0]
        for p in parts[1:]:
            expr = expr & p
        return expr


def decode_row(row: dict[str, Any]) -> dict[str, Any]:
    """Turn the JSON string columns (``alternates``, ``metadata``) back into dicts."""
    for col in JSON_COLUMNS:
        if isinstance(row.get(col), str):
            row[col] = json.loads(row[col])
    return row


class Snapshot:
    """A verified snapshot directory. Iterating yields document dicts sorted by ``id``."""

    def __init__(self, path: Path, manifest: dict[str, Any], filters: Filters = Filters()) -> None:
        self.path = path
        self.manifest = manifest
        self.filters = filters

    @property
    def id(self) -> str:
        return str(self.manifest["id"])

    def __repr__(self) -> str:
        return f"<Snapshot {self.id} at {self.path}, {len(self)} documents>"

    def filter(self, source: Any = None, lang: Any = None, date_from: str | None = None,
               date_to: str | None = None) -> Snapshot:
        """A view of this snapshot restricted to matching documents (``len`` and iteration respect it)."""
        f = Filters(_norm(source), _norm(lang), date_from, date_to)
        return Snapshot(self.path, self.manifest, _merge(self.filters, f))

    def iter(self, **filters: Any) -> Iterator[dict[str, Any]]:
        view = self.filter(**filters) if filters else self
        shards = shard_paths(self.path, self.manifest, "data")
        for row in iter_rows(shards, filter_expr=view.filters.expression()):
            yield decode_row(row)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self.iter()

    def __len__(self) -> int:
        expr = self.filters.expression()
        if expr is None:
            return sum(int(s["rows"]) for s in self.manifest["shards"]["data"])
        shards = shard_paths(self.path, self.manifest, "data")
        return sum(1 for _ in iter_rows(shards, ["source", "lang", "date"], filter_expr=expr))

    def dropped(self) -> Iterator[dict[str, Any]]:
        """Documents removed by corpus-level stages (id, url, source, stage, reason, duplicate_of, text)."""
        return iter_rows(shard_paths(self.path, self.manifest, "dropped"))

    def to_arrow(self) -> pa.Table:
        table = pq.read_table([str(p) for p in shard_paths(self.path, self.manifest, "data")]) \
            if self.manifest["shards"]["data"] else pa.table({})
        expr = self.filters.expression()
        return table.filter(expr) if expr is not None else table

    def to_pandas(self):
        """A pandas DataFrame (``alternates``/``metadata`` stay JSON strings). Needs pandas."""
        try:
            import pandas  # noqa: F401
        except ImportError:
            raise CorpusError("to_pandas() needs pandas: pip install 'newscorpus[hf]'") from None
        return self.to_arrow().to_pandas()

    def to_datasets(self):
        """A Hugging Face ``datasets.Dataset`` (``alternates``/``metadata`` stay JSON strings)."""
        try:
            import datasets
            from datasets.table import InMemoryTable
        except ImportError:
            msg = "to_datasets() needs Hugging Face datasets: pip install 'newscorpus[hf]'"
            raise CorpusError(msg) from None
        return datasets.Dataset(InMemoryTable(self.to_arrow()))


def _norm(value: Any) -> str | tuple[str, ...] | None:
    if value is None or isinstance(value, str):
        return value
    return tuple(value)


def _merge(a: Filters, b: Filters) -> Filters:
    def pick(x: Any, y: Any) -> Any:
        return y if y is not None else x

    return Filters(pick(a.source, b.source), pick(a.lang, b.lang), pick(a.date_from, b.date_from),
                   pick(a.date_to, b.date_to))


def load(path: str | Path, *, verify: bool = True) -> Snapshot:
    """Open a snapshot directory. ``verify``: check every checksum first (CorpusError on mismatch)."""
    p = Path(path)
    if verify:
        check_snapshot(p)
    return Snapshot(p, read_manifest(p))

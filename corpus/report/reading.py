"""Read a snapshot directory for reporting: the manifest and the Parquet shards, streamed in batches.

Only the columns a caller asks for are read (and only those the shard actually has, so a report
works on snapshots written by older or newer builds); missing columns come back as ``None``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.errors import CorpusError

DATA_DIR = "data"
DROPPED_DIR = "dropped"
MANIFEST = "manifest.json"
BATCH_ROWS = 512

DOC_COLUMNS = (
    "id",
    "url",
    "source",
    "title",
    "date",
    "lang",
    "text",
    "extracted_text",
    "removed",
    "duplicates",
    "warc_file",
    "warc_offset",
    "warc_record_id",
    "fetched_at",
)
DROPPED_COLUMNS = ("id", "url", "source", "stage", "reason", "duplicate_of", "text")


@dataclass(frozen=True)
class SnapshotFiles:
    root: Path
    manifest: dict[str, Any]
    data: tuple[Path, ...]
    dropped: tuple[Path, ...]
    problems: tuple[str, ...] = ()  # shards the manifest lists but the directory lacks

    @property
    def snapshot_id(self) -> str:
        value = self.manifest.get("id") or self.manifest.get("snapshot_id")
        return str(value) if value else self.root.name


def open_snapshot(root: Path) -> SnapshotFiles:
    """Locate manifest and shards; raise CorpusError naming what is missing or unreadable."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(f"snapshot directory not found: {root}")
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise CorpusError(f"not a snapshot (no {MANIFEST}): {root}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"unreadable manifest {manifest_path}: {exc}") from exc
    if not isinstance(manifest, dict):
        raise CorpusError(f"manifest is not a JSON object: {manifest_path}")
    data, missing_data = _shards(root, manifest, DATA_DIR)
    dropped, missing_dropped = _shards(root, manifest, DROPPED_DIR)
    problems = tuple(f"{path}: listed in the manifest but missing" for path in missing_data + missing_dropped)
    return SnapshotFiles(root=root, manifest=manifest, data=data, dropped=dropped, problems=problems)


def _shards(root: Path, manifest: dict[str, Any], kind: str) -> tuple[tuple[Path, ...], list[str]]:
    """Shards on disk (``kind/part-*.parquet``) and the manifest-listed ones that are missing."""
    found = set((root / kind).glob("part-*.parquet"))
    listed = (manifest.get("shards") or {}).get(kind) if isinstance(manifest.get("shards"), dict) else None
    missing = []
    for entry in listed or []:
        path = entry.get("path") if isinstance(entry, dict) else None
        if isinstance(path, str) and not (root / path).is_file():
            missing.append(path)
    return tuple(sorted(found)), sorted(missing)


def iter_rows(
    shards: tuple[Path, ...], columns: tuple[str, ...], problems: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Rows of the shards as dicts holding exactly ``columns`` (absent columns -> None).

    An unreadable shard raises CorpusError, or, when ``problems`` is given, is noted there and skipped
    (rows read before the damage are kept) so one bad file does not hide the others.
    """
    for shard in shards:
        try:
            parquet = pq.ParquetFile(shard)
            present = [c for c in columns if c in parquet.schema_arrow.names]
            for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=present):
                for row in batch.to_pylist():
                    yield {c: row.get(c) for c in columns}
        except (OSError, ValueError, pa.ArrowException) as exc:
            message = f"unreadable shard {shard}: {exc}"
            if problems is None:
                raise CorpusError(message) from exc
            problems.append(message)


def iter_documents(
    files: SnapshotFiles, columns: tuple[str, ...] = DOC_COLUMNS, problems: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    return iter_rows(files.data, columns, problems)


def iter_dropped(
    files: SnapshotFiles, columns: tuple[str, ...] = DROPPED_COLUMNS, problems: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    return iter_rows(files.dropped, columns, problems)


def find_row(shards: tuple[Path, ...], key: str, columns: tuple[str, ...]) -> dict[str, Any] | None:
    """The row whose ``id`` or ``url`` equals ``key``, else the one whose id starts with ``key``
    (at least 6 characters; CorpusError when several do)."""
    key = key.strip()
    prefixed: list[tuple[Path, int]] = []
    for shard in shards:
        ids, urls = _keys(shard)
        for values in (ids, urls):
            if key in values:
                return _read_one(shard, values.index(key), columns)
        if len(key) >= 6:
            prefixed += [(shard, i) for i, value in enumerate(ids) if value and value.startswith(key)]
    if len(prefixed) > 1:
        raise CorpusError(f"id prefix {key!r} is ambiguous ({len(prefixed)} documents); give more characters")
    return _read_one(*prefixed[0], columns) if prefixed else None


def _keys(shard: Path) -> tuple[list[str], list[str]]:
    try:
        names = pq.read_schema(shard).names
        table = pq.read_table(shard, columns=[c for c in ("id", "url") if c in names])
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise CorpusError(f"unreadable shard {shard}: {exc}") from exc
    ids = table.column("id").to_pylist() if "id" in names else []
    urls = table.column("url").to_pylist() if "url" in names else []
    return ids, urls


def _read_one(shard: Path, index: int, columns: tuple[str, ...]) -> dict[str, Any]:
    parquet = pq.ParquetFile(shard)
    present = [c for c in columns if c in parquet.schema_arrow.names]
    row = parquet.read(columns=present).slice(index, 1).to_pylist()[0]
    return {c: row.get(c) for c in columns}

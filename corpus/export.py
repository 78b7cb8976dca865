"""Export a snapshot's documents: JSON lines (one document per line, sorted keys) or one Parquet file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

import pyarrow.parquet as pq

from corpus.atomic import replace_durably
from corpus.config import SnapshotOptions
from corpus.loader import Snapshot
from corpus.snapshot import DATA_SCHEMA, ShardWriter, iter_rows, shard_paths


def export_jsonl(snapshot: Snapshot, out: TextIO) -> int:
    """Write every (filtered) document as one JSON object per line; return the count."""
    n = 0
    for doc in snapshot:
        out.write(json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n


def export_parquet(snapshot: Snapshot, out: Path, options: SnapshotOptions | None = None) -> int:
    """Write the (filtered) documents into the single Parquet file ``out`` (same schema and settings)."""
    out = Path(out)
    options = options or SnapshotOptions()
    tmp_root = out.parent / f".{out.name}.tmp"
    single = SnapshotOptions(rows_per_shard=2**62, row_group_size=options.row_group_size,
                             compression=options.compression, compression_level=options.compression_level)
    writer = ShardWriter(tmp_root, "x", DATA_SCHEMA, single)
    expr = snapshot.filters.expression()
    n = 0
    for row in iter_rows(shard_paths(snapshot.path, snapshot.manifest, "data"), filter_expr=expr):
        writer.write(row)
        n += 1
    shards = writer.close()
    replace_durably(tmp_root / shards[0].path, out)
    (tmp_root / "x").rmdir()
    tmp_root.rmdir()
    assert pq.ParquetFile(out).metadata.num_rows == n
    return n

"""``verify_snapshot``: is this snapshot exactly what its manifest says? (checksums, row counts, schema)

Checks, each failure naming the file: the manifest parses, is in canonical form and hashes to its ``id``;
the README's sha256; every listed shard exists with its sha256, size, row count and the documented schema;
no unlisted shard sits in ``data/`` or ``dropped/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.errors import CorpusError
from corpus.snapshot import (
    DATA_SCHEMA,
    DROPPED_SCHEMA,
    MANIFEST,
    canonical_json,
    file_sha256,
    read_manifest,
    snapshot_id,
)

SCHEMAS = {"data": DATA_SCHEMA, "dropped": DROPPED_SCHEMA}


@dataclass
class VerifyReport:
    path: Path
    snapshot_id: str = ""
    problems: list[str] = field(default_factory=list)
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_manifest(path: Path, report: VerifyReport) -> dict | None:
    try:
        manifest = read_manifest(path)
    except CorpusError as e:
        report.problems.append(f"{MANIFEST}: unreadable ({e})")
        return None
    report.files_checked += 1
    raw = (path / MANIFEST).read_text(encoding="utf-8")
    if raw != canonical_json(manifest):
        report.problems.append(f"{MANIFEST}: not in canonical form (edited or damaged)")
    expected = snapshot_id(manifest)
    report.snapshot_id = str(manifest.get("id", ""))
    if manifest.get("id") != expected:
        report.problems.append(f"{MANIFEST}: content hash {expected} does not match its id "
                               f"{manifest.get('id')} (the manifest was modified)")
    return manifest


def _check_shard(path: Path, kind: str, entry: dict, report: VerifyReport) -> None:
    rel = entry.get("path", "?")
    file = path / rel
    if not file.is_file():
        report.problems.append(f"{rel}: missing")
        return
    report.files_checked += 1
    if file.stat().st_size != entry.get("bytes"):
        report.problems.append(f"{rel}: size {file.stat().st_size} != {entry.get('bytes')} in the manifest")
    if file_sha256(file) != entry.get("sha256"):
        report.problems.append(f"{rel}: sha256 mismatch (file damaged or replaced)")
        return
    try:
        meta = pq.ParquetFile(file).metadata
        schema = pq.ParquetFile(file).schema_arrow
    except (OSError, pa.ArrowException) as e:
        report.problems.append(f"{rel}: not a readable Parquet file: {e}")
        return
    if meta.num_rows != entry.get("rows"):
        report.problems.append(f"{rel}: {meta.num_rows} rows, manifest says {entry.get('rows')}")
    if not schema.equals(SCHEMAS[kind]):
        report.problems.append(f"{rel}: schema differs from the documented {kind} schema")


def verify_snapshot(path: str | Path) -> VerifyReport:
    path = Path(path)
    report = VerifyReport(path)
    if not path.is_dir():
        report.problems.append(f"{path}: not a directory")
        return report
    manifest = _check_manifest(path, report)
    if manifest is None:
        return report
    for name, digest in sorted(manifest.get("files", {}).items()):
        f = path / name
        if not f.is_file():
            report.problems.append(f"{name}: missing")
        elif file_sha256(f) != digest:
            report.problems.append(f"{name}: sha256 mismatch")
        report.files_checked += 1
    shards = manifest.get("shards", {})
    for kind in SCHEMAS:
        listed = {e.get("path") for e in shards.get(kind, [])}
        for entry in shards.get(kind, []):
            _check_shard(path, kind, entry, report)
        for extra in sorted((path / kind).glob("*.parquet")) if (path / kind).is_dir() else []:
            if f"{kind}/{extra.name}" not in listed:
                report.problems.append(f"{kind}/{extra.name}: shard not listed in the manifest")
    return report


def check_snapshot(path: str | Path) -> VerifyReport:
    """Like :func:`verify_snapshot` but raises :class:`CorpusError` naming every problem."""
    report = verify_snapshot(path)
    if not report.ok:
        raise CorpusError(f"snapshot {path} failed verification:\n  " + "\n  ".join(report.problems))
    return report

"""``diff_snapshots(a, b)``: documents added, removed and changed (same id, different text sha256).

Both snapshots are sorted by id, so this is a streaming merge-join over the ``id``, ``url``, ``sha256``
columns: constant memory whatever the snapshot sizes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.snapshot import iter_rows, read_manifest, shard_paths

COLUMNS = ["id", "url", "sha256"]


@dataclass(frozen=True)
class Change:
    op: str  # "+" added, "-" removed, "~" changed
    id: str
    url: str

    def line(self) -> str:
        return f"{self.op} {self.url}"


@dataclass
class SnapshotDiff:
    a: str
    b: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        ops = {"+": "added", "-": "removed", "~": "changed"}
        out = {name: 0 for name in ops.values()}
        for c in self.changes:
            out[ops[c.op]] += 1
        out["unchanged"] = self.unchanged
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "counts": self.counts(),
                "changes": [{"op": c.op, "id": c.id, "url": c.url} for c in self.changes]}


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    return iter_rows(shard_paths(path, read_manifest(path), "data"), COLUMNS)


def diff_snapshots(a: str | Path, b: str | Path) -> SnapshotDiff:
    a, b = Path(a), Path(b)
    result = SnapshotDiff(read_manifest(a)["id"], read_manifest(b)["id"])
    left, right = _rows(a), _rows(b)
    x, y = next(left, None), next(right, None)
    while x is not None or y is not None:
        if y is None or (x is not None and x["id"] < y["id"]):
            result.changes.append(Change("-", x["id"], x["url"]))
            x = next(left, None)
        elif x is None or y["id"] < x["id"]:
            result.changes.append(Change("+", y["id"], y["url"]))
            y = next(right, None)
        else:
            if x["sha256"] != y["sha256"]:
                result.changes.append(Change("~", y["id"], y["url"]))
            else:
                result.unchanged += 1
            x, y = next(left, None), next(right, None)
    return result

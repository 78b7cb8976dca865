"""MinHash signatures kept on disk between the map and the reduce.

Each map task writes its kept documents' signatures, in key order, to one raw file (``num_hashes`` uint32
values per row, native byte order) and returns only their LSH band keys (``bands`` uint64 per row: what
bucketing needs). The near-duplicate reduce reads back only the rows of the candidates it verifies
(memory-mapped, read-only), so signatures (448 bytes per document with the defaults) never sit in memory
for the whole corpus. Rows of the corpus are the files' rows one file after the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass
class SignatureFiles:
    """``parts``: (path, rows) of each file in corpus order; ``self[rows]`` -> (len(rows), num_hashes)."""

    parts: list[tuple[Path, int]]
    num_hashes: int
    _maps: dict[int, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._starts = np.cumsum([0] + [n for _, n in self.parts], dtype=np.int64)

    def __len__(self) -> int:
        return int(self._starts[-1])

    def __getitem__(self, rows: Any) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        out = np.empty((len(rows), self.num_hashes), dtype=np.uint32)
        if not len(rows):
            return out
        if rows.min() < 0 or rows.max() >= len(self):
            raise IndexError(f"signature rows out of range 0..{len(self) - 1}")
        part = np.searchsorted(self._starts, rows, side="right") - 1
        for p in np.unique(part):
            hit = part == p
            out[hit] = self._map(int(p))[rows[hit] - self._starts[p]]
        return out

    def _map(self, p: int) -> np.ndarray:
        m = self._maps.get(p)
        if m is None:
            path, n = self.parts[p]
            m = self._maps[p] = np.memmap(path, dtype=np.uint32, mode="r", shape=(n, self.num_hashes))
        return m

    def close(self) -> None:
        """Unmap the files (the mapped pages count as this process's memory while mapped)."""
        self._maps.clear()

    def __getstate__(self) -> dict[str, Any]:  # maps are reopened where the object lands
        return {"parts": self.parts, "num_hashes": self.num_hashes}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["parts"], state["num_hashes"])


def append_rows(path: Path, rows: np.ndarray) -> None:
    """Append signature rows (uint32) to a map task's file."""
    with open(path, "ab") as f:
        f.write(np.ascontiguousarray(rows, dtype=np.uint32).tobytes())

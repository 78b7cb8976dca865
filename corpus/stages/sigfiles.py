"""MinHash signatures kept on disk between the map and the reduce.

Each map task writes its kept documents' signatures, in key order, to one raw file (``num_hashes`` uint32
values per row, native byte order) and returns only their LSH band keys (``bands`` uint64 per row: what
bucketing needs). The near-duplicate reduce reads back only the rows of the candidates it verifies
(``pread``), so signatures (448 bytes per document with the defaults) never sit in memory
for the whole corpus. Rows of the corpus are the files' rows one file after the other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass
class SignatureFiles:
    """``parts``: (path, rows) of each file in corpus order; ``self[rows]`` -> (len(rows), num_hashes).
    Rows are read with ``pread``, not memory-mapped: a mapping would count the pages around every row
    read (the kernel maps its neighbours too) as this process's memory."""

    parts: list[tuple[Path, int]]
    num_hashes: int

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
        for p in np.unique(part).tolist():
            at = np.flatnonzero(part == p)
            self._read(p, at, rows[at] - self._starts[p], out)
        return out

    def _read(self, p: int, at: np.ndarray, local: np.ndarray, out: np.ndarray) -> None:
        size = self.num_hashes * 4
        path = self.parts[p][0]
        with open(path, "rb") as f:
            fd = f.fileno()
            for j, r in zip(at.tolist(), local.tolist(), strict=True):
                row = os.pread(fd, size, r * size)
                if len(row) != size:
                    raise OSError(f"{path}: signature file shorter than its {self.parts[p][1]} rows")
                out[j] = np.frombuffer(row, dtype=np.uint32)


def append_rows(path: Path, rows: np.ndarray) -> None:
    """Append signature rows (uint32) to a map task's file."""
    with open(path, "ab") as f:
        f.write(np.ascontiguousarray(rows, dtype=np.uint32).tobytes())

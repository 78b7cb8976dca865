"""A Bloom filter over the payload digests in the crawl state: an exact pre-screen for
``CrawlState.by_digest`` (no false negatives: "not in the filter" proves no row has that digest, so the
SQLite query, which would find nothing, is skipped; "maybe" runs the query as before).

Two probes per digest into a bit table of at least ``BITS_PER_DIGEST`` bits per digest (about 1.4% false
positives); the table doubles when it fills up, rebuilt from the digests the caller lists. Memory: 2 to 8
bytes per stored digest (the caller sizes it for twice the digests it has; a million URLs: at most 8 MB).
Probes come from Python's ``hash`` (salted per process): which digests share bits varies between runs,
what the filter answers for a digest that was added never does."""

from __future__ import annotations

from collections.abc import Iterable

BITS_PER_DIGEST = 16
MIN_BITS_LOG2 = 16


def _bits_log2(n: int) -> int:
    k = MIN_BITS_LOG2
    while (1 << k) < BITS_PER_DIGEST * n and k < 32:
        k += 1
    return k


class DigestFilter:
    def __init__(self, digests: Iterable[str] = (), expected: int = 0):
        items = list(digests)
        k = _bits_log2(max(expected, len(items)))
        self._mask = (1 << k) - 1
        self._table = bytearray(1 << (k - 3))
        self.count = 0
        # more digests than this and the table is ``full`` (never, at the largest table)
        self.capacity = (1 << k) // BITS_PER_DIGEST if self._mask < 0xFFFFFFFF else float("inf")
        for d in items:
            self.add(d)

    @property
    def full(self) -> bool:
        """More digests than the table was sized for (the caller rebuilds it larger)."""
        return self.count > self.capacity

    def add(self, digest: str) -> None:
        h = hash(digest)
        t, m = self._table, self._mask
        a, b = h & m, (h >> 32) & m
        t[a >> 3] |= 1 << (a & 7)
        t[b >> 3] |= 1 << (b & 7)
        self.count += 1

    def __contains__(self, digest: str) -> bool:
        h = hash(digest)
        t, m = self._table, self._mask
        a, b = h & m, (h >> 32) & m
        return bool(t[a >> 3] & (1 << (a & 7))) and bool(t[b >> 3] & (1 << (b & 7)))

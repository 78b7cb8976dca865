"""Exact and near-duplicate removal over the whole corpus (reduce phase; only keys and signatures in
memory).

Both are language-aware: only documents with the same detected language can be duplicates, and two pages
that are locale siblings (``/fr/x`` and ``/en/x``, see :mod:`corpus.stages.translations`) are never
merged. Each cluster keeps one member (earliest publication date, then URL) and records the others as its
duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from corpus.stages.base import CorpusStage
from corpus.stages.keys import DocKey, UnionFind
from corpus.stages.minhash import MinHasher, MinHashOptions


@dataclass(frozen=True)
class ExactDedupOptions:
    """Exact duplicates: same language and same normalized text (CCNet normalization, 128-bit blake2b)."""

    enabled: bool = True


@dataclass(frozen=True)
class Cluster:
    keeper: int
    duplicates: tuple[int, ...]


CanMerge = Callable[[int, int], bool]


def _cluster(keys: list[DocKey], group: list[int], can_merge: CanMerge) -> list[Cluster]:
    """Split a group of equal documents into clusters around keepers, respecting ``can_merge``."""
    ordered = sorted(group, key=lambda i: keys[i].order())
    clusters: list[list[int]] = []
    for i in ordered:
        for c in clusters:
            if can_merge(c[0], i):
                c.append(i)
                break
        else:
            clusters.append([i])
    return [Cluster(c[0], tuple(c[1:])) for c in clusters if len(c) > 1]


class ExactDedup(CorpusStage):
    name = "exact_dedup"

    def __init__(self, options: ExactDedupOptions, stats=None) -> None:
        super().__init__(stats)
        self.options = options

    def clusters(self, keys: list[DocKey], digests: list[bytes], alive: list[int],
                 can_merge: CanMerge) -> list[Cluster]:
        groups: dict[tuple[str, bytes], list[int]] = {}
        for i in alive:
            groups.setdefault((keys[i].lang, digests[i]), []).append(i)
        out: list[Cluster] = []
        for group in groups.values():
            if len(group) > 1:
                out.extend(_cluster(keys, group, can_merge))
        out.sort(key=lambda c: keys[c.keeper].order())
        for c in out:
            self.dropped("exact_duplicate", len(c.duplicates))
        self.stats["build/clusters/exact_duplicate"] += len(out)
        return out


class NearDedup(CorpusStage):
    """MinHash LSH: documents sharing any band bucket are candidates; a candidate pair is merged only if its
    estimated Jaccard similarity reaches ``options.threshold``; clusters are the union-find components."""

    name = "near_dedup"

    def __init__(self, options: MinHashOptions, stats=None) -> None:
        super().__init__(stats)
        self.options = options
        self.hasher = MinHasher(options)

    def clusters(self, keys: list[DocKey], signatures: np.ndarray, alive: list[int],
                 can_merge: CanMerge) -> list[Cluster]:
        idx = np.asarray(sorted(alive), dtype=np.int64)
        uf = UnionFind(len(keys))
        if len(idx) > 1:
            langs = sorted({keys[i].lang for i in idx})
            code = np.array([langs.index(keys[i].lang) for i in idx], dtype=np.int64)
            bands = self.hasher.band_keys(signatures[idx])
            for b in range(bands.shape[1]):
                self._merge_band(idx, code, bands[:, b], signatures, uf, can_merge)
        groups = uf.groups([int(i) for i in idx])
        out = []
        for group in groups:
            ordered = sorted(group, key=lambda i: keys[i].order())
            out.append(Cluster(ordered[0], tuple(ordered[1:])))
        out.sort(key=lambda c: keys[c.keeper].order())
        for c in out:
            self.dropped("near_duplicate", len(c.duplicates))
        self.stats["build/clusters/near_duplicate"] += len(out)
        return out

    def _merge_band(self, idx: np.ndarray, code: np.ndarray, band: np.ndarray, sigs: np.ndarray,
                    uf: UnionFind, can_merge: CanMerge) -> None:
        order = np.lexsort((idx, band, code))
        b, c = band[order], code[order]
        same = (b[1:] == b[:-1]) & (c[1:] == c[:-1])
        if not same.any():
            return
        edges = np.flatnonzero(np.diff(np.concatenate(([0], same.view(np.int8), [0]))))
        for start, end in zip(edges[0::2], edges[1::2] + 1, strict=True):
            members = idx[order[start:end]]
            self._verify(members, sigs, uf, can_merge)

    def _verify(self, members: np.ndarray, sigs: np.ndarray, uf: UnionFind, can_merge: CanMerge) -> None:
        n = len(members)
        if n * (n - 1) // 2 <= self.options.max_bucket_pairs:
            left, right = np.triu_indices(n, k=1)
        else:  # a huge bucket: compare each member with the first only (linear, not quadratic)
            left, right = np.zeros(n - 1, dtype=np.int64), np.arange(1, n)
        a, b = members[left], members[right]
        sim = (sigs[a] == sigs[b]).mean(axis=1)
        self.stats["build/near_dedup/candidate_pairs"] += len(a)
        hit = sim >= self.options.threshold
        for x, y in zip(a[hit], b[hit], strict=True):
            if uf.find(int(x)) != uf.find(int(y)) and can_merge(int(x), int(y)):
                uf.union(int(x), int(y))

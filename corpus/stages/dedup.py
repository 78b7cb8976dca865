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
from typing import Any

import numpy as np

from corpus.stages.base import CorpusStage
from corpus.stages.keys import UnionFind
from corpus.stages.keytable import KeyTable
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
Signatures = Any  # rows by index array: np.ndarray or corpus.stages.sigfiles.SignatureFiles


def _cluster(keys: KeyTable, group: list[int], can_merge: CanMerge) -> list[Cluster]:
    """Split a group of equal documents into clusters around keepers, respecting ``can_merge``."""
    ordered = sorted(group, key=keys.order)
    clusters: list[list[int]] = []
    for i in ordered:
        for c in clusters:
            if can_merge(c[0], i):
                c.append(i)
                break
        else:
            clusters.append([i])
    return [Cluster(c[0], tuple(c[1:])) for c in clusters if len(c) > 1]


def _runs(same: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of two or more sorted rows that ``same`` (row i equals row i + 1) joins."""
    if not same.any():
        return []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], same.view(np.int8), [0]))))
    return list(zip(edges[0::2].tolist(), (edges[1::2] + 1).tolist(), strict=True))


class ExactDedup(CorpusStage):
    name = "exact_dedup"

    def __init__(self, options: ExactDedupOptions, stats=None) -> None:
        super().__init__(stats)
        self.options = options

    def clusters(self, keys: KeyTable, digests: np.ndarray, alive: list[int],
                 can_merge: CanMerge) -> list[Cluster]:
        """``digests``: (len(keys), 2) uint64, each row a document's 16-byte exact digest. Documents are
        grouped by (language, digest) with one sort, not a dict entry per document."""
        idx = np.asarray(alive, dtype=np.int64)
        lang, d = keys.lang.code_array()[idx], digests[idx]
        order = np.lexsort((idx, d[:, 1], d[:, 0], lang))
        lang, d = lang[order], d[order]
        same = (lang[1:] == lang[:-1]) & (d[1:, 0] == d[:-1, 0]) & (d[1:, 1] == d[:-1, 1])
        out: list[Cluster] = []
        for start, end in _runs(same):
            out.extend(_cluster(keys, idx[order[start:end]].tolist(), can_merge))
        out.sort(key=lambda c: keys.order(c.keeper))
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

    def clusters(self, keys: KeyTable, bands: np.ndarray, signatures: Signatures, alive: list[int],
                 can_merge: CanMerge) -> list[Cluster]:
        """``bands``: (len(keys), options.bands) band keys (``MinHasher.band_keys``); ``signatures``: rows
        by index (an array, or :class:`corpus.stages.sigfiles.SignatureFiles`), read for candidates only."""
        idx = np.asarray(sorted(alive), dtype=np.int64)
        uf = UnionFind(len(keys))
        if len(idx) > 1:
            codes = keys.lang.code_array()[idx]
            langs = sorted({keys.lang.values[c] for c in np.unique(codes).tolist()})
            rank = np.array([langs.index(v) if v in langs else -1 for v in keys.lang.values], dtype=np.int64)
            code = rank[codes]
            for b in range(bands.shape[1]):
                self._merge_band(idx, code, bands[idx, b], signatures, uf, can_merge)
        groups = uf.groups([int(i) for i in idx])
        out = []
        for group in groups:
            ordered = sorted(group, key=keys.order)
            out.append(Cluster(ordered[0], tuple(ordered[1:])))
        out.sort(key=lambda c: keys.order(c.keeper))
        for c in out:
            self.dropped("near_duplicate", len(c.duplicates))
        self.stats["build/clusters/near_duplicate"] += len(out)
        return out

    def _merge_band(self, idx: np.ndarray, code: np.ndarray, band: np.ndarray, sigs: Signatures,
                    uf: UnionFind, can_merge: CanMerge) -> None:
        order = np.lexsort((idx, band, code))
        b, c = band[order], code[order]
        runs = _runs((b[1:] == b[:-1]) & (c[1:] == c[:-1]))
        if not runs:
            return
        # the signatures of this band's candidates, read once (not per bucket)
        need = np.unique(np.concatenate([idx[order[start:end]] for start, end in runs]))
        local = sigs[need]
        for start, end in runs:
            members = idx[order[start:end]]
            self._verify(members, np.searchsorted(need, members), local, uf, can_merge)

    def _verify(self, members: np.ndarray, rows: np.ndarray, sigs: np.ndarray, uf: UnionFind,
                can_merge: CanMerge) -> None:
        """``rows``: the members' rows in ``sigs``."""
        n = len(members)
        if n * (n - 1) // 2 <= self.options.max_bucket_pairs:
            left, right = np.triu_indices(n, k=1)
        else:  # a huge bucket: compare each member with the first only (linear, not quadratic)
            left, right = np.zeros(n - 1, dtype=np.int64), np.arange(1, n)
        a, b = members[left], members[right]
        sim = (sigs[rows[left]] == sigs[rows[right]]).mean(axis=1)
        self.stats["build/near_dedup/candidate_pairs"] += len(a)
        hit = sim >= self.options.threshold
        for x, y in zip(a[hit], b[hit], strict=True):
            if uf.find(int(x)) != uf.find(int(y)) and can_merge(int(x), int(y)):
                uf.union(int(x), int(y))

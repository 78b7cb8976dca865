"""The build's corpus-wide reduce: from per-document keys (no text) to keep/drop/link decisions.

Order of stages: same URL fetched twice (keep the latest fetch) -> exact duplicates -> near duplicates
(MinHash LSH) -> translation links. Every input is sorted by ``uid`` first, so decisions never depend on
how many workers produced the keys.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corpus.config import BuildConfig
from corpus.stages.dedup import Cluster, ExactDedup, NearDedup
from corpus.stages.keys import DocKey
from corpus.stages.keytable import KeyTable, Strings
from corpus.stages.minhash import MinHasher
from corpus.stages.translations import TranslationLinker


@dataclass(frozen=True)
class Drop:
    stage: str
    reason: str
    duplicate_of: str | None


@dataclass
class Link:
    duplicates: list[str] = field(default_factory=list)
    translation_of: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)


@dataclass
class Decisions:
    drops: dict[int, Drop] = field(default_factory=dict)  # uid -> why it is dropped
    links: dict[int, Link] = field(default_factory=dict)  # uid -> what a kept doc gains
    stats: Counter[str] = field(default_factory=Counter)
    clusters: dict[str, int] = field(default_factory=dict)


def _same_url(keys: KeyTable, decisions: Decisions) -> list[int]:
    """One document per URL (id): the latest fetch wins (then the later file/record). Returns survivors."""
    ids, fetched, uid = keys.id, keys.fetched_at, keys.uid
    losers: list[int] = []
    for group in _same_ids(ids):
        best = max(group, key=lambda i: (fetched[i], uid[i]))  # uids are unique: one best
        losers.extend(i for i in group if i != best)
    losers.sort()
    for i in losers:
        decisions.drops[uid[i]] = Drop("url_dedup", "older_fetch", ids[i])
        decisions.stats["build/dropped/older_fetch"] += 1
    alive = np.ones(len(keys), dtype=bool)
    alive[losers] = False
    return np.flatnonzero(alive).tolist()


def _same_ids(ids: Strings) -> list[list[int]]:
    """The rows of each id held by two rows or more. Ids of one byte length (the usual case: hex digests)
    are compared as fixed-width byte strings in one sort, not a dict entry per document."""
    widths = np.diff(np.frombuffer(ids.offsets, dtype=np.int64))
    if not len(widths) or widths[0] == 0 or (widths != widths[0]).any():
        by_id: dict[str, list[int]] = {}
        for i in range(len(ids)):
            by_id.setdefault(ids[i], []).append(i)
        return [g for g in by_id.values() if len(g) > 1]
    _, inverse, counts = np.unique(np.frombuffer(ids.data, dtype=f"V{widths[0]}"), return_inverse=True,
                                   return_counts=True)
    inverse = inverse.ravel()
    rows = np.flatnonzero(counts[inverse] > 1)
    rows = rows[np.argsort(inverse[rows], kind="stable")]
    groups: dict[int, list[int]] = {}
    for i, g in zip(rows.tolist(), inverse[rows].tolist(), strict=True):
        groups.setdefault(g, []).append(i)
    return list(groups.values())


def _apply_clusters(clusters: list[Cluster], stage: str, reason: str, parent: dict[int, int],
                    keys: KeyTable, decisions: Decisions) -> set[int]:
    gone: set[int] = set()
    for c in clusters:
        for d in c.duplicates:
            parent[d] = c.keeper
            decisions.drops[keys.uid[d]] = Drop(stage, reason, None)
            gone.add(d)
    return gone


def _resolve_duplicates(parent: dict[int, int], keys: KeyTable, decisions: Decisions) -> None:
    """Point every duplicate at its final kept document and list it there."""
    def root(i: int) -> int:
        while i in parent:
            i = parent[i]
        return i

    for d in sorted(parent):
        r = root(d)
        drop = decisions.drops[keys.uid[d]]
        decisions.drops[keys.uid[d]] = Drop(drop.stage, drop.reason, keys.id[r])
        decisions.links.setdefault(keys.uid[r], Link()).duplicates.append(keys.id[d])
    for link in decisions.links.values():
        link.duplicates.sort()


@dataclass
class NearInputs:
    """What near dedup reads: ``bands`` (n, bands) uint64 LSH band keys of every document, and its
    signatures by row (an (n, num_hashes) array or :class:`corpus.stages.sigfiles.SignatureFiles`)."""

    bands: np.ndarray
    signatures: Any


def near_inputs(signatures: np.ndarray, config: BuildConfig) -> NearInputs:
    """:class:`NearInputs` from in-memory signatures (band keys computed here)."""
    bands = MinHasher(config.near_dedup).band_keys(signatures) if len(signatures) else \
        np.zeros((0, config.near_dedup.bands), dtype=np.uint64)
    return NearInputs(bands, signatures)


def reduce_keys(keys: KeyTable | list[DocKey], digests: np.ndarray | list[bytes],
                near: NearInputs | np.ndarray, config: BuildConfig) -> Decisions:
    """``digests``: (n, 2) uint64 (the 16-byte exact digests) or a list of 16-byte digests; ``near``:
    :class:`NearInputs`, or the (n, num_hashes) signatures themselves."""
    if not isinstance(keys, KeyTable):
        keys = KeyTable.of(keys)
    if not isinstance(digests, np.ndarray):
        digests = digest_array(b"".join(digests))
    if not isinstance(near, NearInputs):
        near = near_inputs(near, config)
    decisions = Decisions()
    stats = decisions.stats
    linker = TranslationLinker(config.translations, stats)
    on = config.translations.enabled
    tkeys = Strings.of(linker.key(keys.url[i]) if on else "" for i in range(len(keys)))

    def can_merge(a: int, b: int) -> bool:  # locale siblings (/fr/x, /en/x) are never duplicates
        ka = tkeys[a]
        return not (ka and ka == tkeys[b])

    alive = _same_url(keys, decisions)
    parent: dict[int, int] = {}
    if config.exact_dedup.enabled:
        exact = ExactDedup(config.exact_dedup, stats).clusters(keys, digests, alive, can_merge)
        gone = _apply_clusters(exact, "exact_dedup", "exact_duplicate", parent, keys, decisions)
        alive = [i for i in alive if i not in gone]
        decisions.clusters["exact_duplicate"] = len(exact)
    if config.near_dedup.enabled:
        near_clusters = NearDedup(config.near_dedup, stats).clusters(keys, near.bands, near.signatures, alive,
                                                                      can_merge)
        gone = _apply_clusters(near_clusters, "near_dedup", "near_duplicate", parent, keys, decisions)
        alive = [i for i in alive if i not in gone]
        decisions.clusters["near_duplicate"] = len(near_clusters)
    _resolve_duplicates(parent, keys, decisions)
    if config.translations.enabled:
        _link_translations(linker, keys, alive, decisions)
    return decisions


def _link_translations(linker: TranslationLinker, keys: KeyTable, alive: list[int],
                       decisions: Decisions) -> None:
    groups = linker.groups(keys, alive)
    for g in groups:
        ref_id = keys.id[g.reference]
        members = [(m, keys.lang[m], keys.url[m]) for m in g.members]
        for m, _, _ in members:
            link = decisions.links.setdefault(keys.uid[m], Link())
            if m != g.reference:
                link.translation_of = ref_id
            for o, lang, url in members:
                if o != m and lang:
                    link.alternates.setdefault(lang, url)
    decisions.clusters["translation_groups"] = len(groups)


def digest_array(digests: bytes) -> np.ndarray:
    """16-byte digests, concatenated -> (n, 2) uint64 (for grouping; equal rows = equal digests)."""
    return np.frombuffer(digests, dtype=np.uint64).reshape(-1, 2)

"""The build's corpus-wide reduce: from per-document keys (no text) to keep/drop/link decisions.

Order of stages: same URL fetched twice (keep the latest fetch) -> exact duplicates -> near duplicates
(MinHash LSH) -> translation links. Every input is sorted by ``uid`` first, so decisions never depend on
how many workers produced the keys.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from corpus.config import BuildConfig
from corpus.stages.dedup import Cluster, ExactDedup, NearDedup
from corpus.stages.keys import DocKey
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


def _same_url(keys: list[DocKey], decisions: Decisions) -> list[int]:
    """One document per URL (id): the latest fetch wins (then the later file/record). Returns survivors."""
    best: dict[str, int] = {}
    for i, k in enumerate(keys):
        j = best.get(k.id)
        if j is None or (k.fetched_at, k.uid) > (keys[j].fetched_at, keys[j].uid):
            best[k.id] = i
    winners = set(best.values())
    for i, k in enumerate(keys):
        if i not in winners:
            decisions.drops[k.uid] = Drop("url_dedup", "older_fetch", k.id)
            decisions.stats["build/dropped/older_fetch"] += 1
    return sorted(winners)


def _apply_clusters(clusters: list[Cluster], stage: str, reason: str, parent: dict[int, int],
                    keys: list[DocKey], decisions: Decisions) -> set[int]:
    gone: set[int] = set()
    for c in clusters:
        for d in c.duplicates:
            parent[d] = c.keeper
            decisions.drops[keys[d].uid] = Drop(stage, reason, None)
            gone.add(d)
    return gone


def _resolve_duplicates(parent: dict[int, int], keys: list[DocKey], decisions: Decisions) -> None:
    """Point every duplicate at its final kept document and list it there."""
    def root(i: int) -> int:
        while i in parent:
            i = parent[i]
        return i

    for d in sorted(parent):
        r = root(d)
        drop = decisions.drops[keys[d].uid]
        decisions.drops[keys[d].uid] = Drop(drop.stage, drop.reason, keys[r].id)
        decisions.links.setdefault(keys[r].uid, Link()).duplicates.append(keys[d].id)
    for link in decisions.links.values():
        link.duplicates.sort()


def reduce_keys(keys: list[DocKey], digests: list[bytes], signatures: np.ndarray,
                config: BuildConfig) -> Decisions:
    decisions = Decisions()
    stats = decisions.stats
    linker = TranslationLinker(config.translations, stats)
    tkeys = [linker.key(k.url) if config.translations.enabled else "" for k in keys]

    def can_merge(a: int, b: int) -> bool:  # locale siblings (/fr/x, /en/x) are never duplicates
        return not (tkeys[a] and tkeys[a] == tkeys[b])

    alive = _same_url(keys, decisions)
    parent: dict[int, int] = {}
    if config.exact_dedup.enabled:
        exact = ExactDedup(config.exact_dedup, stats).clusters(keys, digests, alive, can_merge)
        gone = _apply_clusters(exact, "exact_dedup", "exact_duplicate", parent, keys, decisions)
        alive = [i for i in alive if i not in gone]
        decisions.clusters["exact_duplicate"] = len(exact)
    if config.near_dedup.enabled:
        near = NearDedup(config.near_dedup, stats).clusters(keys, signatures, alive, can_merge)
        gone = _apply_clusters(near, "near_dedup", "near_duplicate", parent, keys, decisions)
        alive = [i for i in alive if i not in gone]
        decisions.clusters["near_duplicate"] = len(near)
    _resolve_duplicates(parent, keys, decisions)
    if config.translations.enabled:
        groups = linker.groups(keys, alive)
        for g in groups:
            ref = keys[g.reference]
            for m in g.members:
                link = decisions.links.setdefault(keys[m].uid, Link())
                if m != g.reference:
                    link.translation_of = ref.id
                for o in g.members:
                    if o != m and keys[o].lang:
                        link.alternates.setdefault(keys[o].lang, keys[o].url)
        decisions.clusters["translation_groups"] = len(groups)
    return decisions

"""Link translations: the French and English versions of one item are linked, never deduplicated.

Two kept documents are translations of each other when their URLs differ only by a locale path prefix
(nato.int: ``/en/news/...`` and ``/fr/news/...``) or when one lists the other as an ``hreflang``
alternate, and their languages differ. In each group the first document in cluster order (earliest date,
then URL) is the reference: the others get ``translation_of`` = its id; every member's ``alternates``
gains ``lang -> url`` of the other members.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.stages.base import CorpusStage
from corpus.stages.keys import LOCALE_PREFIX, UnionFind, translation_key
from corpus.stages.keytable import KeyTable


@dataclass(frozen=True)
class TranslationOptions:
    enabled: bool = True
    locale_prefix: str = LOCALE_PREFIX  # regex matched at the start of the URL path


@dataclass(frozen=True)
class TranslationGroup:
    reference: int
    members: tuple[int, ...]  # all members, reference first


class TranslationLinker(CorpusStage):
    name = "translations"

    def __init__(self, options: TranslationOptions, stats=None) -> None:
        super().__init__(stats)
        self.options = options
        self.pattern = re.compile(options.locale_prefix)

    def key(self, url: str) -> str:
        return translation_key(url, self.pattern)

    def groups(self, keys: KeyTable, alive: list[int]) -> list[TranslationGroup]:
        uf = UnionFind(len(keys))
        lang = keys.lang.codes  # equal codes = equal languages
        by_key: dict[str, int] = {}
        starts = keys.alt_start
        any_alternates = any(starts[i] != starts[i + 1] for i in alive)
        by_url = {keys.url[i]: i for i in alive} if any_alternates else {}
        for i in sorted(alive):
            k = self.key(keys.url[i])
            if k:
                first = by_key.setdefault(k, i)
                if first != i and lang[first] != lang[i]:
                    uf.union(first, i)
            for alt in keys.alternates(i):
                j = by_url.get(alt)
                if j is not None and j != i and lang[j] != lang[i]:
                    uf.union(i, j)
        out = []
        for group in uf.groups(sorted(alive)):
            ordered = sorted(group, key=keys.order)
            out.append(TranslationGroup(ordered[0], tuple(ordered)))
        out.sort(key=lambda g: keys.order(g.reference))
        self.stats["build/translations/groups"] += len(out)
        self.stats["build/translations/linked_docs"] += sum(len(g.members) for g in out)
        return out

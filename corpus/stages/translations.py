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
from corpus.stages.keys import LOCALE_PREFIX, DocKey, UnionFind, translation_key


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

    def groups(self, keys: list[DocKey], alive: list[int]) -> list[TranslationGroup]:
        uf = UnionFind(len(keys))
        by_key: dict[str, int] = {}
        by_url = {keys[i].url: i for i in alive}
        for i in sorted(alive):
            k = self.key(keys[i].url)
            if k:
                first = by_key.setdefault(k, i)
                if first != i and keys[first].lang != keys[i].lang:
                    uf.union(first, i)
            for alt in keys[i].alternates:
                j = by_url.get(alt)
                if j is not None and j != i and keys[j].lang != keys[i].lang:
                    uf.union(i, j)
        out = []
        for group in uf.groups(sorted(alive)):
            ordered = sorted(group, key=lambda i: keys[i].order())
            out.append(TranslationGroup(ordered[0], tuple(ordered)))
        out.sort(key=lambda g: keys[g.reference].order())
        self.stats["build/translations/groups"] += len(out)
        self.stats["build/translations/linked_docs"] += sum(len(g.members) for g in out)
        return out

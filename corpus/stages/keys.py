"""The small per-document record the reduce phase keeps in memory (no text), and shared helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# A locale path prefix: /fr/, /en/, /en-gb/, /fr_FR/ (nato.int serves /en/... and /fr/... for one item).
LOCALE_PREFIX = r"^/[a-z]{2}(?:[-_][a-zA-Z]{2})?(?=/)"


@dataclass(frozen=True)
class DocKey:
    uid: int  # file index << 32 | ordinal in the file: unique, deterministic
    id: str
    url: str
    lang: str
    date: str | None
    fetched_at: str
    alternates: tuple[str, ...] = field(default=())  # hreflang alternate URLs found by extraction

    def order(self) -> tuple[bool, str, str, int]:
        return keep_order(self.date, self.url, self.uid)


def keep_order(date: str | None, url: str, uid: int) -> tuple[bool, str, str, int]:
    """Which member of a cluster is kept (the least): earliest publication date (undated last), then URL."""
    return (date is None, date or "", url, uid)


def translation_key(url: str, pattern: re.Pattern[str]) -> str:
    """``host + path`` with the locale prefix removed, or "" when the path has no locale prefix."""
    parts = urlsplit(url)
    path, n = pattern.subn("", parts.path, count=1)
    if n == 0:
        return ""
    return f"{(parts.hostname or '').lower()}{path}?{parts.query}"


class UnionFind:
    """Union-find over 0..n-1 holding only the elements ever joined (a dict), not a list of all n: the
    reduce's components are few and small next to the corpus."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while root in parent:
            root = parent[root]
        while x != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True

    def groups(self, members: list[int]) -> list[list[int]]:
        """Groups (of size >= 2) among ``members``, each sorted, listed in order of their first member.
        Only elements ever joined can be in one: the others are not looked at."""
        joined = set(self.parent) | set(self.parent.values())
        by_root: dict[int, list[int]] = {}
        for m in sorted(m for m in members if m in joined):
            by_root.setdefault(self.find(m), []).append(m)
        return [g for g in by_root.values() if len(g) > 1]

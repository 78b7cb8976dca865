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
        """Which member of a cluster is kept: earliest publication date (undated last), then URL."""
        return (self.date is None, self.date or "", self.url, self.uid)


def translation_key(url: str, pattern: re.Pattern[str]) -> str:
    """``host + path`` with the locale prefix removed, or "" when the path has no locale prefix."""
    parts = urlsplit(url)
    path, n = pattern.subn("", parts.path, count=1)
    if n == 0:
        return ""
    return f"{(parts.hostname or '').lower()}{path}?{parts.query}"


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
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
        """Groups (of size >= 2) among ``members``, each sorted, listed in order of their first member."""
        by_root: dict[int, list[int]] = {}
        for m in sorted(members):
            by_root.setdefault(self.find(m), []).append(m)
        return [g for g in by_root.values() if len(g) > 1]

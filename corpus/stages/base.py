"""Shared base of the corpus stages: counts kept/dropped/removed per reason under ``build/...`` stats
keys."""

from __future__ import annotations

from collections import Counter


class CorpusStage:
    """A corpus-level stage. Subclasses set ``name`` and call :meth:`dropped` / :meth:`removed` /
    :meth:`kept`,
    so the build never needs to know what a stage does to report what it did."""

    name: str = "stage"

    def __init__(self, stats: Counter[str] | None = None) -> None:
        self.stats: Counter[str] = stats if stats is not None else Counter()

    def dropped(self, reason: str, n: int = 1) -> None:
        self.stats[f"build/dropped/{reason}"] += n

    def removed(self, reason: str, n: int = 1) -> None:
        """Paragraphs removed from documents that stay."""
        self.stats[f"build/removed/{self.name}/{reason}"] += n

    def kept(self, n: int = 1) -> None:
        self.stats[f"build/kept/{self.name}"] += n

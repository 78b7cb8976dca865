"""Word n-gram index used to ask "does extractor X's output contain this block?"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaners.memo import LowerRuns

WORD = re.compile(r"\w+", re.UNICODE)
NGRAM = 3


def words(text: str) -> list[str]:
    """Lower-cased word tokens (same tokenizer family as the benchmark metric: ``\\w+``)."""
    return WORD.findall(text.lower())


def _ngrams(tokens: list[str] | tuple[str, ...], n: int = NGRAM) -> set[tuple[str, ...]]:
    """The set of ``tuple(tokens[i:i + n])``; ``zip`` over shifted slices builds the same tuples in C."""
    return set(zip(*(tokens[i:] for i in range(n)), strict=False)) if n > 0 else {()}


class BlockTokens:
    """Words and word 3-grams of the texts of ONE page, each computed once: the vote asks about the
    same block up to six times (two indexes, word count, link density, title checks). Keyed by the
    text itself (both are pure functions of it); built per page, never shared across pages.
    ``runs``: the page's :class:`cleaners.memo.LowerRuns` (the words of :func:`words`), to share the
    tokenisation with the text cleaners that read the kept blocks next."""

    def __init__(self, runs: LowerRuns | None = None) -> None:
        self.runs = LowerRuns() if runs is None else runs
        self._grams: dict[str, set[tuple[str, ...]]] = {}

    def words(self, text: str) -> tuple[str, ...]:
        """:func:`words` of ``text`` as a tuple (shared between callers, so immutable): the same
        ``\\w+`` runs of the lower-cased text, from the page's :class:`~cleaners.memo.LowerRuns`."""
        return self.runs.of(text)

    def grams(self, text: str) -> set[tuple[str, ...]]:
        """The word 3-grams of ``text`` (shared between callers: read it, never modify it)."""
        found = self._grams.get(text)
        if found is None:
            found = self._grams[text] = _ngrams(self.words(text))
        return found


class TextIndex:
    """The word 3-grams of one extractor's output, for block containment queries. ``tokens``: the
    page's :class:`BlockTokens`, to share tokenisation with the other indexes and checks of the page.
    The 3-grams are gathered on the first query about a block that is not one of the texts: a text's
    own support is 1.0 (its 3-grams are all in the index; one of under 3 words is found in itself)."""

    def __init__(self, texts: Iterable[str], tokens: BlockTokens | None = None) -> None:
        self._tokens = BlockTokens() if tokens is None else tokens
        self._texts = list(texts)
        self._own = frozenset(self._texts)
        self.n_words = sum(len(self._tokens.words(t)) for t in self._texts)
        self._gathered: set[tuple[str, ...]] | None = None
        self._joined: list[str] | None = None  # built on the first short-block query

    @property
    def _grams(self) -> set[tuple[str, ...]]:
        if self._gathered is None:
            self._gathered = set().union(*map(self._tokens.grams, self._texts))
        return self._gathered

    def support(self, block: str) -> float:
        """Share of the block's word 3-grams found in the index (0..1); 1.0 for a block without words."""
        if block in self._own:
            return 1.0
        tokens = self._tokens.words(block)
        if not tokens:
            return 1.0
        if len(tokens) < NGRAM:
            # Short blocks (< 3 words) are looked up as whole word sequences inside one text.
            if self._joined is None:
                self._joined = ["".join((" ", " ".join(self._tokens.words(t)), " ")) for t in self._texts]
            needle = "".join((" ", " ".join(tokens), " "))
            return 1.0 if any(needle in j for j in self._joined) else 0.0
        grams = self._tokens.grams(block)
        return len(grams & self._grams) / len(grams)

"""Word n-gram index used to ask "does extractor X's output contain this block?"."""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD = re.compile(r"\w+", re.UNICODE)
NGRAM = 3


def words(text: str) -> list[str]:
    """Lower-cased word tokens (same tokenizer family as the benchmark metric: ``\\w+``)."""
    return WORD.findall(text.lower())


def _ngrams(tokens: list[str], n: int = NGRAM) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


class TextIndex:
    """The word 3-grams of one extractor's output, for block containment queries."""

    def __init__(self, texts: Iterable[str]) -> None:
        token_lists = [words(t) for t in texts]
        self.n_words = sum(len(t) for t in token_lists)
        self._grams: set[tuple[str, ...]] = set()
        for tokens in token_lists:
            self._grams |= _ngrams(tokens)
        # Short blocks (< 3 words) are looked up as whole word sequences inside one text.
        self._joined = ["".join((" ", " ".join(t), " ")) for t in token_lists]

    def support(self, block: str) -> float:
        """Share of the block's word 3-grams found in the index (0..1); 1.0 for a block without words."""
        tokens = words(block)
        if not tokens:
            return 1.0
        if len(tokens) < NGRAM:
            needle = "".join((" ", " ".join(tokens), " "))
            return 1.0 if any(needle in j for j in self._joined) else 0.0
        grams = _ngrams(tokens)
        return len(grams & self._grams) / len(grams)

"""Per-document memo of the surface features of paragraph texts.

Every stage looks at the same paragraphs, and several ask the same questions of each (how many
words? does it address the reader? is it a sentence?). :class:`TextFeatures` answers each question
once per distinct text, by calling the pure functions of :mod:`cleaners.features`, so a memoized
answer is the answer itself. One instance lives on each :class:`~cleaners.base.TextDoc` (never
module-wide), so nothing a document gets depends on the documents cleaned before it.
"""

from __future__ import annotations

from cleaners import features as F
from cleaners.prefilter import word_heads


class TextFeatures:
    """Memoized :mod:`cleaners.features` for the texts of one document. Returned lists are shared:
    callers must not modify them."""

    __slots__ = ("_address", "_attribution", "_glue", "_lower", "_sentence_end", "_site", "_starts",
                 "_unglued", "_words")

    def __init__(self) -> None:
        self._words: dict[str, list[str]] = {}
        self._lower: dict[str, list[str]] = {}
        self._unglued: dict[str, str] = {}
        self._glue: dict[str, int] = {}
        self._sentence_end: dict[str, bool] = {}
        self._address: dict[str, bool] = {}
        self._attribution: dict[str, bool] = {}
        self._site: dict[str, bool] = {}
        self._starts: dict[str, frozenset[str] | None] = {}

    def words(self, text: str) -> list[str]:
        got = self._words.get(text)
        if got is None:
            got = self._words[text] = F.words(text)
        return got

    def n_words(self, text: str) -> int:
        return len(self.words(text))

    def lower_words(self, text: str) -> list[str]:
        got = self._lower.get(text)
        if got is None:
            got = self._lower[text] = [w.lower() for w in self.words(text)]
        return got

    def unglue(self, text: str) -> str:
        got = self._unglued.get(text)
        if got is None:
            got = self._unglued[text] = F.unglue(text)
        return got

    def glue_points(self, text: str) -> int:
        got = self._glue.get(text)
        if got is None:
            got = self._glue[text] = F.glue_points(text)
        return got

    def is_sentence(self, text: str, min_words: int = 6) -> bool:
        """:func:`cleaners.features.is_sentence`."""
        if len(self.words(text)) < min_words:
            return False
        got = self._sentence_end.get(text)
        if got is None:
            got = self._sentence_end[text] = bool(F.SENTENCE_END_RE.search(text))
        return got

    def addresses_reader(self, text: str) -> bool:
        got = self._address.get(text)
        if got is None:
            got = self._address[text] = F.addresses_reader(text)
        return got

    def has_attribution(self, text: str) -> bool:
        got = self._attribution.get(text)
        if got is None:
            got = self._attribution[text] = F.has_attribution(text)
        return got

    def speaks_as_site(self, text: str) -> bool:
        got = self._site.get(text)
        if got is None:
            got = self._site[text] = F.speaks_as_site(text)
        return got

    def starts(self, text: str) -> frozenset[str] | None:
        """:func:`cleaners.prefilter.word_heads` (None for texts it cannot index)."""
        if text in self._starts:
            return self._starts[text]
        got = self._starts[text] = word_heads(text)
        return got

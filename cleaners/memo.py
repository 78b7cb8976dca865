"""Per-document memo of the surface features of paragraph texts.

Every stage looks at the same paragraphs, and several ask the same questions of each (how many
words? does it address the reader? is it a sentence?). :class:`TextFeatures` answers each question
once per distinct text, by calling the pure functions of :mod:`cleaners.features`, so a memoized
answer is the answer itself. One instance lives on each :class:`~cleaners.base.TextDoc` (never
module-wide), so nothing a document gets depends on the documents cleaned before it.

:class:`LowerRuns` (the ``\\w+`` runs of a text's lower case) is shared with whoever tokenised the
same texts before the cleaners (the ensemble extractor votes with these tokens), per document too; it
keeps each text's lower case and :func:`cleaners.prefilter.fold_profile` (does lower case stand for
the regex folding? is the text in the BMP, so that the faster spelled-out classes of
:mod:`cleaners.bmp` apply?), which the memo reads instead of computing them again.
"""

from __future__ import annotations

from cleaners import features as F
from cleaners.prefilter import fold_profile, word_heads_of_lowered

_MISSING = object()  # a memo's "not computed yet" (None is an answer)


class LowerRuns:
    """``text -> tuple(re.findall(r"\\w+", text.lower()))``, each text tokenised once; built per
    document (or page), never shared across documents. Returned tuples are shared and immutable."""

    __slots__ = ("_lower", "_profile", "_runs")

    def __init__(self) -> None:
        self._runs: dict[str, tuple[str, ...]] = {}
        self._lower: dict[str, str] = {}
        self._profile: dict[str, tuple[bool, bool]] = {}

    def of(self, text: str) -> tuple[str, ...]:
        got = self._runs.get(text)
        if got is None:  # a text in the BMP lower-cases to one (tests/test_clean_fast3.py)
            got = self._runs[text] = tuple(F.run_list(self.lower(text), self.profile(text)[1]))
        return got

    def profile(self, text: str) -> tuple[bool, bool]:
        """:func:`cleaners.prefilter.fold_profile` of ``text``, kept for the cleaners' memo."""
        got = self._profile.get(text)
        if got is None:
            got = self._profile[text] = fold_profile(text)
        return got

    def lower(self, text: str) -> str:
        """``text.lower()``, kept: the cleaners lower-case the texts the vote tokenised."""
        got = self._lower.get(text)
        if got is None:
            got = self._lower[text] = text.lower()
        return got


class TextFeatures:
    """Memoized :mod:`cleaners.features` for the texts of one document. Returned lists are shared:
    callers must not modify them."""

    __slots__ = ("_address", "_attribution", "_bmp", "_count", "_glue", "_lower", "_sentence_end", "_site",
                 "_starts", "_unglued", "_unquoted", "_words", "_lowered", "_runs", "_tokens")

    def __init__(self, tokens: LowerRuns | None = None) -> None:
        """``tokens``: the document's :class:`LowerRuns` when its texts were tokenised before (their
        runs are then read from it, not found again)."""
        self._tokens = LowerRuns() if tokens is None else tokens
        self._words: dict[str, list[str]] = {}
        self._lower: dict[str, list[str]] = {}
        self._count: dict[str, int] = {}  # n_words, asked ~15 times a paragraph: one lookup
        self._unglued: dict[str, str] = {}
        self._glue: dict[str, int] = {}
        self._sentence_end: dict[str, bool] = {}
        self._address: dict[str, bool] = {}
        self._attribution: dict[str, bool] = {}
        self._site: dict[str, bool] = {}
        self._starts: dict[str, frozenset[str] | None] = {}
        self._unquoted: dict[str, str] = {}
        self._lowered: dict[str, str | None] = {}
        self._bmp: dict[str, bool] = {}  # cleaners.bmp.bmp_only of the texts lowered (fold_profile)
        self._runs: dict[str, frozenset[str] | None] = {}

    def words(self, text: str) -> list[str]:
        got = self._words.get(text)
        if got is None:
            got = self._words[text] = F.words(text)
        return got

    def n_words(self, text: str) -> int:
        """``len(self.words(text))``: as many as its lower-cased words."""
        got = self._count.get(text)
        if got is None:
            got = self._count[text] = len(self.lower_words(text))
        return got

    def lower_words(self, text: str) -> list[str]:
        """``[w.lower() for w in self.words(text)]``. When :meth:`lowered` stands for case folding
        (one character for one, a letter exactly when the character is, the same for digits and the
        word separators: tests/test_clean_memo.py checks every code point) the words of the lowered
        text are at the same places, and each is its word's lower case unless the text holds a
        capital sigma (``str.lower`` writes it final or not from the characters around it, across a
        word's end). Otherwise the words are lower-cased in one call: words hold no space and
        lower-case to no space, and ``str.lower`` looks across none (its only context rule, the
        final sigma, stops at a space), so each piece of the split is its word's lower case."""
        got = self._lower.get(text)
        if got is None:
            low = self.lowered(text)
            if low is not None and "\u03a3" not in text:
                got = F.words(low, self._bmp[text])  # low is in the BMP when text is (see lowered)
            else:
                found = self.words(text)
                got = " ".join(found).lower().split(" ") if found else []
            self._lower[text] = got
        return got

    def unglue(self, text: str) -> str:
        got = self._unglued.get(text)
        if got is None:  # glue_points comes with it: one scan for both
            got, self._glue[text] = F.unglue_counted(text)
            self._unglued[text] = got
        return got

    def glue_points(self, text: str) -> int:
        got = self._glue.get(text)
        if got is None:
            self.unglue(text)
            got = self._glue[text]
        return got

    def is_sentence(self, text: str, min_words: int = 6) -> bool:
        """:func:`cleaners.features.is_sentence`."""
        if self.n_words(text) < min_words:
            return False
        got = self._sentence_end.get(text)
        if got is None:
            got = self._sentence_end[text] = F.ends_like_prose(text)
        return got

    def unquoted(self, text: str) -> str:
        got = self._unquoted.get(text)
        if got is None:
            got = self._unquoted[text] = F.unquoted(text)
        return got

    def addresses_reader(self, text: str) -> bool:
        got = self._address.get(text)
        if got is None:
            runs = self.runs(text)
            if runs is not None and runs.isdisjoint(F.ADDRESS_SCREEN):  # see F.ADDRESS_SCREEN
                got = "ez" in text and F.has_fr_imperative(self.unquoted(text))
            else:
                bare = self.unquoted(text)
                got = F.addresses_reader_unquoted(bare, self.runs(bare))
            self._address[text] = got
        return got

    def has_attribution(self, text: str) -> bool:
        got = self._attribution.get(text)
        if got is None:
            got = self._attribution[text] = F.has_attribution(text, self.runs(text))
        return got

    def speaks_as_site(self, text: str) -> bool:
        got = self._site.get(text)
        if got is None:
            runs = self.runs(text)
            if runs is not None and runs.isdisjoint(F.SITE_VOICE_SCREEN):  # see F.ADDRESS_SCREEN
                got = False
            else:
                bare = self.unquoted(text)
                got = F.speaks_as_site_unquoted(bare, self.runs(bare))
            self._site[text] = got
        return got

    def starts(self, text: str) -> frozenset[str] | None:
        """:func:`cleaners.prefilter.word_heads` (None for texts it cannot index)."""
        got = self._starts.get(text, _MISSING)
        if got is not _MISSING:
            return got  # type: ignore[return-value]
        low = self.lowered(text)
        got = self._starts[text] = None if low is None else word_heads_of_lowered(low)
        return got

    def runs(self, text: str) -> frozenset[str] | None:
        """:func:`cleaners.features.word_runs` of :meth:`lowered` (None when that is None): the set of
        :class:`LowerRuns` of the text, since :meth:`lowered` is then ``text.lower()``."""
        got = self._runs.get(text, _MISSING)
        if got is not _MISSING:
            return got  # type: ignore[return-value]
        low = self.lowered(text)
        got = self._runs[text] = None if low is None else frozenset(self._tokens.of(text))
        return got

    def lowered(self, text: str) -> str | None:
        """:func:`cleaners.folded.lowered` (None when lower case does not stand for case folding)."""
        got = self._lowered.get(text, _MISSING)
        if got is not _MISSING:
            return got  # type: ignore[return-value]
        alike, self._bmp[text] = self._tokens.profile(text)
        got = self._lowered[text] = self._tokens.lower(text) if alike else None
        return got

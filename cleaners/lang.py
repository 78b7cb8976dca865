"""Language identification with langdetect, deterministic.

Each :class:`LanguageDetector` loads its own copy of langdetect's profiles (:class:`LangModel`, seed
0), never the module-global factory, so a result depends only on the text: langdetect reseeds its
random generator from the factory seed for every detection.

:class:`_ArrayDetector` is langdetect's ``Detector`` with its hot loops rewritten, giving the same
probabilities bit for bit (same n-grams in the same order, same random draws, the same IEEE products
and quotients element by element, the same sequential ``sum``): the profiles are sparse arrays whose
full rows are made for the n-grams met (:mod:`cleaners.langmodel`); a chunk's n-grams are read with
``str.translate`` and precomputed slices (:mod:`cleaners.langgrams`) and memoized per chunk and per
word (:mod:`cleaners.langmemo`); the random numbers (``gauss``, ``choice``) are computed as CPython
does, from the seed's Mersenne Twister outputs made in bulk (:mod:`cleaners.langrandom`); the products
between two convergence checks are one numpy reduction over the drawn rows, the check reads the
leading language's share before computing a max (:func:`_lead_bounds`); ``append`` and
``cleaning_text`` avoid their per-character loops (:mod:`cleaners.langtext`).
"""

from __future__ import annotations

import functools
import random
import sys
from dataclasses import dataclass

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException

from cleaners.langgrams import chunk_words
from cleaners.langmemo import ID, Memo
from cleaners.langmodel import LangModel, ModelFactory
from cleaners.langrandom import Choices, Cursor
from cleaners.langtext import appended, cleaned


@dataclass(frozen=True)
class LangGuess:
    lang: str | None  # ISO 639-1 code, None when the text has no detectable features
    confidence: float


class LanguageDetector:
    """``seed`` fixes langdetect's sampling; ``max_chars`` caps the text read (langdetect itself
    reads at most 10,000 characters)."""

    def __init__(self, *, seed: int = 0, max_chars: int = 10_000) -> None:
        self._factory = ModelFactory(LangModel(PROFILES_DIRECTORY), seed)
        self.max_chars = max_chars
        self._memo = Memo()  # this object's own (never process-wide)

    def probabilities(self, text: str) -> dict[str, float]:
        """Language -> probability (empty when the text holds nothing to detect)."""
        probs = self._probabilities(text, None)
        assert probs is not None  # no early stop asked for
        return probs

    def _probabilities(self, text: str, stop: _Stop | None) -> dict[str, float] | None:
        detector = _ArrayDetector(self._factory, self._memo, stop)
        detector.set_max_text_length(self.max_chars)
        detector.append(text[: self.max_chars])
        try:
            return {p.lang: p.prob for p in detector.get_probabilities()}
        except LangDetectException:  # "No features in text": digits, symbols, empty
            return {}
        except _Unreachable:
            return None

    def detect(self, text: str) -> LangGuess:
        return _guess(self.probabilities(text))

    def detect_unless_below(self, text: str, lang: str, min_confidence: float) -> LangGuess | None:
        """``detect(text)``, or None when that guess certainly is not ``lang`` with a confidence of
        ``min_confidence`` or more: after each of langdetect's trials, ``lang``'s probability so far
        plus the most the remaining trials can add (each trial's probability is at most 1) is
        compared with the bound, and the trials stop once it cannot be reached (most paragraphs
        already show it after the first of seven)."""
        index = self._factory.langlist.index(lang) if lang in self._factory.langlist else None
        if index is None:
            return self.detect(text)
        probs = self._probabilities(text, _Stop(index, min_confidence - _ROUNDING_MARGIN))
        return None if probs is None else _guess(probs)


# A probability below the bound by more than this cannot round (to 4 digits) to the bound or above.
_ROUNDING_MARGIN = 1e-4


def _guess(probs: dict[str, float]) -> LangGuess:
    if not probs:
        return LangGuess(None, 0.0)
    lang = max(sorted(probs), key=lambda k: probs[k])
    return LangGuess(lang, round(probs[lang], 4))


@dataclass(frozen=True)
class _Stop:
    """Stop the trials once language ``index`` cannot reach probability ``bound``."""

    index: int
    bound: float


class _Unreachable(Exception):
    """The trials stopped early: the language asked about cannot reach its bound."""


_SLOT = np.zeros(1, dtype=np.intp)  # a placeholder row index (the row is overwritten before use)
_FIRST_ROWS = 64  # rows gathered at a trial's start (half the trials use fewer draws), then doubled
# langdetect normalizes by ``sum(prob)``: CPython before 3.12 adds the floats in order, one rounding per
# addition, as ``np.add.accumulate`` does (its last partial sum; ``np.add.reduce`` adds pairwise);
# from 3.12 ``sum`` compensates the rounding errors, and is called as it is.
_RUNNING_SUM = sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def _fresh_random() -> random.Random:
    return random.Random()


class _ArrayDetector(Detector):
    """langdetect's Detector, same results, faster (see the module docstring)."""

    def __init__(self, factory: ModelFactory, memo: Memo, stop: _Stop | None = None) -> None:
        # Detector.__init__'s attributes, but its ``random.Random()`` (seeded from the OS, ~15 us)
        # only when langdetect's own trials run (``random`` below): these trials draw from Stream.
        self.word_lang_prob_map = factory.word_lang_prob_map
        self.langlist = factory.langlist
        self.seed = factory.seed
        self.text = ""
        self.langprob = None
        self.alpha = self.ALPHA_DEFAULT
        self.n_trial = 7
        self.max_text_length = 10000
        self.prior_map = None
        self.verbose = False
        self._memo = memo
        self._stop = stop
        self._chars = factory.model.chars
        memo.bind(factory.model)

    random = functools.cached_property(lambda self: _fresh_random())

    def append(self, text: str) -> None:
        """As ``Detector.append`` (called once, on an empty detector): :func:`cleaners.langtext.appended`."""
        self.text += appended(text, self.max_text_length)

    def cleaning_text(self) -> None:
        """As ``Detector.cleaning_text``: :func:`cleaners.langtext.cleaned`."""
        self.text = cleaned(self.text)

    def _extract_ids(self) -> np.ndarray:
        """As ``Detector._extract_ngrams`` (as rows of the memo's table), one space-separated chunk at
        a time, each chunk's n-grams memoized: langdetect's n-gram buffer restarts after every space,
        so a chunk's n-grams depend only on the chunk and on whether a space follows it."""
        *chunks, last = self.text.split(" ")
        memo = self._memo
        parts = list(map(memo.spaced.get, chunks))
        parts.append(memo.chunk(memo.final, memo.old_final, last, last, self._chunk_ids))
        try:
            joined = b"".join(parts)
        except TypeError:  # a None: chunks not in the young generation
            for i, grams in enumerate(parts):
                if grams is None:
                    c = chunks[i]
                    parts[i] = memo.chunk(memo.spaced, memo.old_spaced, c, c + " ", self._chunk_ids)
            joined = b"".join(parts)
        memo.flush()
        return np.frombuffer(joined, dtype=ID)

    def _chunk_ids(self, chunk: str) -> bytes:
        """The rows of the n-grams of ``chunk`` (with its space, if any) read from a fresh buffer."""
        words = chunk_words(chunk.translate(self._chars))
        if len(words) == 1:
            return self._memo.word(words[0])
        return b"".join(map(self._memo.word, words))

    def _extract_ngrams(self) -> list[str]:
        """langdetect's n-grams, in order (for callers of the parent API)."""
        ids = self._extract_ids().tolist()  # first: it numbers the n-grams met for the first time
        names = self._memo.names()
        return [names[i] for i in ids]

    def _detect_block(self) -> None:
        """langdetect's trials, with the multiplications between two convergence checks (one draw,
        then five at a time) done on a block of rows: element by element, each probability is
        multiplied by the same factors in the same order, so every product is the same. The random
        draws are those of ``random.choice`` (see :class:`Choices`).

        ``rows[1 + j]`` holds the factors of draw j and ``rows[0]`` the starting probabilities; after
        a check, the normalized probabilities are written over the block's last row (used up), so
        the next block's product starts from them: one reduction per check, no separate multiply."""
        if self.prior_map is not None or self.verbose:  # not used here: keep langdetect's own code
            super()._detect_block()
            return
        self.cleaning_text()
        rows_of = self._extract_ids()
        if not len(rows_of):
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        table = self._memo.table
        size = len(self.langlist)
        langprob = np.zeros(size)
        rng = Cursor(self._memo.stream(self.seed))  # langdetect: self.random.seed(self.seed)
        product, threshold, limit = np.multiply.reduce, self.CONV_THRESHOLD, self.ITERATION_LIMIT
        low = _lead_bounds(threshold)
        prob, running, accumulate = np.empty(size), np.empty(size), np.add.accumulate
        lead = 0  # the language checked first (the last one found leading)
        choices = Choices(rng, len(rows_of))
        for trial in range(self.n_trial):
            alpha = self.alpha + rng.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            choices.start()
            rows = table[rows_of[np.concatenate((_SLOT, choices.take(0, _FIRST_ROWS)))]]
            rows += weight  # the factors (weight + row) of the draws
            rows[0] = 1.0 / size  # langdetect's starting probabilities
            drawn = _FIRST_ROWS  # draws whose factors are in rows
            start, end = 0, 1  # the block: draws [start, end); the check follows draw end - 1
            while True:
                if end > drawn:  # the factors of the next draws
                    more = table[rows_of[choices.take(drawn, 2 * drawn)]]
                    more += weight
                    rows = np.concatenate((rows, more))
                    drawn *= 2
                product(rows[start:end + 1], axis=0, out=prob)  # rows[start]: the probabilities so far
                if _RUNNING_SUM:  # langdetect's sum(prob): added in order
                    total = accumulate(prob, out=running).item(-1)
                else:
                    total = sum(prob.tolist())
                share = prob.item(lead) / total  # max(prob) / total when above 0.6 (_lead_bounds)
                if share <= low:
                    lead = int(prob.argmax())
                    share = prob.item(lead) / total
                if share > threshold or end - 1 >= limit:
                    prob /= total
                    break
                np.divide(prob, total, out=rows[end])  # the next block starts from them
                start, end = end, end + 5
            choices.settle(end)
            langprob += prob / self.n_trial
            if self._stop is not None:  # each later trial adds at most 1 / n_trial (slack for rounding)
                left = (self.n_trial - 1 - trial) / self.n_trial
                if langprob[self._stop.index] + left + 1e-9 < self._stop.bound:
                    raise _Unreachable
        self.langprob = langprob.tolist()


def _lead_bounds(threshold: float) -> float:
    """A share (``values[k] / total``) above which langdetect's convergence test ``max(values) / total
    > threshold`` gives the same answer as ``values[k] / total > threshold``, without the max.

    The values are >= 0 and ``total`` is their sum added in order (each partial sum rounded up or down
    by at most a relative 2**-53, so ``total`` is within 55 * 2**-53 of the exact sum S). If the share
    is above 0.6, ``values[k]`` is above S / 2, so no other value is larger: it is the max, and the
    test is the share's. If the share is above ``2 * (1 - threshold)`` (and at most 0.6), no value
    can pass the test: one above ``threshold * total`` would leave less than ``(1 - threshold) * S``
    to all the others, ``values[k]`` included. Below that bound the max is computed."""
    if not 0.6 < threshold < 1.0:
        return float("inf")  # (langdetect's threshold is 0.99999): always compute the max
    return 2.0 * (1.0 - threshold)

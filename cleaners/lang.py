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
does, from the seed's Mersenne Twister outputs made in bulk (:mod:`cleaners.langrandom`); the trials
multiply blocks of rows in a few numpy calls per convergence check (:mod:`cleaners.langtrials`);
``append`` and ``cleaning_text`` avoid their per-character loops (:mod:`cleaners.langtext`); the
results are ranked without langdetect's ``Language`` objects (:meth:`_ArrayDetector.ranked`).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException

from cleaners.langgrams import chunk_words
from cleaners.langmemo import ID, Memo
from cleaners.langmodel import LangModel, ModelFactory
from cleaners.langrandom import Choices, Cursor
from cleaners.langtext import appended, cleaned
from cleaners.langtrials import Scratch, Settings, Stop, Unreachable
from cleaners.langtrials import run as trials

_PROB = itemgetter(1)


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
        self._scratch: Scratch | None = None  # made by the first detection (one thread at a time)

    def probabilities(self, text: str) -> dict[str, float]:
        """Language -> probability (empty when the text holds nothing to detect)."""
        probs = self._probabilities(text, None)
        assert probs is not None  # no early stop asked for
        return probs

    def _probabilities(self, text: str, stop: Stop | None) -> dict[str, float] | None:
        detector = _ArrayDetector(self._factory, self._memo, stop, self._scratch)
        detector.set_max_text_length(self.max_chars)
        detector.append(text[: self.max_chars])
        try:
            return dict(detector.ranked())  # get_probabilities(), as pairs
        except LangDetectException:  # "No features in text": digits, symbols, empty
            return {}
        except Unreachable:
            return None
        finally:
            self._scratch = detector.scratch

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
        probs = self._probabilities(text, Stop(index, min_confidence - _ROUNDING_MARGIN))
        return None if probs is None else _guess(probs)


# A probability below the bound by more than this cannot round (to 4 digits) to the bound or above.
_ROUNDING_MARGIN = 1e-4


def _guess(probs: dict[str, float]) -> LangGuess:
    if not probs:
        return LangGuess(None, 0.0)
    lang = max(sorted(probs), key=lambda k: probs[k])
    return LangGuess(lang, round(probs[lang], 4))


def _fresh_random() -> random.Random:
    return random.Random()


class _ArrayDetector(Detector):
    """langdetect's Detector, same results, faster (see the module docstring)."""

    def __init__(self, factory: ModelFactory, memo: Memo, stop: Stop | None = None,
                 scratch: Scratch | None = None) -> None:
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
        self.scratch = scratch  # made (or replaced) by _detect_block when missing or unfit
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
        """langdetect's trials (:func:`cleaners.langtrials.run`) on the rows of the n-grams read; the
        random draws are those of ``random.gauss`` and ``random.choice`` (:mod:`cleaners.langrandom`)."""
        if self.prior_map is not None or self.verbose:  # not used here: keep langdetect's own code
            super()._detect_block()
            return
        self.cleaning_text()
        rows_of = self._extract_ids()
        if not len(rows_of):
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        table = self._memo.table
        if table.shape[1] != len(self.langlist):  # profiles dir with other files: langdetect's own code
            super()._detect_block()
            return
        settings = Settings(self.n_trial, self.alpha, self.ALPHA_WIDTH, self.BASE_FREQ, self.CONV_THRESHOLD,
                            self.ITERATION_LIMIT)
        self.scratch = Scratch.fitting(self.scratch, settings, table.shape[1])
        rng = Cursor(self._memo.stream(self.seed))  # langdetect: self.random.seed(self.seed)
        choices = Choices(rng, len(rows_of), rows_of)  # the draws, as rows of the table
        self.langprob = trials(table, choices, settings, self.scratch, self._stop)

    def ranked(self) -> list[tuple[str, float]]:
        """``get_probabilities()`` as (language, probability) pairs: those above ``PROB_THRESHOLD``, by
        probability, highest first, ties in ``langlist`` order (``list.sort(reverse=True)`` keeps the
        order of equal items, as ``_sort_probability``'s sort of ``Language`` objects does)."""
        if self.langprob is None:
            self._detect_block()
        threshold = self.PROB_THRESHOLD
        kept = [(lang, p) for lang, p in zip(self.langlist, self.langprob, strict=True) if p > threshold]
        kept.sort(key=_PROB, reverse=True)
        return kept

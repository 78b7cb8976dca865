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
        self._buffers: _Buffers | None = None  # made by the first detection (one thread at a time)

    def probabilities(self, text: str) -> dict[str, float]:
        """Language -> probability (empty when the text holds nothing to detect)."""
        probs = self._probabilities(text, None)
        assert probs is not None  # no early stop asked for
        return probs

    def _probabilities(self, text: str, stop: _Stop | None) -> dict[str, float] | None:
        detector = _ArrayDetector(self._factory, self._memo, stop, self._buffers)
        detector.set_max_text_length(self.max_chars)
        detector.append(text[: self.max_chars])
        try:
            return {p.lang: p.prob for p in detector.get_probabilities()}
        except LangDetectException:  # "No features in text": digits, symbols, empty
            return {}
        except _Unreachable:
            return None
        finally:
            self._buffers = detector.buffers

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


_FIRST_ROWS = 64  # draws gathered at a trial's start (half the trials use fewer), then doubled
# langdetect normalizes by ``sum(prob)``: CPython before 3.12 adds the floats in order, one rounding per
# addition, as ``np.add.accumulate`` does (its last partial sum; ``np.add.reduce`` adds pairwise);
# from 3.12 ``sum`` compensates the rounding errors, and is called as it is.
_RUNNING_SUM = sys.implementation.name == "cpython" and sys.version_info < (3, 12)


class _Buffers:
    """A detector's scratch arrays, overwritten by every detection before they are read (never a
    result carried from one text to the next), and views of them made once: ``rows`` holds a trial's
    starting probabilities (row 0) and the factors of its draws (row ``1 + j`` for draw j; room for
    langdetect's most, ``limit + 1``); ``checks`` lists, for each convergence check, the end of its
    block of draws, the rows its product reads and the row its normalized probabilities overwrite;
    ``spans`` the draws gathered at once (the first ``_FIRST_ROWS``, then doubling) and their rows;
    ``prob`` a product, ``running`` the partial sums of ``prob``."""

    def __init__(self, limit: int, width: int) -> None:
        self.limit, self.width = limit, width
        self.rows = rows = np.empty((limit + 2, width))
        self.first = rows[0]
        ends = range(1, limit + 2, 5)  # langdetect checks after draws 0, 5, 10... and stops at limit
        starts = (0, *ends[:-1])
        self.checks = [(end, rows[start:end + 1], rows[end]) for start, end in zip(starts, ends, strict=True)]
        bounds = [0, min(_FIRST_ROWS, limit + 1)]
        while bounds[-1] < limit + 1:
            bounds.append(min(2 * bounds[-1], limit + 1))
        self.spans = [(lo, hi, rows[lo + 1:hi + 1]) for lo, hi in zip(bounds, bounds[1:], strict=False)]
        self.prob, self.running = np.empty(width), np.empty(width)

    def fits(self, limit: int, width: int) -> bool:
        return self.limit == limit and self.width == width


def _fresh_random() -> random.Random:
    return random.Random()


class _ArrayDetector(Detector):
    """langdetect's Detector, same results, faster (see the module docstring)."""

    def __init__(self, factory: ModelFactory, memo: Memo, stop: _Stop | None = None,
                 buffers: _Buffers | None = None) -> None:
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
        self.buffers = buffers
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
        size, limit, n_trial = len(self.langlist), self.ITERATION_LIMIT, self.n_trial
        buffers = self.buffers
        if buffers is None or not buffers.fits(limit, table.shape[1]):
            buffers = self.buffers = _Buffers(limit, table.shape[1])
        prob, running, first, spans = buffers.prob, buffers.running, buffers.first, buffers.spans
        langprob = np.zeros(size)
        rng = Cursor(self._memo.stream(self.seed))  # langdetect: self.random.seed(self.seed)
        product, accumulate, divide, gather = np.multiply.reduce, np.add.accumulate, np.divide, table.take
        threshold, low, running_sum = self.CONV_THRESHOLD, _lead_bounds(self.CONV_THRESHOLD), _RUNNING_SUM
        start = 1.0 / size  # langdetect's starting probabilities
        lead = 0  # the language checked first (the last one found leading)
        choices = Choices(rng, len(rows_of), rows_of)  # the draws, as rows of the table
        for trial in range(n_trial):
            alpha = self.alpha + rng.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            choices.start()
            first[:] = start
            span = 0
            _, drawn, new = spans[0]  # draws whose factors are in rows
            gather(choices.take(0, drawn), 0, new, "clip")
            new += weight  # the factors (weight + row) of the draws
            for end, block, normal in buffers.checks:  # block: the probabilities so far, the factors
                if end > drawn:  # the factors of the next draws
                    span += 1
                    lo, drawn, new = spans[span]
                    gather(choices.take(lo, drawn), 0, new, "clip")
                    new += weight
                product(block, 0, None, prob)
                if running_sum:  # langdetect's sum(prob): added in order
                    total = accumulate(prob, 0, None, running).item(-1)
                else:
                    total = sum(prob.tolist())
                divide(prob, total, normal)  # over the block's last factors (used): the next block's start
                share = normal.item(lead)  # max(normal) when above 0.6 (_lead_bounds)
                if share <= low:
                    lead = int(normal.argmax())
                    share = normal.item(lead)
                if share > threshold:
                    break
            choices.settle(end)
            langprob += normal / n_trial
            if self._stop is not None:  # each later trial adds at most 1 / n_trial (slack for rounding)
                left = (n_trial - 1 - trial) / n_trial
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

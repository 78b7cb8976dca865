"""Language identification with langdetect, deterministic.

Each :class:`LanguageDetector` loads its own private ``DetectorFactory`` (profiles read once per
object, seed 0), never the module-global factory, so a result depends only on the text: langdetect
reseeds its random generator from the factory seed for every detection.

:class:`_ArrayDetector` is langdetect's ``Detector`` with its hot loops rewritten, giving the same
probabilities bit for bit (same n-grams in the same order, same random draws, the same IEEE products
and quotients element by element, the same sequential ``sum``): n-gram extraction memoizes
langdetect's per-character normalization and each space-separated chunk's n-grams (as rows of one
table of language probabilities, grown as n-grams are met); the random numbers (``gauss``,
``choice``) are computed as CPython does, from the seed's Mersenne Twister outputs made in bulk; the
products between two convergence checks are one numpy reduction over the drawn rows; ``append``
and ``cleaning_text`` avoid their per-character loops.
"""

from __future__ import annotations

import functools
import random
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from cleaners.langgrams import chunk_grams
from cleaners.langmodel import LangModel, ModelFactory
from cleaners.langrandom import Cursor, Draws, Stream


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
        self._memo = _Memo()  # this object's own (never process-wide)

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


# Chunks memoized per LanguageDetector, at most (bounds memory on a long run): two generations of up to
# half as many each; when the young one is full it becomes the old one and the old one is dropped (a chunk
# met again is promoted back), so the chunks in use stay. A chunk's rows are 4-byte ints: ~210 bytes a
# chunk, ~21 MB at most (one table of 8-byte rows emptied when full held ~340 bytes a chunk).
MAX_MEMO = 100_000
_ID, _ID_CODE = np.int32, "i"  # an n-gram's row in the memo's table (langdetect has < 2**31 n-grams)
assert array(_ID_CODE).itemsize == np.dtype(_ID).itemsize
_SPACE_RUN_RE = re.compile(" {2,}")
_LATIN_RE = re.compile("[A-z]")  # langdetect's test: 'A' <= ch <= 'z'
# ch >= '\u0300': langdetect's non-Latin characters (its exception for Latin Extended Additional
# compares unicode_block's number with a name, so it never applies)
_HIGH_RE = re.compile("[^\x00-\u02ff]")
_SLOT = np.zeros(1, dtype=np.intp)  # a placeholder row index (the row is overwritten before use)
_UNKNOWN = repeat(0)  # dict.get's default for an n-gram the profiles lack (0: never a row)
_FIRST_ROWS = 64  # rows gathered at a trial's start (half the trials use fewer draws), then doubled


def _fresh_random() -> random.Random:
    return random.Random()


@dataclass
class _Memo:
    """Tables of pure functions (a result never depends on what they hold): n-gram -> its row in
    ``table`` (its language probabilities; rows made for the n-grams met, in a batch after each text:
    ``flush``), chunk (followed by a space, or last) -> the rows of its n-grams.

    ``codes``: the model's n-grams -> their row (from 1) or, until it is made, the model's negative
    code; ``pending``: the model numbers of the rows numbered but not yet filled (the last ones)."""

    model: LangModel | None = None
    codes: dict[str, int] = field(default_factory=dict)
    table: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))
    rows: int = 1  # rows numbered (row 0 is never one: 0 stands for an unknown n-gram)
    pending: list[int] = field(default_factory=list)
    spaced: dict[str, bytes] = field(default_factory=dict)  # chunks followed by a space (_ID rows)
    streams: dict[int, Stream] = field(default_factory=dict)  # seed -> its random stream
    final: dict[str, bytes] = field(default_factory=dict)  # the text's last chunk
    old_spaced: dict[str, bytes] = field(default_factory=dict)  # the previous generation of each
    old_final: dict[str, bytes] = field(default_factory=dict)

    def bind(self, model: LangModel) -> None:
        """Use ``model``'s n-grams (on first use; a memo serves one model)."""
        if self.model is None:
            self.model, self.codes = model, dict(model.codes)
            self.table = np.zeros((1, model.width))  # row 0
        elif self.model is not model:
            raise ValueError("this memo holds another model's rows")

    def chunk(self, table: dict[str, bytes], old: dict[str, bytes], chunk: str, text: str,
              make: Callable[[str], bytes]) -> bytes:
        """The rows of ``chunk`` in ``table`` (``spaced`` or ``final``), from the old generation ``old``
        or ``make(text)`` when it is in neither."""
        got = table.get(chunk)
        if got is None:
            got = old.get(chunk)
            table[chunk] = got = make(text) if got is None else got
            if len(self.spaced) + len(self.final) >= MAX_MEMO // 2:
                self.old_spaced, self.old_final = self.spaced, self.final
                self.spaced, self.final = {}, {}
        return got

    def stream(self, seed: int) -> Stream:
        got = self.streams.get(seed)
        if got is None:
            got = self.streams[seed] = Stream(seed)
        return got

    def ids(self, grams: list[str]) -> bytes:
        """The rows of the n-grams of ``grams`` the profiles hold, in order (rows numbered for the new
        ones; filled by ``flush``)."""
        got = list(map(self.codes.get, grams, _UNKNOWN))
        if min(got, default=0) < 0:
            got = [self._number(w) if i < 0 else i for w, i in zip(grams, got, strict=True)]
        return array(_ID_CODE, filter(None, got)).tobytes()

    def _number(self, gram: str) -> int:
        i = self.codes[gram]  # again: the n-gram may have been numbered earlier in the chunk
        if i < 0:
            self.pending.append(-i)
            i = self.codes[gram] = self.rows
            self.rows += 1
        return i

    def flush(self) -> None:
        """Fill the rows numbered since the last flush (the table grows by doubling)."""
        if not self.pending:
            return
        assert self.model is not None
        first = self.rows - len(self.pending)
        if self.rows > len(self.table):
            grown = np.zeros((max(1024, 2 * self.rows), self.model.width))
            grown[:first] = self.table[:first]
            self.table = grown
        self.table[first:self.rows] = self.model.dense(np.array(self.pending))
        self.pending.clear()


class _ArrayDetector(Detector):
    """langdetect's Detector, same results, faster (see the module docstring)."""

    def __init__(self, factory: ModelFactory, memo: _Memo, stop: _Stop | None = None) -> None:
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
        """As ``Detector.append`` (called once, on an empty detector): the same substitutions and
        cut, and a space is dropped when the character before it is a space, with one regex instead
        of a character loop. A substitution is skipped when the text lacks a character every match
        holds ("http", "@", a Vietnamese combining mark)."""
        if "http" in text:
            text = self.URL_RE.sub(" ", text)
        if "@" in text:
            text = self.MAIL_RE.sub(" ", text)
        if any(mark in text for mark in NGram.DMARK_CLASS):
            text = NGram.normalize_vi(text)
        text = text[: self.max_text_length]
        if "  " in text:  # every match holds two spaces (the regex alone scans ~10 ns a character)
            text = _SPACE_RUN_RE.sub(" ", text)
        self.text += text

    def cleaning_text(self) -> None:
        """As ``Detector.cleaning_text``: when the non-Latin characters (from U+0300 up) are more than
        twice the Latin ones ('A' to 'z'), the Latin ones are removed; counted with regexes instead
        of a loop with a Unicode block lookup per character (Latin counted only as far as needed)."""
        text = self.text
        if text.isascii():
            return  # no character from U+0300 up
        # the characters above U+00FF (dropped by the encoding) bound the non-Latin count from above
        bound = len(text) - len(text.encode("latin-1", "ignore"))
        if _latin_reaches(text, bound):
            return  # 2 * latin >= bound >= non-Latin: langdetect keeps the text
        if not _latin_reaches(text, len(_HIGH_RE.findall(text))):
            self.text = _LATIN_RE.sub("", text)

    def _extract_ids(self) -> np.ndarray:
        """As ``Detector._extract_ngrams`` (as rows of the memo's table), one space-separated chunk at
        a time, each chunk's n-grams memoized: langdetect's n-gram buffer restarts after every space,
        so a chunk's n-grams depend only on the chunk and on whether a space follows it."""
        *chunks, last = self.text.split(" ")
        memo = self._memo
        parts = list(map(memo.spaced.get, chunks))
        if None in parts:  # chunks not in the young generation
            for i, grams in enumerate(parts):
                if grams is None:
                    c = chunks[i]
                    parts[i] = memo.chunk(memo.spaced, memo.old_spaced, c, c + " ", self._chunk_ids)
        parts.append(memo.chunk(memo.final, memo.old_final, last, last, self._chunk_ids))
        memo.flush()
        return np.frombuffer(b"".join(parts), dtype=_ID)

    def _chunk_ids(self, chunk: str) -> bytes:
        """The rows of the n-grams of ``chunk`` (with its space, if any) read from a fresh buffer."""
        return self._memo.ids(chunk_grams(chunk.translate(self._chars)))

    def _extract_ngrams(self) -> list[str]:
        """langdetect's n-grams, in order (for callers of the parent API)."""
        ids = self._extract_ids().tolist()  # first: it numbers the n-grams met for the first time
        names = {i: w for w, i in self._memo.codes.items() if i > 0}
        return [names[i] for i in ids]

    def _detect_block(self) -> None:
        """langdetect's trials, with the multiplications between two convergence checks (one draw,
        then five at a time) done on a block of rows: element by element, each probability is
        multiplied by the same factors in the same order, so every product is the same. The random
        draws are those of ``random.choice`` (see :class:`Draws`).

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
        prob = np.empty(size)
        lead = 0  # the language checked first (the last one found leading)
        for trial in range(self.n_trial):
            alpha = self.alpha + rng.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            draws = Draws(rng, len(rows_of))
            picked = draws.more()  # the draws made so far (indices into rows_of)
            drawn = min(len(picked), _FIRST_ROWS)  # draws whose factors are in rows
            rows = table[rows_of[np.concatenate((_SLOT, picked[:drawn]))]]
            rows += weight  # the factors (weight + row) of the draws
            rows[0] = 1.0 / size  # langdetect's starting probabilities
            start, end = 0, 1  # the block: draws [start, end); the check follows draw end - 1
            while True:
                while end > drawn:  # the factors of the next draws
                    if drawn == len(picked):
                        picked = np.concatenate((picked, draws.more()))
                    more = table[rows_of[picked[drawn:2 * drawn + _FIRST_ROWS]]]
                    more += weight
                    rows = np.concatenate((rows, more))
                    drawn = len(rows) - 1
                product(rows[start:end + 1], axis=0, out=prob)  # rows[start]: the probabilities so far
                values = prob.tolist()
                total = sum(values)  # builtin sum: langdetect's summation order
                share = values[lead] / total  # max(values) / total when above 0.6 (_lead_bounds)
                if share <= low:
                    top = max(values)
                    lead, share = values.index(top), top / total
                if share > threshold or end - 1 >= limit:
                    prob /= total
                    break
                np.divide(prob, total, out=rows[end])  # the next block starts from them
                start, end = end, end + 5
            draws.settle(end)
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


def _latin_reaches(text: str, count: int) -> bool:
    """Twice the Latin characters of ``text`` ('A' to 'z') are ``count`` or more (counted only as far
    as needed)."""
    if count <= 0:
        return True
    latin = 0
    for _ in _LATIN_RE.finditer(text):
        latin += 1
        if 2 * latin >= count:
            return True
    return False

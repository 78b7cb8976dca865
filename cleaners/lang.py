"""Language identification with langdetect, deterministic.

Each :class:`LanguageDetector` loads its own private ``DetectorFactory`` (profiles read once per
object, seed 0), never the module-global factory, so a result depends only on the text: langdetect
reseeds its random generator from the factory seed for every detection.

:class:`_ArrayDetector` is langdetect's ``Detector`` with its two hot loops rewritten, giving the
same probabilities bit for bit (same n-grams in the same order, same random draws, the same IEEE
products and quotients element by element, the same sequential ``sum``): n-gram extraction memoizes
langdetect's per-character normalization and each space-separated chunk's n-grams, and the
per-language probability update works on numpy rows instead of a Python loop over 55 languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram


@dataclass(frozen=True)
class LangGuess:
    lang: str | None  # ISO 639-1 code, None when the text has no detectable features
    confidence: float


class LanguageDetector:
    """``seed`` fixes langdetect's sampling; ``max_chars`` caps the text read (langdetect itself
    reads at most 10,000 characters)."""

    def __init__(self, *, seed: int = 0, max_chars: int = 10_000) -> None:
        self._factory = DetectorFactory()
        self._factory.load_profile(PROFILES_DIRECTORY)
        self._factory.seed = seed
        self.max_chars = max_chars
        self._memo = _Memo()  # this object's own (never process-wide)

    def probabilities(self, text: str) -> dict[str, float]:
        """Language -> probability (empty when the text holds nothing to detect)."""
        detector = _ArrayDetector(self._factory, self._memo)
        detector.set_max_text_length(self.max_chars)
        detector.append(text[: self.max_chars])
        try:
            return {p.lang: p.prob for p in detector.get_probabilities()}
        except LangDetectException:  # "No features in text": digits, symbols, empty
            return {}

    def detect(self, text: str) -> LangGuess:
        probs = self.probabilities(text)
        if not probs:
            return LangGuess(None, 0.0)
        lang = max(sorted(probs), key=lambda k: probs[k])
        return LangGuess(lang, round(probs[lang], 4))


# Chunks memoized per LanguageDetector before the table is emptied (bounds memory on a long run).
MAX_MEMO = 100_000


@dataclass
class _Memo:
    """Tables of pure functions (a result never depends on what they hold): n-gram -> its row of
    language probabilities, character -> langdetect's normalized character, (chunk, followed by a
    space) -> its n-grams."""

    rows: dict[str, np.ndarray] = field(default_factory=dict)
    chars: dict[str, str] = field(default_factory=dict)
    chunks: dict[tuple[str, bool], list[str]] = field(default_factory=dict)


class _ArrayDetector(Detector):
    """langdetect's Detector, same results, faster (see the module docstring)."""

    def __init__(self, factory: DetectorFactory, memo: _Memo) -> None:
        super().__init__(factory)
        self._memo = memo

    def _extract_ngrams(self) -> list[str]:
        """As ``Detector._extract_ngrams``, one space-separated chunk at a time, each chunk's n-grams
        memoized: langdetect's n-gram buffer restarts after every space, so a chunk's n-grams depend
        only on the chunk and on whether a space follows it."""
        chunks = self.text.split(" ")
        last = len(chunks) - 1
        memo = self._memo.chunks
        result: list[str] = []
        for i, chunk in enumerate(chunks):
            key = (chunk, i < last)
            grams = memo.get(key)
            if grams is None:
                grams = memo[key] = self._chunk_ngrams(chunk + " " if i < last else chunk)
            result += grams
        if len(memo) > MAX_MEMO:
            memo.clear()
        return result

    def _chunk_ngrams(self, text: str) -> list[str]:
        """langdetect's loop (``NGram.add_char`` inlined, normalization memoized) from a fresh buffer."""
        known = self.word_lang_prob_map
        chars = self._memo.chars
        result: list[str] = []
        grams, capital = " ", False
        for raw in text:
            ch = chars.get(raw)
            if ch is None:
                ch = chars[raw] = NGram.normalize(raw)
            last = grams[-1]
            if last == " ":
                grams, capital = " ", False
                if ch == " ":
                    continue
            elif len(grams) >= NGram.N_GRAM:
                grams = grams[1:]
            grams += ch
            if ch.isupper():
                if last.isupper():
                    capital = True
            else:
                capital = False
            if capital:
                continue
            for n in (1, 2, 3):
                if len(grams) < n:
                    break
                w = grams[-n:]
                if w != " " and w in known:
                    result.append(w)
        return result

    def _row(self, word: str) -> np.ndarray:
        row = self._memo.rows.get(word)
        if row is None:
            row = self._memo.rows[word] = np.array(self.word_lang_prob_map[word], dtype=np.float64)
        return row

    def _detect_block(self) -> None:
        if self.prior_map is not None or self.verbose:  # not used here: keep langdetect's own code
            super()._detect_block()
            return
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        rows = {w: self._row(w) for w in set(ngrams)}
        size = len(self.langlist)
        langprob = np.zeros(size)
        shifted = np.empty(size)
        self.random.seed(self.seed)
        for _ in range(self.n_trial):
            prob = np.full(size, 1.0 / size)
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            i = 0
            while True:
                np.add(weight, rows[self.random.choice(ngrams)], out=shifted)
                np.multiply(prob, shifted, out=prob)
                if i % 5 == 0:
                    prob /= sum(prob.tolist())  # builtin sum: langdetect's summation order
                    if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                        break
                i += 1
            langprob += prob / self.n_trial
        self.langprob = langprob.tolist()

"""Language identification with langdetect, deterministic.

Each :class:`LanguageDetector` loads its own private ``DetectorFactory`` (profiles read once per
object, seed 0), never the module-global factory, so a result depends only on the text: langdetect
reseeds its random generator from the factory seed for every detection.
"""

from __future__ import annotations

from dataclasses import dataclass

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException


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

    def probabilities(self, text: str) -> dict[str, float]:
        """Language -> probability (empty when the text holds nothing to detect)."""
        detector = self._factory.create()
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

"""langdetect's own Detector on a private, seeded factory: what ``cleaners.lang.LanguageDetector`` must
reproduce bit for bit (shared by the tests that compare them)."""

from __future__ import annotations

from collections.abc import Callable

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException


def reference_factory() -> DetectorFactory:
    """A factory of its own (not langdetect's module-global one), with every profile loaded."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


def reference_probabilities(factory: DetectorFactory, text: str, seed: int = 0) -> dict[str, float]:
    """langdetect's probabilities for ``text`` with ``seed`` (its factory seeds every detection)."""
    factory.seed = seed
    det = factory.create()
    det.append(text)
    try:
        return {p.lang: p.prob for p in det.get_probabilities()}
    except LangDetectException:
        return {}


def langdetect_reference() -> Callable[[str], dict[str, float]]:
    factory = reference_factory()
    return lambda text: reference_probabilities(factory, text)

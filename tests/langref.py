"""langdetect's own Detector on a private, seeded factory: what ``cleaners.lang.LanguageDetector`` must
reproduce bit for bit (shared by the tests that compare them)."""

from __future__ import annotations

from collections.abc import Callable


def langdetect_reference() -> Callable[[str], dict[str, float]]:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0

    def probabilities(text: str) -> dict[str, float]:
        det = factory.create()
        det.append(text)
        try:
            return {p.lang: p.prob for p in det.get_probabilities()}
        except LangDetectException:
            return {}

    return probabilities

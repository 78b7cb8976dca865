"""Isolated paragraphs in the other corpus language: the English title of a French article pasted
into its body, a lone French line in an English article. Detected with langdetect per paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.base import Stage, TextDoc, Verdict
from cleaners.features import words
from cleaners.lang import LanguageDetector

# The corpus languages: a French paragraph in an English article (and vice versa) is off-language.
CORPUS_LANGS = ("fr", "en")


@dataclass
class OffLanguageStage(Stage):
    """Drops isolated off-language paragraphs.

    ``min_words``: langdetect is unreliable under ~8 words (names, acronyms). ``min_prob``: the
    paragraph must be the other language with probability 0.95 at least. ``max_run``: at most two
    consecutive off-language paragraphs count as isolated; ``max_share``: if more than a quarter of
    the paragraphs are in the other language the document is bilingual and nothing is dropped.
    """

    detector: LanguageDetector = field(default_factory=LanguageDetector)
    min_words: int = 8
    min_prob: float = 0.95
    max_run: int = 2
    max_share: float = 0.25
    name = "off_language"

    def judge(self, doc: TextDoc) -> dict[int, Verdict]:
        if doc.lang not in CORPUS_LANGS:
            return {}
        others = [lang for lang in CORPUS_LANGS if lang != doc.lang]
        live = doc.live()
        flags = [self._is_other(p.text, others) for p in live]
        if not live or sum(flags) > self.max_share * len(live):
            return {}
        out: dict[int, Verdict] = {}
        for start, end in _runs(flags):
            if end - start <= self.max_run:
                for para in live[start:end]:
                    out[para.position] = Verdict(f"isolated_{self._lang(para.text)}")
        return out

    def _is_other(self, text: str, others: list[str]) -> bool:
        if len(words(text)) < self.min_words:
            return False
        return self._lang(text) in others and self.detector.detect(text).confidence >= self.min_prob

    def _lang(self, text: str) -> str | None:
        return self.detector.detect(text).lang


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """[start, end) index ranges of consecutive True values."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    return runs

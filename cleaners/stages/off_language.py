"""Isolated paragraphs in the other corpus language: the English title of a French article pasted
into its body, a lone French line in an English article. Detected with langdetect per paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.base import Stage, TextDoc, Verdict
from cleaners.lang import LangGuess, LanguageDetector

# The corpus languages: a French paragraph in an English article (and vice versa) is off-language.
CORPUS_LANGS = ("fr", "en")
# Words that are frequent in one corpus language and absent from the other (no "a", "on", "me").
FUNCTION_WORDS = {
    "fr": frozenset("le la les des du et est une dans pour que qui sur par avec au aux ont été cette son "
                    "ses leur leurs mais ou où sont plus pas ne sa ces nous vous il elle ils elles".split()),
    "en": frozenset("the and of to is was for that with are were this from by have has had which be been "
                    "their they its it at or not but will would an who said".split()),
}


@dataclass
class OffLanguageStage(Stage):
    """Drops isolated off-language paragraphs.

    ``min_words``: langdetect is unreliable under ~8 words (names, acronyms). ``min_prob``: the
    paragraph must be the other language with probability 0.95 at least. ``max_run``: at most two
    consecutive off-language paragraphs count as isolated; ``max_share``: if more than a quarter of
    the paragraphs (and more than one) are in the other language the document is bilingual and
    nothing is dropped.
    ``min_function_words``: a paragraph with three function words of the document language and
    none of the other is not sent to langdetect.
    """

    detector: LanguageDetector = field(default_factory=LanguageDetector)
    min_words: int = 8
    min_prob: float = 0.95
    max_run: int = 2
    max_share: float = 0.25
    min_function_words: int = 3
    name = "off_language"

    def judge(self, doc: TextDoc) -> dict[int, Verdict]:
        if doc.lang not in CORPUS_LANGS:
            return {}
        others = [lang for lang in CORPUS_LANGS if lang != doc.lang]
        live = doc.live()
        guesses: dict[str, LangGuess] = {}  # langdetect's answer per text, asked once per document
        flags = [self._is_other(p.text, others, doc.lang, doc, guesses) for p in live]
        if sum(flags) > 1 and sum(flags) > self.max_share * len(live):
            return {}  # bilingual document: a single off-language paragraph is always isolated
        out: dict[int, Verdict] = {}
        for start, end in _runs(flags):
            if end - start <= self.max_run:
                for para in live[start:end]:
                    out[para.position] = Verdict(f"isolated_{self._detect(para.text, guesses).lang}")
        return out

    def _is_other(self, text: str, others: list[str], own: str, doc: TextDoc,
                  guesses: dict[str, LangGuess]) -> bool:
        if doc.features.n_words(text) < self.min_words:  # len(lower_words): counted by earlier stages
            return False
        if _clearly(own, doc.features.lower_words(text), self.min_function_words):
            return False
        if len(others) == 1:  # langdetect may stop early when the paragraph cannot be that language
            other = self.detector.detect_unless_below(text, others[0], self.min_prob)
            if other is None:
                return False
            guesses[text] = other
        guess = self._detect(text, guesses)
        return guess.lang in others and guess.confidence >= self.min_prob

    def _detect(self, text: str, guesses: dict[str, LangGuess]) -> LangGuess:
        guess = guesses.get(text)
        if guess is None:
            guess = guesses[text] = self.detector.detect(text)
        return guess


_OTHER_WORDS = {lang: frozenset().union(*(fw for lg, fw in FUNCTION_WORDS.items() if lg != lang))
                for lang in FUNCTION_WORDS}


def _clearly(lang: str, tokens: list[str], minimum: int) -> bool:
    """Cheap pre-check that spares langdetect (~2-20 ms a call): the paragraph uses at least
    ``minimum`` function words of ``lang`` and none of the other corpus language."""
    if not _OTHER_WORDS[lang].isdisjoint(tokens):
        return False  # a function word of the other language
    return sum(map(FUNCTION_WORDS[lang].__contains__, tokens)) >= minimum  # own function words, counted


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

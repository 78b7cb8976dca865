"""Run the cleaning stages over one plain-text document."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cleaners.base import Removal, Stage, TextDoc
from cleaners.features import WORD_RE
from cleaners.lang import LangGuess, LanguageDetector
from cleaners.memo import LowerRuns
from cleaners.stages import (
    AccountStage,
    BoilerplateRegionStage,
    BylineStage,
    CaptionStage,
    ConsentStage,
    DateWidgetStage,
    DuplicateStage,
    NavigationStage,
    OffLanguageStage,
    ReadAlsoStage,
    ReadingTimeStage,
    SocialStage,
)

LANGS = ("fr", "en", "auto")
# Characters of a document given to langdetect for its language: a few paragraphs settle it, and
# langdetect's cost grows with the text (it reads up to 10,000 characters). The longest paragraphs
# are taken (article prose, rather than the menus and button rows that often come first).
DOC_LANG_SAMPLE_CHARS = 3000
# Below this many words langdetect guesses ("OK" -> Portuguese, confidence 1.0) and is slowest (it
# iterates without converging): the language is reported unknown instead.
MIN_DETECT_WORDS = 5


@dataclass
class CleanResult:
    text: str  # kept paragraphs joined by "\n"
    paragraphs: list[str]
    removed: list[Removal]  # input order
    lang: str | None
    lang_confidence: float | None  # None when the language was given, not detected
    metadata: dict[str, Any] = field(default_factory=dict)
    stats: Counter[str] = field(default_factory=Counter)


def default_stages(detector: LanguageDetector | None = None) -> list[Stage]:
    """The stages in order: per-line kinds first, then repeats, then language, then the context
    stage that needs the others' removals. Build once and pass ``stages=`` to :func:`clean` for many
    documents: the language stage loads langdetect profiles (~0.4 s)."""
    return [
        NavigationStage(),
        ConsentStage(),
        AccountStage(),
        SocialStage(),
        ReadingTimeStage(),
        DateWidgetStage(),
        BylineStage(),
        CaptionStage(),
        ReadAlsoStage(),
        DuplicateStage(),
        OffLanguageStage(detector=detector or LanguageDetector()),
        BoilerplateRegionStage(),
    ]


def clean(
    text: str, *, lang: str = "auto", title: str | None = None, stages: Sequence[Stage] | None = None,
    tokens: LowerRuns | None = None,
) -> CleanResult:
    """Clean ``text`` (paragraphs separated by newlines; blank lines ignored).

    ``lang`` is "fr", "en" or "auto" (detected with the language stage's detector). Raises
    ValueError for any other ``lang``. ``tokens``: the :class:`cleaners.memo.LowerRuns` that
    tokenised this document's paragraphs before (e.g. the extractor's), reused instead of
    tokenising them again.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    stages = default_stages() if stages is None else list(stages)
    doc = TextDoc.from_text(text, title=title, tokens=tokens)
    doc.stats["clean/paragraphs"] = len(doc.paragraphs)
    if lang == "auto":
        sample = _language_sample(doc)
        guess = LangGuess(None, 0.0)
        if _has_words(sample, MIN_DETECT_WORDS):
            guess = _detector_for(stages).detect(sample)
        doc.lang, doc.lang_confidence = guess.lang, guess.confidence
        doc.stats[f"clean/lang/{guess.lang or 'unknown'}"] += 1
    else:
        doc.lang = lang
    for stage in stages:
        stage.run(doc)
    kept = [p.text for p in doc.live()]
    doc.stats["clean/kept"] = len(kept)
    removed = [r for _, r in sorted(doc.removed, key=lambda pr: pr[0])]
    return CleanResult(
        text="\n".join(kept), paragraphs=kept, removed=removed, lang=doc.lang,
        lang_confidence=doc.lang_confidence, metadata=dict(sorted(doc.metadata.items())), stats=doc.stats,
    )


def _language_sample(doc: TextDoc) -> str:
    """The longest paragraphs, up to DOC_LANG_SAMPLE_CHARS characters, in document order."""
    chosen: set[int] = set()
    size = 0
    for para in sorted(doc.paragraphs, key=lambda p: (-len(p.text), p.position)):
        if size >= DOC_LANG_SAMPLE_CHARS:
            break
        chosen.add(para.position)
        size += len(para.text)
    return "\n".join(p.text for p in doc.paragraphs if p.position in chosen)[:DOC_LANG_SAMPLE_CHARS]


def _has_words(text: str, count: int) -> bool:
    """``len(words(text)) >= count``, reading no further than the ``count``-th word."""
    for seen, _ in enumerate(WORD_RE.finditer(text), start=1):
        if seen >= count:
            return True
    return count <= 0


def _detector_for(stages: Sequence[Stage]) -> LanguageDetector:
    """Reuse the detector a stage already loaded (the language stage), else load one."""
    for stage in stages:
        detector = getattr(stage, "detector", None)
        if isinstance(detector, LanguageDetector):
            return detector
    return LanguageDetector()

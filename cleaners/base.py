"""Shared model of the text cleaning stages.

A document is a list of paragraphs (input lines). Stages never delete anything themselves: they
return :class:`Verdict` objects and :meth:`Stage.run` (the one executor every stage shares) applies
them, records a :class:`Removal` for every dropped paragraph or trimmed span, and counts
``clean/dropped/<stage>`` / ``clean/why/<stage>/<reason>`` so callers never need to know what a
stage does (datatrove-style filters).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cleaners.memo import LowerRuns, TextFeatures


@dataclass(frozen=True)
class Removal:
    """Text a stage removed: a whole paragraph, or a span trimmed from one."""

    stage: str
    reason: str
    text: str


@dataclass(frozen=True)
class Verdict:
    """A stage's decision about one paragraph.

    ``reason`` set and ``keep`` None: drop the paragraph. ``reason`` set and ``keep`` a string: keep
    only ``keep`` (a substring of the paragraph) and record the rest as a trimmed span.
    ``metadata`` (e.g. ``{"date": "2024-02-28"}``) is merged into the document, first value wins.
    """

    reason: str
    keep: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Paragraph:
    text: str
    position: int  # index among the non-blank input lines
    removed_by: str | None = None  # stage name once dropped
    removed_reason: str | None = None

    @property
    def live(self) -> bool:
        return self.removed_by is None


@dataclass
class TextDoc:
    """The document as stages see it: every input paragraph, dropped ones included (for context)."""

    paragraphs: list[Paragraph]
    lang: str | None = None
    lang_confidence: float | None = None
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    removed: list[tuple[int, Removal]] = field(default_factory=list)  # (position, removal)
    stats: Counter[str] = field(default_factory=Counter)
    features: TextFeatures = field(default_factory=TextFeatures, repr=False, compare=False)  # this doc's memo

    @classmethod
    def from_text(cls, text: str, *, title: str | None = None, tokens: LowerRuns | None = None) -> TextDoc:
        """``tokens``: this document's texts tokenised earlier (see :class:`cleaners.memo.LowerRuns`)."""
        lines = [ln.strip() for ln in text.splitlines()]
        paras = [Paragraph(ln, i) for i, ln in enumerate(ln for ln in lines if ln)]
        return cls(paragraphs=paras, title=title, features=TextFeatures(tokens))

    def live(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.removed_by is None]  # Paragraph.live, without a call each


class Stage(ABC):
    """One kind of boilerplate. Subclasses set ``name`` and implement :meth:`judge`."""

    name: ClassVar[str] = "stage"

    @abstractmethod
    def judge(self, doc: TextDoc) -> dict[int, Verdict]:
        """Return verdicts keyed by paragraph position for the live paragraphs to drop or trim."""

    def run(self, doc: TextDoc) -> TextDoc:
        """Apply :meth:`judge` to ``doc`` in place, record removals and count them."""
        verdicts = self.judge(doc)
        if not verdicts:
            return doc
        by_pos = {p.position: p for p in doc.paragraphs}
        for pos in sorted(verdicts):
            para, verdict = by_pos[pos], verdicts[pos]
            if not para.live:
                continue
            for key, value in verdict.metadata.items():
                doc.metadata.setdefault(key, value)
            if verdict.keep is None:
                para.removed_by, para.removed_reason = self.name, verdict.reason
                doc.removed.append((pos, Removal(self.name, verdict.reason, para.text)))
                doc.stats[f"clean/dropped/{self.name}"] += 1
            else:
                span = _trimmed_span(para.text, verdict.keep)
                para.text = verdict.keep
                doc.removed.append((pos, Removal(self.name, verdict.reason, span)))
                doc.stats[f"clean/trimmed/{self.name}"] += 1
            doc.stats[f"clean/why/{self.name}/{verdict.reason}"] += 1
        return doc


class ParagraphStage(Stage):
    """A stage that looks at one live paragraph at a time (with the document for context)."""

    def judge(self, doc: TextDoc) -> dict[int, Verdict]:
        out: dict[int, Verdict] = {}
        for para in doc.live():
            verdict = self.check(para.text, doc)
            if verdict is not None:
                out[para.position] = verdict
        return out

    @abstractmethod
    def check(self, text: str, doc: TextDoc) -> Verdict | None:
        """Verdict for one paragraph, or None to keep it unchanged."""


def _trimmed_span(text: str, keep: str) -> str:
    start = text.find(keep)
    if not keep or start < 0:
        raise ValueError(f"trim must keep a substring of the paragraph, got {keep!r}")
    return (text[:start] + " " + text[start + len(keep):]).strip()

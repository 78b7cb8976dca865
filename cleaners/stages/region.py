"""Leftovers of a boilerplate block: short lines and reader-addressed lines that sit in the
leading or trailing block of a document next to removed boilerplate ("Registre", a site tagline,
"OK", a marketing pitch), which no vocabulary names.

Context-sensitive classification after jusText (Pomikálek, 2011, "Removing Boilerplate and
Duplicate Content from Web Corpora", ch. 3): blocks that are too short to judge alone take the
class of their neighbourhood. Here the neighbourhood is the edge block of the document: everything
before the first (after the last) *anchor* paragraph — a sentence of ``anchor_min_words`` words or
more that does not address the reader. An edge block with no removed paragraph is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaners.base import Paragraph, Stage, TextDoc, Verdict
from cleaners.features import addresses_reader, has_attribution, is_sentence, norm_space, words


@dataclass
class BoilerplateRegionStage(Stage):
    """``anchor_min_words``: 12 words is a short news sentence; ``max_short_words``: 15 words
    covers taglines and labels, while headlines that open a document are usually longer — the
    title passed to :func:`cleaners.clean` is never dropped here."""

    name = "boilerplate_region"
    anchor_min_words: int = 12
    max_short_words: int = 15

    def judge(self, doc: TextDoc) -> dict[int, Verdict]:
        paras = doc.paragraphs
        anchors = [i for i, p in enumerate(paras) if p.live and self._anchor(p.text)]
        if not anchors:
            return {}
        out: dict[int, Verdict] = {}
        for region in (paras[: anchors[0]], paras[anchors[-1] + 1:]):
            if not any(p.removed_by not in (None, "duplicate") for p in region):
                continue
            for para in region:
                reason = self._reason(para, doc.title)
                if reason is not None:
                    out[para.position] = Verdict(reason)
        return out

    def _anchor(self, text: str) -> bool:
        return is_sentence(text, self.anchor_min_words) and not addresses_reader(text)

    def _reason(self, para: Paragraph, title: str | None) -> str | None:
        if not para.live or (title and norm_space(para.text) == norm_space(title)):
            return None
        if len(words(para.text)) <= self.max_short_words and not is_sentence(para.text, 3):
            return "short_line_in_boilerplate"
        if addresses_reader(para.text) and not has_attribution(para.text):
            return "reader_address_in_boilerplate"
        return None

"""Leftovers of a boilerplate block: short lines and reader-addressed lines next to removed
interface text at the head or tail of a document ("Registre", a site tagline, a marketing pitch),
which no vocabulary names.

Context-sensitive classification after jusText (Pomikálek, 2011, "Removing Boilerplate and
Duplicate Content from Web Corpora", ch. 3): blocks too short to judge alone take the class of
their neighbours. Starting from each paragraph removed by an *evidence* stage (interface text:
consent, account, social, teasers, reading time), the removal spreads to adjacent *weak*
paragraphs — short lines without sentence punctuation, or lines addressing the reader — and stops
at the first paragraph that is neither. It only spreads inside the head (before the first
*anchor*) and the tail (after the last anchor); an anchor is a sentence of ``anchor_min_words``
words or more that does not address the reader, or of ``long_anchor_words`` words whatever its
voice (blogs address the reader), with at most one strong consent/account cue, so article prose in
the middle is never touched.

Only the first and the last anchor bound the head and tail, so they are looked for from each end of
the document and the paragraphs between them are not judged; a document without any paragraph an
evidence stage removed (most of them) is left as it is before any anchor is looked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaners.base import Paragraph, Stage, TextDoc, Verdict
from cleaners.features import norm_space
from cleaners.memo import TextFeatures
from cleaners.stages.account import ACCOUNT_CUES
from cleaners.stages.consent import CONSENT_CUES

EVIDENCE_STAGES = ("consent", "account", "social", "read_also", "reading_time")
# interface labels from the navigation stage count too ("Se connecter", "Accueil › Monde"), ornaments not
EVIDENCE_NAVIGATION = ("button_label", "glued_labels", "breadcrumb", "taxonomy", "comments_ui", "site_notice")
INTERFACE_CUES = CONSENT_CUES + ACCOUNT_CUES


@dataclass
class BoilerplateRegionStage(Stage):
    """``anchor_min_words``: 12 words is a short news sentence; ``long_anchor_words``: the seeds'
    site pitch is 23 words, article paragraphs mostly run past 30. ``max_short_words``: 15 words
    covers taglines and labels; ``max_address_words``: a reader-addressed line spreads the removal
    only up to 30 words (interface pitches are short; blog prose that says "you" is longer).
    The title passed to :func:`cleaners.clean` is never dropped here."""

    name = "boilerplate_region"
    anchor_min_words: int = 12
    long_anchor_words: int = 30
    max_short_words: int = 15
    max_address_words: int = 30
    evidence: tuple[str, ...] = EVIDENCE_STAGES

    def judge(self, doc: TextDoc) -> dict[int, Verdict]:
        paras = doc.paragraphs
        if not any(self._may_be_evidence(p) for p in paras):
            return {}  # nothing to spread from (most documents): the anchors need not be found
        f = doc.features
        first = self._first_anchor(paras, range(len(paras)), f)
        if first is None:
            return {}
        last = self._first_anchor(paras, range(len(paras) - 1, first - 1, -1), f)
        assert last is not None  # ``first`` is one
        out: dict[int, Verdict] = {}
        for lo, hi in ((0, first), (last + 1, len(paras))):
            for i in range(lo, hi):
                if self._evidence(paras[i]):
                    self._spread(paras, range(i - 1, lo - 1, -1), doc.title, out, f)
                    self._spread(paras, range(i + 1, hi), doc.title, out, f)
        return out

    def _first_anchor(self, paras: list[Paragraph], order: range, f: TextFeatures) -> int | None:
        """The first index in ``order`` of a live anchor: read from the start, the first anchor of
        the document; from the end, its last (the head and tail need only these two, not the anchors
        between them)."""
        for i in order:
            if paras[i].live and self._anchor(paras[i].text, f):
                return i
        return None

    def _spread(self, paras: list[Paragraph], steps: range, title: str | None,
                out: dict[int, Verdict], f: TextFeatures) -> None:
        for j in steps:
            para = paras[j]
            if not para.live:
                continue
            reason = self._weak(para, title, f)
            if reason is None:
                return
            out[para.position] = Verdict(reason)

    def _may_be_evidence(self, para: Paragraph) -> bool:
        """:meth:`_evidence` without the cue search of account removals (True when it is True)."""
        if para.removed_by == "navigation":
            return para.removed_reason in EVIDENCE_NAVIGATION
        return para.removed_by in self.evidence

    def _evidence(self, para: Paragraph) -> bool:
        """Removed by an evidence stage; account text only with a strong cue ("Créer un compte"),
        since a weak one ("click here to download") also ends ordinary how-to paragraphs."""
        if para.removed_by == "navigation":
            return para.removed_reason in EVIDENCE_NAVIGATION
        if para.removed_by not in self.evidence:
            return False
        return para.removed_by != "account" or ACCOUNT_CUES.strong(para.text) > 0

    def _anchor(self, text: str, f: TextFeatures) -> bool:
        if not f.is_sentence(text, min(self.long_anchor_words, self.anchor_min_words)):
            return False  # neither kind of anchor (the interface check below can only say no too)
        if (INTERFACE_CUES.may_have_strong(text, f.lowered(text), f.runs(text))  # cheapest first
                and not f.has_attribution(text)
                and INTERFACE_CUES.strong(text, low=f.lowered(text), runs=f.runs(text)) >= 2):
            return False  # a cookie or account notice that a stage let through is no article anchor
        if f.is_sentence(text, self.long_anchor_words):
            return True
        return f.is_sentence(text, self.anchor_min_words) and not f.addresses_reader(text)

    def _weak(self, para: Paragraph, title: str | None, f: TextFeatures) -> str | None:
        if title and norm_space(para.text) == norm_space(title):
            return None
        n = f.n_words(para.text)
        if n <= self.max_short_words and not f.is_sentence(para.text, 3):
            return "short_line_near_boilerplate"
        if n <= self.max_address_words and f.addresses_reader(para.text) and not f.has_attribution(para.text):
            return "reader_address_near_boilerplate"
        return None

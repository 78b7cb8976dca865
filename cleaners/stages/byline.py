"""Byline lines ("Par Claire Morvan", "By Martin Hale, Defence Correspondent"): the line goes, the
names go to the document metadata as ``author``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import ParagraphStage, TextDoc, Verdict
from cleaners.dates import MONTHS

_WEEKDAYS = ("lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday "
             "saturday sunday today tonight yesterday aujourd'hui hier").split()
_NAME_WORD = r"(?-i:[A-ZÀ-Ý][\w'’.\-]*)"
_PARTICLE = r"(?:de|du|des|d['’]|van|von|der|da|di|le|la|al|el|bin|ibn)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s*)?{_NAME_WORD}){{0,3}}"
_ROLE = (r"(?:(?-i:[A-ZÀ-Ý])|correspond|reporter|editor|writer|journaliste|envoy[ée]e? sp[ée]cial|"
         r"r[ée]dact|staff|contribut|chroniqueu)")
_BYLINE_RE = re.compile(
    rf"^(?:par|by|written by|[ée]crit par|propos recueillis par|reporting by|texte)\s*:?\s+"
    rf"(?P<names>{_NAME}(?:\s+(?:et|and|&)\s+{_NAME})*)"
    rf"(?:\s*[,–—|-]\s*{_ROLE}[^.;!?]{{0,50}}|\s+(?:in|à|en|depuis|from)\s+{_NAME_WORD}[\w\s\-]{{0,30}})?\.?$",
    re.IGNORECASE,
)


# "Par la rédaction avec AFP", "By our correspondent", "(avec AFP)", "Reporting by …; Editing by …"
_NEWSROOM_RE = re.compile(
    r"^\(?(?:(?:par|by)\s+(?:la\s+r[ée]daction|the\s+(?:newsroom|editorial\s+(?:team|board)|editors)|"
    r"(?:notre|nos|our)\s+(?:correspondante?s?|envoy[ée]e?s?\s+sp[ée]ciale?s?|reporters?|correspondents?|"
    r"staff|r[ée]daction))|(?:avec|with)\s+(?-i:[A-Z]{2,}|Reuters|Belga)|"
    r"(?:additional\s+)?(?:reporting|writing|editing|compiled|graphics)\s+by)\b[^!?]{0,200}$|"
    # "Le Monde avec AFP", "— With Reuters", "Reuters contributed to this report."
    r"^(?:[—–-]\s*|\(\s*)?(?:(?-i:[A-Z][\w'’.&-]*)(?:\s+(?-i:[A-Z][\w'’.&-]*)){0,3}\s+)?(?:avec|with)\s+"
    r"(?-i:AFP|Reuters|AP|Belga|dpa)(?:\s+(?:et|and)\s+(?-i:[A-Z]\w+))?\)?\.?$|"
    r"^(?:the\s+)?(?-i:[A-Z][\w'’.&-]*)(?:\s+(?-i:[A-Z][\w'’.&-]*)){0,3}\s+contributed\s+to\s+this\s+"
    r"(?:report|article|story)\.?$",
    re.IGNORECASE,
)


@dataclass
class BylineStage(ParagraphStage):
    """``max_words``: a byline names at most a few people and a role or place (12 words);
    ``max_credits_words``: a wire agency's credit line ("Reporting by … in …; Editing by …") runs
    to about 25 words."""

    name = "byline"
    max_words: int = 12
    max_credits_words: int = 30

    def check(self, text: str, doc: TextDoc) -> Verdict | None:
        n = doc.features.n_words(text)
        if n <= self.max_credits_words and _NEWSROOM_RE.match(text.strip()):
            return Verdict("newsroom_credit")
        if n > self.max_words:
            return None
        match = _BYLINE_RE.match(text.strip())
        if match is None:
            return None
        names = match.group("names")
        if any(w.lower().strip(".,") in _WEEKDAYS or w.lower().strip(".,") in MONTHS for w in names.split()):
            return None  # "By Tuesday, the troops…", "Par mars 2024…"
        return Verdict("byline", metadata={"author": names.strip()})

"""Date and update widgets ("• 28 Feb. 2024 -", "Mis à jour le: 07 Mar. 2024 13:26", "Published
March 3, 2024 at 10:15 GMT"): the line goes, its dates go to the document metadata as ISO dates
(``date`` for publication, ``updated`` for an update)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import ParagraphStage, TextDoc, Verdict
from cleaners.dates import DateMatch, find_dates
from cleaners.features import words

_UPDATE_RE = re.compile(
    r"mis\s+à\s+jour|mise\s+à\s+jour|modifi[ée]|actualis[ée]|updated?|last\s+updated|revised|edited",
    re.IGNORECASE,
)
_WIDGET_WORDS_RE = re.compile(
    r"(?<!\w)(?:publi[ée]e?s?|mis\s+à\s+jour|mise\s+à\s+jour|modifi[ée]e?|actualis[ée]e?|le|à|a|at|on|"
    r"derni[èe]re|issued|diffus[ée]e?|released|"
    r"published|posted|first|last|updated?|revised|edited|date|dated|heure|time|am|pm|gmt|utc|cet|cest|"
    r"et|and|il\s+y\s+a|ago|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|h|min|mn)(?!\w)",
    re.IGNORECASE,
)
# "Il y a 2 heures", "3 hours ago", "Publié il y a 5 min": no date to keep (it depends on the crawl time)
_RELATIVE_RE = re.compile(
    r"^(?:publi[ée]e?\s+|mis\s+à\s+jour\s+|updated\s+|posted\s+)?(?:il\s+y\s+a\s+\d+\s*(?:s|sec\w*|min\w*|mn|h|heures?|"
    r"jours?|semaines?|mois)|\d+\s*(?:s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?)\s+ago)\.?$",
    re.IGNORECASE,
)
_TIME_RE = re.compile(
    r"\b\d{1,2}\s*[:hH]\s*\d{2}(?:\s*[:]\s*\d{2})?\b|(?:gmt|utc|cet|cest)\s*[+-]\s*\d{1,2}(?::?\d{2})?|"
    r"\b\d+\s*(?:s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?)\s+ago\b|"
    r"\bil\s+y\s+a\s+\d+\s*(?:min\w*|mn|h|heures?|jours?|semaines?)",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")
_BYLINE_RE = re.compile(r"(?<!\w)(?:par|by)\s+(?-i:[A-ZÀ-Ý])[\w.'’\-]*(?:\s+(?-i:[A-ZÀ-Ý])[\w.'’\-]*){0,3}",
                        re.IGNORECASE)


@dataclass
class DateWidgetStage(ParagraphStage):
    """``max_words``: a widget is a date, a time, a label and maybe a byline (about 12 words);
    ``max_leftover_words``: words other than date/label vocabulary allowed (a byline's name)."""

    name = "date_widget"
    max_words: int = 16
    max_leftover_words: int = 0

    def check(self, text: str, doc: TextDoc) -> Verdict | None:
        if doc.features.n_words(text) > self.max_words:
            return None
        if _RELATIVE_RE.match(text.strip()):
            return Verdict("relative_time")
        dates = find_dates(text, lang=doc.lang, runs=doc.features.runs(text))
        if not dates:
            return None
        rest = text
        for d in reversed(dates):
            rest = rest[: d.start] + " " + rest[d.end:]
        rest = _BYLINE_RE.sub(" ", _TIME_RE.sub(" ", rest))
        rest = _WIDGET_WORDS_RE.sub(" ", rest)
        if len(words(rest)) > self.max_leftover_words or _DIGIT_RE.search(rest):
            return None
        return Verdict("date_widget", metadata=_metadata(text, dates))


def _metadata(text: str, dates: list[DateMatch]) -> dict[str, str]:
    """Each date is an update when an update label precedes it on the line (after the previous date)."""
    meta: dict[str, str] = {}
    prev_end = 0
    for d in dates:
        key = "updated" if _UPDATE_RE.search(text[prev_end: d.start]) else "date"
        meta.setdefault(key, d.iso)
        prev_end = d.end
    return meta

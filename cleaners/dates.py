"""Find calendar dates written the French or English way and turn them into ISO 8601 dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "janvier janv jan january",
        "février fevrier févr fevr fév fev feb february",
        "mars mar march",
        "avril avr apr april",
        "mai may",
        "juin jun june",
        "juillet juil jul july",
        "août aout aoû aou aug august",
        "septembre sept sep september",
        "octobre oct october",
        "novembre nov november",
        "décembre decembre déc dec december",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _num

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?P<d>[0-3]?\d)(?:er|st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_PATTERNS = [
    # 28 février 2024, 28 Feb. 2024, 1er mars 2024
    re.compile(rf"\b{_DAY}\s+(?P<m>{_MONTH})\.?,?\s+{_YEAR}\b", re.IGNORECASE),
    # February 28, 2024 / Feb. 28 2024
    re.compile(rf"\b(?P<m>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    # 2024-02-28 (ISO)
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)\b"),
    # 28/02/2024 or 28.02.2024 (day first; month first for English when the day cannot be first)
    re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<y>(?:19|20)\d\d)\b"),
]

# The patterns without a month name. A month name matched by the first two is a whole run of word
# characters (white space or a non-word character before it, "." "," or white space after it), so
# a text whose lower case stands for case folding and none of whose runs is a month name has no
# match of them: in the same order, these are the only patterns that can find a date in it.
_NUMERIC_PATTERNS = _PATTERNS[2:]


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    iso: str


def find_dates(text: str, *, lang: str | None = None, runs: frozenset[str] | None = None) -> list[DateMatch]:
    """Every valid date in ``text``, in order. Numeric a/b/yyyy is day-first unless ``lang`` is
    "en" (then month-first) or only one reading is a valid date. ``runs``: the word runs of the text's
    lower case when that stands for the regex engine's case folding (:meth:`cleaners.memo.TextFeatures.runs`);
    the patterns with a month name are then searched only when one of the runs is a month name."""
    found: list[DateMatch] = []
    if "19" not in text and "20" not in text:
        return found  # every pattern's year starts with one of them
    patterns = _PATTERNS if runs is None or not runs.isdisjoint(MONTHS) else _NUMERIC_PATTERNS
    taken: list[tuple[int, int]] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            iso = _iso(m.groupdict(), lang)
            if iso is not None:
                found.append(DateMatch(m.start(), m.end(), iso))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def _iso(g: dict[str, str | None], lang: str | None) -> str | None:
    year = int(g["y"] or 0)
    if g.get("m"):
        month = _month_number(g["m"])
        return _valid(year, month, int(g["d"] or 0))
    if g.get("mo"):
        return _valid(year, int(g["mo"] or 0), int(g["d"] or 0))
    a, b = int(g["a"] or 0), int(g["b"] or 0)
    first = (b, a) if lang == "en" else (a, b)  # (day, month)
    return _valid(year, first[1], first[0]) or _valid(year, first[0], first[1])


def _month_number(name: str) -> int:
    """The month a matched name stands for. The patterns match names case-insensitively, which the
    regex engine extends to a few other characters ("ſept" for "sept", "AVRİL" for "avril") that
    ``str.lower`` does not map to the name's letters: those are looked up by the same matching."""
    found = MONTHS.get(name.lower().rstrip("."))
    if found is not None:
        return found
    bare = name.rstrip(".")
    return next(n for m, n in MONTHS.items() if re.fullmatch(re.escape(m), bare, re.IGNORECASE))


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None

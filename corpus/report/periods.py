"""Documents per day or per month, with empty periods shown as zero (for the report's time chart)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta


def periods(dates: Counter[str]) -> tuple[dict[str, int], str]:
    """Documents per day when they span at most two months, else per month; gaps filled with 0."""
    if not dates:
        return {}, "day"
    months = {d[:7] for d in dates}
    if len(months) <= 2 and all(len(d) == 10 for d in dates):
        return _filled(dates, _next_day), "day"
    per_month: Counter[str] = Counter()
    for day, count in dates.items():
        per_month[day[:7]] += count
    return _filled(per_month, _next_month), "month"


def _filled(counts: Counter[str], step: Callable[[str], str], limit: int = 400) -> dict[str, int]:
    keys = sorted(counts)
    out: dict[str, int] = {}
    current = keys[0]
    while current <= keys[-1] and len(out) < limit:
        out[current] = counts.get(current, 0)
        current = step(current)
    for key in keys:  # never lose a count, even past the limit
        out.setdefault(key, counts[key])
    return dict(sorted(out.items()))


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    year, mon = (year + 1, 1) if mon >= 12 else (year, mon + 1)
    return f"{year:04d}-{mon:02d}"


def _next_day(day: str) -> str:
    try:
        return (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    except ValueError:
        return "9999-99-99"  # an impossible date ends the filling; the counts are kept by _filled

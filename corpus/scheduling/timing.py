"""When the next run starts: a fixed interval (``--every 6h``) or a 5-field cron expression (``--cron``).

Cron syntax (Vixie cron, no names): ``minute hour day-of-month month day-of-week`` with ``*``, numbers,
ranges ``a-b``, steps ``*/n`` and ``a-b/n``, lists ``a,b``; day-of-week 0-7 (0 and 7 are Sunday). When both
day fields are restricted a day matches if either does (as in cron). Times are evaluated in UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from corpus.errors import CorpusError

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12),
          ("day of week", 0, 7))
MAX_SEARCH_DAYS = 366 * 5


def parse_every(text: str) -> timedelta:
    """``90s``, ``15m``, ``6h``, ``1d``, or combinations such as ``1h30m``."""
    parts = re.findall(r"(\d+)\s*([smhd])", text.strip().lower())
    if not parts or re.sub(r"\s+", "", text.lower()) != "".join(n + u for n, u in parts):
        raise CorpusError(f"--every: expected a duration like 30m, 6h, 1d or 1h30m, got {text!r}")
    seconds = sum(int(n) * UNITS[u] for n, u in parts)
    if seconds <= 0:
        raise CorpusError("--every must be longer than 0 seconds")
    return timedelta(seconds=seconds)


def _field(text: str, name: str, lo: int, hi: int) -> frozenset[int]:
    out: set[int] = set()
    for item in text.split(","):
        m = re.fullmatch(r"(\*|\d+(?:-\d+)?)(?:/(\d+))?", item)
        if not m:
            raise CorpusError(f"cron {name}: cannot parse {item!r}")
        base, step = m.group(1), int(m.group(2) or 1)
        if step < 1:
            raise CorpusError(f"cron {name}: step must be >= 1 in {item!r}")
        if base == "*":
            a, b = lo, hi
        elif "-" in base:
            a, b = (int(x) for x in base.split("-"))
        else:
            a = b = int(base)
            if m.group(2):  # "5/15" means 5-hi/15
                b = hi
        if not (lo <= a <= hi and lo <= b <= hi and a <= b):
            raise CorpusError(f"cron {name}: {item!r} is outside {lo}-{hi}")
        out.update(range(a, b + 1, step))
    return frozenset(out)


@dataclass(frozen=True)
class CronSchedule:
    expression: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    days_any: bool
    weekdays_any: bool

    @classmethod
    def parse(cls, expression: str) -> CronSchedule:
        parts = expression.split()
        if len(parts) != 5:
            raise CorpusError(f"--cron needs 5 fields (minute hour day month weekday), got {expression!r}")
        sets = [_field(p, name, lo, hi) for p, (name, lo, hi) in zip(parts, FIELDS, strict=True)]
        weekdays = frozenset(d % 7 for d in sets[4])
        return cls(expression, sets[0], sets[1], sets[2], sets[3], weekdays, parts[2] == "*", parts[4] == "*")

    def _day_ok(self, t: datetime) -> bool:
        dom, dow = t.day in self.days, (t.isoweekday() % 7) in self.weekdays
        if self.days_any or self.weekdays_any:
            return dom and dow
        return dom or dow

    def next_after(self, after: datetime) -> datetime:
        """First matching minute strictly after ``after`` (an aware datetime; result in UTC)."""
        t = after.astimezone(timezone.utc).replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = t + timedelta(days=MAX_SEARCH_DAYS)
        while t < limit:
            if t.month not in self.months or not self._day_ok(t):
                t = (t + timedelta(days=1)).replace(hour=0, minute=0)
            elif t.hour not in self.hours:
                t = (t + timedelta(hours=1)).replace(minute=0)
            elif t.minute not in self.minutes:
                t += timedelta(minutes=1)
            else:
                return t
        raise CorpusError(f"cron expression {self.expression!r} never matches")


@dataclass(frozen=True)
class EverySchedule:
    interval: timedelta

    def next_after(self, after: datetime) -> datetime:
        return after + self.interval


def make_schedule(every: str | None, cron: str | None) -> EverySchedule | CronSchedule:
    if bool(every) == bool(cron):
        raise CorpusError("give exactly one of --every DURATION or --cron EXPRESSION")
    return EverySchedule(parse_every(every)) if every else CronSchedule.parse(cron or "")

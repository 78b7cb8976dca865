"""A record factory whose ids and dates depend only on the order of calls, for byte-for-byte comparisons
of WARC files written by different paths (inline, writer thread, writer process). Importable by path
(``WARC_RECORD_FACTORY = "tests.recordids.fixed_factory"``) and light: a writer child that loads it
imports nothing else of the tests."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

from crawler.warc.records import RecordFactory

FACTORY_PATH = f"{__name__}.fixed_factory"


def fixed_factory() -> RecordFactory:
    """Record ids and dates that depend only on the order of calls (``WARC_RECORD_FACTORY``)."""
    ids, ticks = itertools.count(), itertools.count()
    t0 = datetime(2024, 5, 1, tzinfo=timezone.utc)
    return RecordFactory(
        new_id=lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(ids):012d}>",
        clock=lambda: t0 + timedelta(milliseconds=next(ticks)),
    )

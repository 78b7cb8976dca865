"""The wall clock, in one place: a UTC time stamp for the bookkeeping that records when something ran
(crawl runs, scheduled cycles). Never part of anything content-hashed."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_stamp() -> str:
    """Now, UTC, to the second: ``2026-11-22T11:30:00+00:00``."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")

"""``run_schedule``: crawl + build in a loop in the foreground (or once), one run per work directory.

Each cycle (:mod:`corpus.scheduling.cycle`) is incremental: the crawl state in ``DIR/state.sqlite`` makes
re-crawls conditional (If-None-Match / If-Modified-Since; unchanged pages become WARC revisits), and a new
snapshot is published (``DIR/snapshots/LATEST`` updated atomically) only when documents changed. An
exclusive lock (``DIR/schedule.lock``) keeps a second instance out; SIGTERM/SIGINT finish the current step
cleanly and stop (:mod:`corpus.scheduling.stopper`). Every cycle's summary is logged and appended to
``DIR/schedule-runs.jsonl``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from corpus.scheduling.cycle import CycleConfig, CycleResult, run_cycle
from corpus.scheduling.lock import RunLock
from corpus.scheduling.stopper import Stopper
from corpus.scheduling.timing import CronSchedule, EverySchedule

Log = Callable[[str], None]


@dataclass(frozen=True)
class ScheduleConfig:
    cycle: CycleConfig
    schedule: EverySchedule | CronSchedule | None = None  # None: run once
    max_cycles: int | None = None  # stop after this many cycles (None: until a stop signal)


def _next_start(schedule: EverySchedule | CronSchedule, started: datetime, now: datetime) -> datetime:
    if isinstance(schedule, EverySchedule):  # fixed rate; a cycle longer than the interval -> next at once
        return max(now, started + schedule.interval)
    return schedule.next_after(now)


def run_schedule(config: ScheduleConfig, log: Log = print) -> list[CycleResult]:
    results: list[CycleResult] = []
    with RunLock(config.cycle.workdir), Stopper() as stop:
        while True:
            started = datetime.now(timezone.utc)
            log(f"cycle {len(results) + 1}: crawl {config.cycle.sources_path} -> {config.cycle.workdir}")
            result = run_cycle(config.cycle, stop)
            results.append(result)
            log(f"cycle {len(results)}: {result.line()}")
            limit = config.max_cycles
            if config.schedule is None or (limit is not None and len(results) >= limit) or stop.stopped:
                break
            nxt = _next_start(config.schedule, started, datetime.now(timezone.utc))
            log(f"next run at {nxt.isoformat(timespec='seconds')}")
            if stop.sleep((nxt - datetime.now(timezone.utc)).total_seconds()):
                break
        if stop.stopped:
            log(f"stopped by {stop.signal_name or 'signal'}")
    return results

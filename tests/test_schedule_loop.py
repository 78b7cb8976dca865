"""The schedule loop itself (cycles replaced by a recorder; the real cycle is tested end to end in
tests/test_schedule_cycles.py): fixed-rate spacing, the cycle limit, SIGTERM while sleeping, the lock."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

import corpus.schedule as schedule_mod
from corpus.errors import CorpusError
from corpus.schedule import ScheduleConfig, run_schedule
from corpus.scheduling.cycle import CycleConfig, CycleResult
from corpus.scheduling.lock import RunLock
from corpus.scheduling.timing import EverySchedule


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    starts: list[float] = []

    def fake_cycle(config: CycleConfig, stop) -> CycleResult:
        starts.append(time.monotonic())
        assert RunLock(config.workdir).path.exists()
        return CycleResult(started="t", status="unchanged", snapshot="abc")

    monkeypatch.setattr(schedule_mod, "run_cycle", fake_cycle)
    return starts


def test_fixed_rate_and_cycle_limit(recorded: list[float], tmp_path: Path) -> None:
    logs: list[str] = []
    cfg = ScheduleConfig(CycleConfig(tmp_path / "s.toml", tmp_path), EverySchedule(timedelta(seconds=0.3)), 3)
    results = run_schedule(cfg, logs.append)
    assert [r.status for r in results] == ["unchanged"] * 3 and len(recorded) == 3
    gaps = [b - a for a, b in zip(recorded, recorded[1:], strict=False)]
    assert all(0.25 <= g < 2.0 for g in gaps), gaps
    assert sum("next run at" in m for m in logs) == 2


def test_once_runs_one_cycle(recorded: list[float], tmp_path: Path) -> None:
    assert len(run_schedule(ScheduleConfig(CycleConfig(tmp_path / "s.toml", tmp_path)), lambda m: None)) == 1
    assert len(recorded) == 1


def test_sigterm_while_sleeping_stops_at_once(recorded: list[float], tmp_path: Path) -> None:
    logs: list[str] = []
    cfg = ScheduleConfig(CycleConfig(tmp_path / "s.toml", tmp_path), EverySchedule(timedelta(hours=1)))
    before = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    t0 = time.monotonic()
    results = run_schedule(cfg, logs.append)
    assert time.monotonic() - t0 < 10 and len(results) == 1
    assert logs[-1] == "stopped by SIGTERM"
    assert signal.getsignal(signal.SIGTERM) is before  # our handler is removed again
    RunLock(tmp_path).acquire().release()  # the lock was released


def test_second_loop_on_the_same_workdir_is_refused(recorded: list[float], tmp_path: Path) -> None:
    with RunLock(tmp_path), pytest.raises(CorpusError, match="already running"):
        run_schedule(ScheduleConfig(CycleConfig(tmp_path / "s.toml", tmp_path)), lambda m: None)
    assert recorded == []


def test_next_start_fixed_rate_and_cron() -> None:
    from datetime import datetime, timezone

    from corpus.schedule import _next_start
    from corpus.scheduling.timing import CronSchedule

    t0 = datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)
    every = EverySchedule(timedelta(hours=6))
    assert _next_start(every, t0, t0 + timedelta(minutes=20)) == t0 + timedelta(hours=6)
    late = t0 + timedelta(hours=7)  # the cycle took longer than the interval: start again at once
    assert _next_start(every, t0, late) == late
    cron = CronSchedule.parse("0 */6 * * *")
    assert _next_start(cron, t0, t0 + timedelta(minutes=20)) == t0 + timedelta(hours=2)


def test_signal_during_build_interrupts_it_once() -> None:
    from corpus.scheduling.stopper import Interrupted, Stopper

    with Stopper() as stop:
        stop.in_build = True
        with pytest.raises(Interrupted):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises here, in the main thread
        assert stop.stopped and stop.signal_name == "SIGTERM" and not stop.in_build
        os.kill(os.getpid(), signal.SIGTERM)  # outside the build: only recorded
        time.sleep(0.05)
        assert stop.sleep(10) is True

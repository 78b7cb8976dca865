"""Schedule timing (intervals, 5-field cron), the run lock, LATEST, and the printed cron/systemd units."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import main
from corpus.errors import CorpusError
from corpus.scheduling.cycle import LATEST, read_latest, write_latest
from corpus.scheduling.lock import RunLock
from corpus.scheduling.timing import CronSchedule, EverySchedule, make_schedule, parse_every
from corpus.scheduling.units import on_calendar

UTC = timezone.utc
SAT = datetime(2026, 11, 21, 10, 7, 30, tzinfo=UTC)  # a Saturday


def at(day: int, hour: int, minute: int, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_every_durations() -> None:
    assert parse_every("6h") == timedelta(hours=6)
    assert parse_every("1h30m") == timedelta(minutes=90)
    assert parse_every("45s") == timedelta(seconds=45)
    assert parse_every("2d") == timedelta(days=2)
    for bad in ("", "6", "6x", "h6", "0m", "6h junk"):
        with pytest.raises(CorpusError):
            parse_every(bad)


@pytest.mark.parametrize("expr, expected", [
    ("0 */6 * * *", at(21, 12, 0)),
    ("*/15 * * * *", at(21, 10, 15)),
    ("30 9 * * 1-5", at(23, 9, 30)),  # Saturday -> Monday
    ("0 0 1 * *", at(1, 0, 0, month=12)),
    ("0 12 * * 0", at(22, 12, 0)),  # Sunday as 0
    ("0 12 * * 7", at(22, 12, 0)),  # and as 7
    ("0 0 13 * 5", at(27, 0, 0)),  # both day fields restricted: the 13th OR a Friday
    ("0 0 29 2 *", at(29, 0, 0, month=2, year=2028)),  # next leap day
    ("5,10 10 * * *", at(21, 10, 10)),
    ("7-9/2 10 * * *", at(21, 10, 9)),
])
def test_cron_next(expr: str, expected: datetime) -> None:
    assert CronSchedule.parse(expr).next_after(SAT) == expected


def test_cron_is_strictly_after_and_rejects_bad_expressions() -> None:
    c = CronSchedule.parse("7 10 * * *")
    assert c.next_after(at(21, 10, 7)) == at(22, 10, 7)
    for bad in ("* * * *", "60 * * * *", "* 24 * * *", "a * * * *", "*/0 * * * *", "5-2 * * * *"):
        with pytest.raises(CorpusError):
            CronSchedule.parse(bad)
    with pytest.raises(CorpusError, match="never matches"):
        CronSchedule.parse("0 0 31 2 *").next_after(SAT)
    with pytest.raises(CorpusError, match="exactly one"):
        make_schedule("6h", "0 * * * *")
    assert make_schedule("6h", None) == EverySchedule(timedelta(hours=6))


def test_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    with RunLock(tmp_path):
        with pytest.raises(CorpusError, match="already running"):
            RunLock(tmp_path).acquire()
        held_by_child = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; from corpus.scheduling.lock import "
             "RunLock; from corpus.errors import CorpusError\ntry:\n RunLock(Path(sys.argv[1])).acquire()\n"
             "except CorpusError as e:\n print(e); sys.exit(3)", str(tmp_path)],
            capture_output=True, text=True, timeout=60)
        assert held_by_child.returncode == 3 and "already running" in held_by_child.stdout
    RunLock(tmp_path).acquire().release()  # free again


def test_latest_pointer(tmp_path: Path) -> None:
    assert read_latest(tmp_path) is None
    (tmp_path / "abc").mkdir()
    (tmp_path / "abc" / "manifest.json").write_text("{}")
    write_latest(tmp_path, "abc")
    assert (tmp_path / LATEST).read_text() == "abc\n" and read_latest(tmp_path) == tmp_path / "abc"
    assert not list(tmp_path.glob(".*tmp"))
    write_latest(tmp_path, "missing")
    with pytest.raises(CorpusError, match="not a snapshot"):
        read_latest(tmp_path)


def _print(tmp_path: Path, *args: str) -> str:
    sources = tmp_path / "s.toml"
    sources.write_text('[[source]]\nname = "x"\nstart_urls = ["https://example.org/"]\n')
    res = CliRunner().invoke(main, ["schedule", "--sources", str(sources), "--workdir", str(tmp_path / "d"),
                                    *args])
    assert res.exit_code == 0, res.output
    return res.output


def test_print_cron_lines_run_once_on_the_same_schedule(tmp_path: Path) -> None:
    for args, expr in ((["--every", "6h"], "0 */6 * * *"), (["--every", "15m"], "*/15 * * * *"),
                       (["--cron", "30 9 * * 1-5"], "30 9 * * 1-5")):
        out = _print(tmp_path, *args, "--print-cron")
        line = next(ln for ln in out.splitlines() if ln and not ln.startswith(("#", "CRON_TZ")))
        assert line.startswith(expr + " ")
        assert "schedule --once --sources " + str((tmp_path / "s.toml").resolve()) in line
        assert CronSchedule.parse(" ".join(line.split()[:5])).next_after(SAT) == \
            (CronSchedule.parse(expr).next_after(SAT))
    escaped = _print(tmp_path, "--every", "1h", "--print-cron", "-s", "X=50%")
    assert "X=50\\%" in escaped and "X=50%" not in escaped  # % is a newline to cron unless escaped
    res = CliRunner().invoke(main, ["schedule", "--sources", str(tmp_path / "s.toml"), "--workdir",
                                    str(tmp_path), "--every", "7h", "--print-cron"])
    assert res.exit_code == 1 and "no exact crontab form" in res.output


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_print_systemd_calendar_agrees_with_cron(tmp_path: Path) -> None:
    out = _print(tmp_path, "--cron", "0 */6 * * 1-5", "--print-systemd")
    assert "Type=oneshot" in out and "KillMode=mixed" in out and "--once" in out
    calendar = re.search(r"^OnCalendar=(.+)$", out, re.M).group(1)
    before = CronSchedule.parse("0 */6 * * 1-5").next_after(datetime.now(UTC))
    proc = subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True, text=True,
                          timeout=30)
    after = CronSchedule.parse("0 */6 * * 1-5").next_after(datetime.now(UTC))
    assert proc.returncode == 0, proc.stderr
    elapse = re.search(r"Next elapse: \w+ (\S+ \S+) UTC", proc.stdout).group(1)
    assert elapse in {t.strftime("%Y-%m-%d %H:%M:%S") for t in (before, after)}
    every = _print(tmp_path, "--every", "6h", "--print-systemd")
    assert "OnUnitActiveSec=21600s" in every
    assert on_calendar(CronSchedule.parse("15 3 1 * *")) == "*-*-01 03:15:00 UTC"

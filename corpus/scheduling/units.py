"""Ready-made systemd units and crontab lines running ``corpus schedule --once`` (``--print-systemd``,
``--print-cron``). Paths are made absolute; the ``corpus`` executable is the one running now."""

from __future__ import annotations

import shlex
import sys
from datetime import timedelta
from pathlib import Path

from corpus.errors import CorpusError
from corpus.scheduling.timing import CronSchedule, EverySchedule

UNIT = "newscorpus"
WEEKDAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")


def once_command(sources: Path, workdir: Path, extra: list[str]) -> str:
    exe = Path(sys.executable).parent / "corpus"  # the console script installed beside this Python
    args = [str(exe), "schedule", "--once", "--sources", str(Path(sources).resolve()),
            "--workdir", str(Path(workdir).resolve()), *extra]
    return shlex.join(args)


def _cron_every(interval: timedelta) -> str:
    s = int(interval.total_seconds())
    if s % 86400 == 0 and s // 86400 <= 31:
        d = s // 86400
        return "0 0 * * *" if d == 1 else f"0 0 */{d} * *"
    if s % 3600 == 0 and 24 % (s // 3600) == 0:
        h = s // 3600
        return "0 * * * *" if h == 1 else f"0 */{h} * * *"
    if s % 60 == 0 and 60 % (s // 60) == 0:
        m = s // 60
        return "* * * * *" if m == 1 else f"*/{m} * * * *"
    raise CorpusError(f"--every {interval} has no exact crontab form: use --cron EXPRESSION")


def cron_line(schedule: EverySchedule | CronSchedule, command: str, workdir: Path) -> str:
    expr = schedule.expression if isinstance(schedule, CronSchedule) else _cron_every(schedule.interval)
    log = shlex.quote(str(Path(workdir).resolve() / "schedule.log"))
    command = command.replace("%", "\\%")  # cron turns an unescaped % into a newline
    return (f"# newscorpus: crawl + build; a run still going when the next starts exits at once (lock)\n"
            f"CRON_TZ=UTC\n{expr} {command} >> {log} 2>&1\n")


def _calendar_field(values: frozenset[int], lo: int, hi: int, width: int = 2) -> str:
    if values == frozenset(range(lo, hi + 1)):
        return "*"
    return ",".join(f"{v:0{width}d}" for v in sorted(values))


def on_calendar(c: CronSchedule) -> str:
    """systemd OnCalendar= for a cron expression (explicit value lists; UTC)."""
    if not c.days_any and not c.weekdays_any:
        raise CorpusError("a cron expression restricting both day of month and day of week has no "
                          "OnCalendar= form: use --print-cron or --every")
    dow = "" if c.weekdays_any else ",".join(WEEKDAYS[d] for d in sorted(c.weekdays)) + " "
    month = _calendar_field(c.months, 1, 12)
    day = _calendar_field(c.days, 1, 31)
    hour = _calendar_field(c.hours, 0, 23)
    minute = _calendar_field(c.minutes, 0, 59)
    return f"{dow}*-{month}-{day} {hour}:{minute}:00 UTC"


def systemd_units(schedule: EverySchedule | CronSchedule, command: str, workdir: Path) -> str:
    if isinstance(schedule, CronSchedule):
        timer = f"OnCalendar={on_calendar(schedule)}"
    else:
        timer = f"OnActiveSec=1min\nOnUnitActiveSec={int(schedule.interval.total_seconds())}s"
    return f"""# /etc/systemd/system/{UNIT}.service
[Unit]
Description=newscorpus: incremental crawl + build into {Path(workdir).resolve()}
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
ExecStart={command}
# SIGTERM to the main process only: it lets the crawl finish its current records, then exits cleanly
KillMode=mixed
KillSignal=SIGTERM
TimeoutStopSec=300

# /etc/systemd/system/{UNIT}.timer
[Unit]
Description=Run {UNIT}.service on schedule

[Timer]
{timer}
Persistent=true

[Install]
WantedBy=timers.target

# enable with: systemctl daemon-reload && systemctl enable --now {UNIT}.timer
"""


def render_units(kind: str, schedule: EverySchedule | CronSchedule, sources: Path, workdir: Path,
                 extra: list[str]) -> str:
    """``kind`` ``systemd`` (service + timer) or ``cron`` (crontab lines) running ``--once``."""
    command = once_command(sources, workdir, extra)
    if kind == "systemd":
        return systemd_units(schedule, command, workdir)
    return cron_line(schedule, command, workdir)

"""``corpus schedule``: crawl + build every N hours or on a cron expression (foreground), or once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from corpus.errors import CorpusError


@click.command("schedule")
@click.option("--sources", "sources_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Sources TOML file.")
@click.option("--workdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Working directory: warc/, state.sqlite, snapshots/ (+ LATEST), logs.")
@click.option("--every", metavar="DURATION", default=None, help="Run every DURATION (30m, 6h, 1d, 1h30m).")
@click.option("--cron", metavar="EXPR", default=None, help='5-field cron expression in UTC ("0 */6 * * *").')
@click.option("--once", is_flag=True, help="Run one cycle and exit (for cron or a systemd timer).")
@click.option("--print-systemd", is_flag=True, help="Print a systemd service + timer for this schedule.")
@click.option("--print-cron", is_flag=True, help="Print a crontab line for this schedule.")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="CPUs",
              help="Build processes (the snapshot does not depend on it).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML build config.")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Cap on pages fetched per crawl.")
@click.option("--set", "-s", "overrides", multiple=True, metavar="KEY=VALUE",
              help="Override a crawler setting (value parsed as JSON when possible).")
@click.option("--max-cycles", type=click.IntRange(min=1), default=None,
              help="Stop after N cycles (default: run until SIGTERM).")
def command(sources_path: Path, workdir: Path, every: str | None, cron: str | None, once: bool,
            print_systemd: bool, print_cron: bool, workers: int, config_path: Path | None,
            max_pages: int | None, overrides: tuple[str, ...], max_cycles: int | None) -> None:
    """Crawl then build on a schedule, in the foreground; each run is incremental and publishes a new
    snapshot (WORKDIR/snapshots/LATEST) only when documents changed. One instance per WORKDIR (lock);
    SIGTERM finishes the current step and exits cleanly.

    \b
    Example:
      corpus schedule --sources sources.toml --workdir data/ --every 6h
      corpus schedule --sources sources.toml --workdir data/ --cron "0 */6 * * *" --print-systemd
      corpus schedule --sources sources.toml --workdir data/ --once
    """
    from corpus.commands.crawl import _parse_set
    from corpus.config import load_config
    from corpus.schedule import ScheduleConfig, run_schedule
    from corpus.scheduling.cycle import CycleConfig
    from corpus.scheduling.timing import make_schedule
    from corpus.scheduling.units import render_units
    from crawler.sources import load_sources

    try:
        schedule = None if once and not (every or cron) else make_schedule(every, cron)
        if print_systemd or print_cron:
            if schedule is None:
                raise CorpusError("--print-systemd/--print-cron need --every or --cron")
            extra = [a for o in overrides for a in ("-s", o)]
            extra += ["--config", str(config_path.resolve())] if config_path else []
            extra += ["--max-pages", str(max_pages)] if max_pages else []
            kind = "systemd" if print_systemd else "cron"
            click.echo(render_units(kind, schedule, sources_path, workdir, extra))
            return
        config = load_config(config_path, tuple(load_sources(sources_path))).with_runtime(workers=workers)
        cycle = CycleConfig(sources_path, workdir, config, max_pages, _parse_set(overrides))
        results = run_schedule(ScheduleConfig(cycle, None if once else schedule, max_cycles),
                               log=lambda m: click.echo(m, err=True))
    except CorpusError as e:
        raise click.ClickException(str(e)) from None
    if results and results[-1].snapshot:
        click.echo(str(workdir / "snapshots" / results[-1].snapshot))
    sys.stdout.flush()
    if results and results[-1].status == "failed":
        sys.exit(1)

"""``corpus run``: the main job, crawl then build; prints the snapshot directory last."""

from __future__ import annotations

import os
from pathlib import Path

import click

from corpus.errors import CorpusError


@click.command("run")
@click.option("--sources", "sources_path", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Sources TOML file.")
@click.option("--workdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Working directory: warc/, state.sqlite and snapshots/ go there.")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="CPUs",
              help="Build processes (the snapshot does not depend on it).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML build config.")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Cap on pages fetched.")
def command(sources_path: Path, workdir: Path, workers: int, config_path: Path | None,
            max_pages: int | None) -> None:
    """Crawl the sources into WORKDIR/warc (incrementally), then build WORKDIR/snapshots/<id>.

    \b
    Example:
      corpus run --sources sources.toml --workdir data/
    """
    from corpus.commands.build import summary_lines
    from corpus.config import load_config
    from corpus.job import JobConfig, run_job
    from corpus.progress import Progress
    from crawler.sources import load_sources

    try:
        config = load_config(config_path, tuple(load_sources(sources_path))).with_runtime(workers=workers)
        result = run_job(JobConfig(sources_path, workdir, config, max_pages=max_pages), Progress())
    except CorpusError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"snapshot {result.build.snapshot_id}:", err=True)
    for line in summary_lines(result.build.counts):
        click.echo(line, err=True)
    click.echo(str(result.build.path))

"""``corpus build``: WARC files -> a content-addressed snapshot directory (printed last on stdout)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from corpus.errors import CorpusError


def summary_lines(counts: dict) -> list[str]:
    rows = [("documents in", counts["documents_in"]), ("documents out", counts["documents_out"])]
    rows += [(f"dropped: {reason}", n) for reason, n in sorted(counts["dropped"].items())]
    rows += [(f"clusters: {name}", n) for name, n in sorted(counts["clusters"].items())]
    width = max(len(r[0]) for r in rows)
    return [f"  {name:<{width}}  {n:>8}" for name, n in rows]


@click.command("build")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_root", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Root directory; the snapshot is written to OUT/<snapshot-id>/.")
@click.option("--sources", "sources_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Sources TOML: source names, languages (quality filter) and drop_selectors.")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="CPUs",
              help="Processes extracting WARC files in parallel (the output does not depend on it).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-file stages run: local processes, or a Dask cluster (--scheduler).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Dask scheduler address for --executor dask (workers must see the inputs and --out).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML build config (stage thresholds; see corpus/config.py).")
def command(inputs: tuple[Path, ...], out_root: Path, sources_path: Path | None, workers: int,
            executor: str, scheduler: str | None, config_path: Path | None) -> None:
    """Extract, clean and deduplicate WARC files (or directories of them) into a snapshot.

    Progress and a summary go to stderr; the last line on stdout is the snapshot directory.

    \b
    Example:
      corpus build crawl/warc/ --sources sources.toml --out snapshots/ --workers 2
      corpus build crawl/warc/ --out snapshots/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from corpus.dask_executor import make_executor

    try:
        # the executor first: a local one's worker processes start now and import the build's modules
        # while this process imports its own and reads the config
        with make_executor(executor, workers, scheduler) as ex:
            from corpus.build import build_snapshot
            from corpus.config import load_config
            from corpus.progress import Progress
            from crawler.sources import load_sources

            sources = tuple(load_sources(sources_path)) if sources_path else ()
            config = load_config(config_path, sources).with_runtime(workers=workers)
            result = build_snapshot(list(inputs), out_root, config, Progress(), ex)
    except CorpusError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"snapshot {result.snapshot_id}:", err=True)
    for line in summary_lines(result.counts):
        click.echo(line, err=True)
    click.echo("timing: " + ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items()), err=True)
    click.echo(str(result.path))

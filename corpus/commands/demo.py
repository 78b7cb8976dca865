"""``corpus demo``: crawl a bundled two-site news web on 127.0.0.1 and build a snapshot from it."""

from __future__ import annotations

from pathlib import Path

import click

from corpus.errors import CorpusError


@click.command("demo")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-out"),
              show_default=True, help="Where the WARCs, crawl state and snapshot go.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True)
def command(workdir: Path, workers: int) -> None:
    """Run the whole pipeline on a small bundled demo web (no Internet needed).

    Serves ~10 French and English news pages from two fictional sites on 127.0.0.1, crawls them to WARC,
    and builds a snapshot: boilerplate removed, one exact and one near duplicate collapsed, the EN/FR
    translation pair linked. The last line on stdout is the snapshot directory.

    \b
    Example:
      corpus demo --workdir demo-out
      corpus report "$(corpus demo --workdir demo-out | tail -1)" --out report.html
    """
    from corpus.commands.build import summary_lines
    from corpus.demo import DemoOptions, run_demo
    from corpus.progress import Progress

    try:
        result = run_demo(DemoOptions(workdir=workdir, workers=workers), Progress())
    except CorpusError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"crawl: {result.crawl.pages} pages -> {len(result.crawl.warc_files)} WARC file(s)", err=True)
    click.echo(f"snapshot {result.build.snapshot_id}:", err=True)
    for line in summary_lines(result.build.counts):
        click.echo(line, err=True)
    click.echo(str(result.build.path))

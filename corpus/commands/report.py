"""``corpus report``: one self-contained HTML page showing what the cleaning did to a snapshot."""

from __future__ import annotations

from pathlib import Path

import click

from corpus.errors import CorpusError


@click.command("report")
@click.argument("snapshot", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="HTML file to write.",
)
@click.option(
    "--max-docs",
    type=click.IntRange(min=0),
    default=None,
    help="Documents (kept and dropped) in the per-document view, first in source then URL order "
    "(default: all; bounds memory for very large snapshots).",
)
@click.option(
    "--doc-chars",
    type=click.IntRange(min=100),
    default=20_000,
    show_default=True,
    help="Characters of extracted text shown per document; the rest is cut (see corpus inspect).",
)
@click.option(
    "--top-lines",
    type=click.IntRange(min=1),
    default=15,
    show_default=True,
    help="Most frequent removed lines listed per source.",
)
def command(snapshot: Path, out: Path, max_docs: int | None, doc_chars: int, top_lines: int) -> None:
    """Write an HTML report of SNAPSHOT: overview charts, what each cleaning stage removed, duplicate
    clusters and a searchable view of every document with its removed parts struck through.

    The page needs no network (no CDN, no fonts): open it from disk or attach it to an issue.

    \b
    Example:
      corpus report snapshots/1a2b3c4d5e6f7a8b --out report.html
    """
    from corpus.report import ReportOptions, write_report

    options = ReportOptions(max_docs=max_docs, max_doc_chars=doc_chars, top_lines=top_lines)
    try:
        summary = write_report(snapshot, out, options)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in summary.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(
        f"{summary.documents} documents kept, {summary.shown} shown, {summary.bytes:,} bytes", err=True
    )
    click.echo(str(summary.path))

"""``corpus export``: a snapshot's documents as JSON lines (stdout by default) or one Parquet file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from corpus.atomic import atomic_open
from corpus.errors import CorpusError


@click.command("export")
@click.argument("snapshot", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (required for parquet; jsonl defaults to stdout).")
@click.option("--source", default=None, help="Only this source.")
@click.option("--lang", default=None, help="Only this language.")
def command(snapshot: Path, fmt: str, out: Path | None, source: str | None, lang: str | None) -> None:
    """Export the documents of a (verified) snapshot.

    \b
    Example:
      corpus export snapshots/3f2a9c0d1e4b5a67 --lang fr > fr.jsonl
      corpus export snapshots/3f2a9c0d1e4b5a67 --format parquet --out corpus.parquet
    """
    from corpus.export import export_jsonl, export_parquet
    from corpus.loader import load

    try:
        snap = load(snapshot).filter(source=source, lang=lang)
        if fmt == "parquet":
            if out is None:
                raise CorpusError("--format parquet needs --out FILE")
            n = export_parquet(snap, out)
        elif out is None:
            n = export_jsonl(snap, sys.stdout)
        else:
            with atomic_open(out, "w", encoding="utf-8") as fh:
                n = export_jsonl(snap, fh)
    except CorpusError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"{n} documents exported", err=True)

"""``corpus extract``: WARC files -> one JSON article per line."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

import click

from corpus.atomic import atomic_open
from corpus.errors import CorpusError


@click.command("extract")
@click.argument("warcs", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSONL file to write (default: stdout).")
@click.option("--sources", "sources_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Sources TOML: names each document's source and its drop_selectors.")
@click.option("--lang", type=click.Choice(["auto", "fr", "en"]), default="auto", show_default=True,
              help="Language of the pages, or detect it per document.")
@click.option("--min-chars", type=click.IntRange(min=0), default=200, show_default=True,
              help="Pages whose cleaned text is shorter are not articles.")
@click.option("--extractor", type=click.Choice(["ensemble", "trafilatura"]), default="ensemble",
              show_default=True,
              help="ensemble: blocks trafilatura proposes that readability or trafilatura's precision mode "
                   "agree with; trafilatura: trafilatura alone (faster, less precise).")
def command(warcs: tuple[Path, ...], out: Path | None, sources_path: Path | None, lang: str,
            min_chars: int, extractor: str) -> None:
    """Extract and clean the articles of WARC files, one JSON document per line.

    Each line has url, title, date, lang, text, provenance (warc_file, warc_offset, warc_record_id,
    fetched_at) and the removal log (removed: stage, reason, text). Counts go to stderr.

    \b
    Example:
      corpus extract crawl/*.warc.gz --sources sources.toml --out articles.jsonl
    """
    from corpus.extract import ExtractOptions, extract_to_jsonl

    try:
        sources = ()
        if sources_path is not None:
            from crawler.sources import load_sources

            sources = tuple(load_sources(sources_path))
        options = ExtractOptions(lang=lang, min_chars=min_chars, sources=sources, extractor=extractor)
        stats: Counter[str] = Counter()
        if out is None:
            extract_to_jsonl(list(warcs), options, sys.stdout, stats)
        else:
            with atomic_open(out, "w", encoding="utf-8") as fh:
                extract_to_jsonl(list(warcs), options, fh, stats)
    except CorpusError as e:
        raise click.ClickException(str(e)) from None
    except OSError as e:
        raise click.ClickException(f"{e.filename or ''}: {e.strerror}") from None
    _summary(stats, sys.stderr)


def _summary(stats: Counter[str], err: TextIO) -> None:
    width = max((len(k) for k in stats), default=0)
    for key in sorted(stats):
        err.write(f"{key:<{width}}  {stats[key]}\n")

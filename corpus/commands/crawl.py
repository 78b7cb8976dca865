"""``corpus crawl``: crawl the sources into WARC files (see crawler.runner.run_crawl)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from corpus.errors import CorpusError


def _parse_set(values: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--set")
        try:
            out[key] = json.loads(raw)
        except json.JSONDecodeError:
            out[key] = raw
    return out


def format_summary(s: Any) -> str:
    lines = [
        f"pages archived: {s.pages}  (revisits: {s.revisits}, served from archive: {s.replayed})",
        f"payload bytes: {s.bytes}",
        f"run: {s.run_id}{' (resumed)' if s.resumed else ''}  finish: {s.finish_reason}",
    ]
    errors = ", ".join(f"{k}={v}" for k, v in s.errors.items()) or "none"
    lines.append(f"errors: {errors}")
    lines.append(f"WARC files ({len(s.warc_files)}):")
    lines += [f"  {p}" for p in s.warc_files]
    return "\n".join(lines)


@click.command(name="crawl")
@click.option(
    "--sources", "sources_path", required=True, type=click.Path(path_type=Path), help="Sources TOML file."
)
@click.option("--warc-dir", required=True, type=click.Path(path_type=Path), help="Where WARC files go.")
@click.option(
    "--state",
    "state_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Crawl state SQLite DB (default WARC_DIR/crawl-state.sqlite).",
)
@click.option("--source", "source_names", multiple=True, help="Only this source (repeatable).")
@click.option("--max-pages", type=click.IntRange(min=0), default=None, help="Cap on pages requested.")
@click.option(
    "--set",
    "-s",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a Scrapy/crawler setting (value parsed as JSON when possible).",
)
@click.option("--redis", "redis_url", metavar="redis://HOST:PORT/DB", default=None,
              help="Share one frontier with other crawler processes through Redis (scrapy-redis; see "
                   "crawler/distributed.py). Stops by itself once the whole crawl is idle.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's INFO log.")
def command(
    sources_path: Path,
    warc_dir: Path,
    state_path: Path | None,
    source_names: tuple[str, ...],
    max_pages: int | None,
    overrides: tuple[str, ...],
    redis_url: str | None,
    as_json: bool,
    verbose: bool,
) -> None:
    """Crawl news sources into WARC files (re-runs are incremental; a killed crawl resumes).

    Progress goes to stderr, the final summary to stdout.

    \b
    Example:
      corpus crawl --sources sources.toml --warc-dir warcs/ --source nato --max-pages 200
      corpus crawl --sources sources.toml --warc-dir warcs/ --redis redis://10.0.0.5:6379/0
    """
    from crawler.runner import CrawlConfig, run_crawl

    settings = {"LOG_LEVEL": "INFO" if verbose else "WARNING", **_parse_set(overrides)}
    try:
        if redis_url:
            from crawler.distributed import redis_settings

            settings = {**redis_settings(redis_url), **settings}
        config = CrawlConfig(sources_path, warc_dir, state_path, source_names, max_pages, settings)
        summary = run_crawl(config)
    except CorpusError as e:
        raise click.ClickException(str(e)) from None
    click.echo(json.dumps(summary.to_dict(), sort_keys=True) if as_json else format_summary(summary))
    sys.stdout.flush()
    if summary.finish_reason == "warc_write_failed":  # e.g. disk full: the summary is printed, exit non-zero
        raise click.ClickException("writing a WARC file failed (see the log; disk full?): free space and "
                                   "run the same command again to resume the crawl")

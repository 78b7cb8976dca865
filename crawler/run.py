"""``python -m crawler.run``: one crawl, JSON summary as the last line of stdout (used by
``crawler.runner.run_crawl_subprocess``). Exit status 2 on bad input, 1 when writing a WARC file failed
(e.g. disk full: the summary is still printed, the crawl is resumable), messages on stderr."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corpus.errors import CorpusError
from crawler.runner import CrawlConfig, run_crawl


def parse_args(argv: list[str] | None = None) -> CrawlConfig:
    p = argparse.ArgumentParser(prog="python -m crawler.run")
    p.add_argument("--sources", required=True, type=Path)
    p.add_argument("--warc-dir", required=True, type=Path)
    p.add_argument("--state", type=Path)
    p.add_argument("--source", action="append", default=[])
    p.add_argument("--max-pages", type=int)
    p.add_argument("--settings-json", default="{}", help="JSON object of Scrapy setting overrides")
    a = p.parse_args(argv)
    settings = json.loads(a.settings_json)
    if not isinstance(settings, dict):
        p.error("--settings-json must be a JSON object")
    return CrawlConfig(a.sources, a.warc_dir, a.state, tuple(a.source), a.max_pages, settings)


def main(argv: list[str] | None = None) -> int:
    config = parse_args(argv)
    try:
        summary = run_crawl(config)
    except CorpusError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(summary.to_dict(), sort_keys=True), flush=True)
    if summary.finish_reason == "warc_write_failed":
        print("error: writing a WARC file failed (disk full?): free space and run the same command "
              "again to resume the crawl", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Progress display (TTY: one rewritten line; otherwise plain lines) and the subprocess runner's errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from corpus.errors import CorpusError
from crawler.progress import Progress, progress_line
from crawler.runner import CrawlConfig, CrawlSummary, run_crawl_subprocess, summarize


class Stats:
    def __init__(self, d: dict) -> None:
        self.d = d

    def get_stats(self) -> dict:
        return self.d


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


STATS = {
    "crawl/pages": 12,
    "crawl/bytes": 3400,
    "crawl/errors/timeout": 2,
    "crawl/errors/http_503": 1,
    "warc/revisit/server-not-modified": 4,
    "crawl/replayed": 3,
    "warc/files": ["b.warc.gz", "a.warc.gz"],
}


def test_progress_line_counts() -> None:
    line = progress_line(STATS, 7.2)
    assert "pages=12" in line and "revisits=4" in line and "replayed=3" in line and "errors=3" in line


def test_tty_rewrites_one_line_and_pipe_gets_plain_lines() -> None:
    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        p = Progress(Stats(STATS), 1.0, stream)
        p.show()
        p.show()
    assert tty.getvalue().count("\r") == 2 and "\n" not in tty.getvalue()
    assert pipe.getvalue().count("\n") == 2 and "\r" not in pipe.getvalue()


def test_summary_from_stats() -> None:
    s = summarize(STATS)
    assert (s.pages, s.bytes, s.revisits, s.replayed) == (12, 3400, 4, 3)
    assert s.errors == {"http_503": 1, "timeout": 2}
    assert [p.name for p in s.warc_files] == ["a.warc.gz", "b.warc.gz"]
    assert CrawlSummary.from_dict(s.to_dict()) == s


def test_subprocess_runner_reports_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "s"\nstart_urls = ["https://x.org/"]\narticle_pattern = "("\n')
    with pytest.raises(CorpusError, match=r"\[\[source\]\] 's': key 'article_pattern' is not a valid regex"):
        run_crawl_subprocess(CrawlConfig(bad, tmp_path / "w"), timeout=60)

"""The main job: crawl the sources to WARC (in a child process), then build a snapshot from the WARCs.

Layout under ``workdir``: ``warc/`` (WARC files + CDXJ), ``state.sqlite`` (incremental crawl state, so a
second run re-crawls conditionally), ``snapshots/<id>/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.build import BuildResult, build_snapshot
from corpus.config import BuildConfig
from corpus.progress import Progress


@dataclass(frozen=True)
class JobConfig:
    sources_path: Path
    workdir: Path
    build: BuildConfig = BuildConfig()
    max_pages: int | None = None
    crawl_settings: dict[str, Any] = field(default_factory=dict)  # extra Scrapy settings for the crawl


@dataclass
class JobResult:
    crawl: Any  # crawler.runner.CrawlSummary
    build: BuildResult


def run_job(config: JobConfig, progress: Progress | None = None) -> JobResult:
    from crawler.runner import CrawlConfig, run_crawl_subprocess

    workdir = Path(config.workdir)
    warc_dir = workdir / "warc"
    warc_dir.mkdir(parents=True, exist_ok=True)
    if progress:
        progress.message(f"crawl: sources {config.sources_path} -> {warc_dir}")
    crawl = run_crawl_subprocess(CrawlConfig(
        sources_path=Path(config.sources_path), warc_dir=warc_dir, state_path=workdir / "state.sqlite",
        max_pages=config.max_pages, settings=dict(config.crawl_settings),
    ))
    if progress:
        progress.message(f"crawl: {crawl.pages} pages, {len(crawl.warc_files)} WARC file(s)")
    result = build_snapshot([warc_dir], workdir / "snapshots", config.build, progress)
    return JobResult(crawl, result)

"""Library entry point: run a crawl in this process (``run_crawl``) or in a child process
(``run_crawl_subprocess``; Twisted's reactor cannot be restarted, so use this to crawl more than once
per process). Scrapy is imported only inside ``run_crawl``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from corpus.errors import CorpusError
from crawler.selection import pick
from crawler.sources import load_sources

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class CrawlConfig:
    sources_path: Path
    warc_dir: Path
    state_path: Path | None = None  # default warc_dir/"crawl-state.sqlite"
    source_names: tuple[str, ...] = ()
    max_pages: int | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def resolved_state_path(self) -> Path:
        return self.state_path or self.warc_dir / "crawl-state.sqlite"


@dataclass
class CrawlSummary:
    pages: int
    bytes: int
    errors: dict[str, int]
    warc_files: list[Path]
    revisits: int
    replayed: int = 0
    records: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    run_id: int = 0
    resumed: bool = False
    finish_reason: str = ""
    recovered_files: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["warc_files"] = [str(p) for p in self.warc_files]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CrawlSummary:
        d = dict(d)
        d["warc_files"] = [Path(p) for p in d.get("warc_files", [])]
        return cls(**d)


def user_agent(contact_url: str) -> str:
    from corpus import __version__

    return f"newscorpus-crawler/{__version__} (+{contact_url})"


def build_settings(config: CrawlConfig) -> Any:
    from scrapy.settings import Settings

    s = Settings()
    s.setmodule("crawler.settings", priority="project")
    s.set("CORPUS_SOURCES", str(config.sources_path), priority="cmdline")
    s.set("CORPUS_SOURCE_NAMES", list(config.source_names), priority="cmdline")
    s.set("CORPUS_MAX_PAGES", config.max_pages, priority="cmdline")
    s.set("WARC_DIR", str(config.warc_dir), priority="cmdline")
    s.set("CORPUS_STATE_PATH", str(config.resolved_state_path), priority="cmdline")
    for key, value in config.settings.items():
        s.set(key, value, priority="cmdline")
    if "USER_AGENT" not in config.settings:
        s.set("USER_AGENT", user_agent(s.get("CORPUS_CONTACT_URL")), priority="cmdline")
    return s


def summarize(stats: dict[str, Any]) -> CrawlSummary:
    def group(prefix: str) -> dict[str, int]:
        return {k[len(prefix) :]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}

    return CrawlSummary(
        pages=int(stats.get("crawl/pages", 0)),
        bytes=int(stats.get("crawl/bytes", 0)),
        errors=group("crawl/errors/"),
        warc_files=sorted(Path(p) for p in stats.get("warc/files", [])),
        revisits=sum(group("warc/revisit/").values()),
        replayed=int(stats.get("crawl/replayed", 0)),
        records=group("warc/records/"),
        skipped=group("crawl/skipped/"),
        run_id=int(stats.get("crawl/run_id", 0)),
        resumed=bool(stats.get("crawl/run_resumed", False)),
        finish_reason=str(stats.get("crawl/finish_reason", stats.get("finish_reason", ""))),
        recovered_files=int(stats.get("warc/recovered_files", 0)),
    )


def validate(config: CrawlConfig) -> None:
    """Fail fast (CorpusError) on a bad sources file or unknown source names."""
    pick(load_sources(config.sources_path), config.source_names)
    if config.max_pages is not None and config.max_pages < 0:
        raise CorpusError("max_pages must be >= 0")


def run_crawl(config: CrawlConfig) -> CrawlSummary:
    """Crawl in this process (blocks; starts Twisted's reactor, which cannot run twice)."""
    validate(config)
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.news import NewsSpider

    process = CrawlerProcess(build_settings(config))
    crawler = process.create_crawler(NewsSpider)
    failures: list[Any] = []
    process.crawl(crawler).addErrback(failures.append)
    process.start()
    if failures:
        err = failures[0].value
        if isinstance(err, CorpusError):
            raise err
        raise CorpusError(f"crawl failed: {type(err).__name__}: {err}")
    return summarize(crawler.stats.get_stats())


def subprocess_args(config: CrawlConfig) -> list[str]:
    args = [
        sys.executable,
        "-m",
        "crawler.run",
        "--sources",
        str(config.sources_path),
        "--warc-dir",
        str(config.warc_dir),
        "--state",
        str(config.resolved_state_path),
    ]
    for name in config.source_names:
        args += ["--source", name]
    if config.max_pages is not None:
        args += ["--max-pages", str(config.max_pages)]
    if config.settings:
        args += ["--settings-json", json.dumps(config.settings)]
    return args


def run_crawl_subprocess(config: CrawlConfig, timeout: float | None = None) -> CrawlSummary:
    """Crawl in a child process (``python -m crawler.run``) and parse its JSON summary."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    proc = subprocess.run(subprocess_args(config), capture_output=True, text=True, env=env, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise CorpusError(f"crawl subprocess failed (exit {proc.returncode}):\n{tail}")
    return CrawlSummary.from_dict(json.loads(lines[-1]))

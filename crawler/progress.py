"""Progress on stderr while crawling: a rewritten status line on a TTY, plain lines otherwise.

Setting ``CORPUS_PROGRESS_INTERVAL`` (seconds, default 5; 0 turns the extension off)."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task


def progress_line(stats: dict[str, Any], elapsed: float) -> str:
    errors = sum(v for k, v in stats.items() if k.startswith("crawl/errors/") and isinstance(v, int))
    return (
        f"[crawl] {elapsed:6.0f}s pages={stats.get('crawl/pages', 0)} "
        f"revisits={sum(v for k, v in stats.items() if k.startswith('warc/revisit/'))} "
        f"replayed={stats.get('crawl/replayed', 0)} bytes={stats.get('crawl/bytes', 0)} errors={errors}"
    )


class Progress:
    def __init__(self, stats: Any, interval: float, stream: TextIO):
        self.stats, self.interval, self.stream = stats, interval, stream
        self.tty = stream.isatty()
        self.loop: task.LoopingCall | None = None
        self.t0 = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        interval = crawler.settings.getfloat("CORPUS_PROGRESS_INTERVAL", 5.0)
        if interval <= 0:
            raise NotConfigured("CORPUS_PROGRESS_INTERVAL is 0")
        ext = cls(crawler.stats, interval, sys.stderr)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        self.t0 = time.monotonic()
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval if not self.tty else min(self.interval, 0.5), now=False)

    def show(self) -> None:
        line = progress_line(self.stats.get_stats(), time.monotonic() - self.t0)
        if self.tty:
            self.stream.write("\r" + line + "\x1b[K")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.show()
        if self.tty:
            self.stream.write("\n")

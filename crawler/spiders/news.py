"""The ``news`` spider: discovers article URLs of each source from its sitemaps, feeds and listing
pages (with pagination) and lets the archive middleware store every exchange. It yields no items:
the crawler archives bytes and never judges text.

Sitemap ``lastmod``: an entry (child sitemap or article) whose lastmod is the one under which an
earlier run archived it is skipped (``crawl/skipped/lastmod_unchanged``); this needs the crawl state
(``CORPUS_STATE_PATH``), so it is off when WARC writing is.

Per-source budget (crawler traps such as infinite calendars): a listing link is followed only while
its depth (link hops from a start URL) is below ``max_depth``, and at most ``max_pages`` requests are
made per source; ``CORPUS_MAX_PAGES`` caps the whole crawl (see :mod:`crawler.budget`: in a distributed
crawl both are counted in Redis, for all workers together). Refusals are counted under
``crawl/skipped/<reason>``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Request, Response, TextResponse

from crawler.budget import budget_from_settings
from crawler.discovery import page_links, parse_feed, parse_sitemap, sitemaps_from_robots
from crawler.errors import COUNTED_META_KEY, error_kind
from crawler.selection import selected_sources
from crawler.sources import Source
from crawler.state import CrawlState, state_path_from

MAX_SITEMAP_NESTING = 4
PRIORITY = {"article": 20, "sitemap": 10, "feed": 10, "listing": 0}


def _follow_rule(src: Source) -> re.Pattern[str] | tuple[str, ...]:
    if src.follow_pattern:
        return re.compile(src.follow_pattern)
    prefixes = []
    for u in src.start_urls:
        path = urlsplit(u).path or "/"
        prefixes.append(path if path.endswith("/") else path.rsplit("/", 1)[0] + "/")
    return tuple(prefixes) or ("/",)


class NewsSpider(scrapy.Spider):
    name = "news"

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.setup(crawler.settings)
        return spider

    def setup(self, settings: Any) -> None:
        self.sources = selected_sources(settings)
        self.by_name = {s.name: s for s in self.sources}
        self.allowed_domains = sorted({d for s in self.sources for d in s.allowed_domains})
        self.budget = budget_from_settings(settings)
        self.follow = {s.name: _follow_rule(s) for s in self.sources}
        self.seen: set[str] = set()

    @functools.cached_property
    def state(self) -> CrawlState | None:
        """The crawl state, opened at first use: the spider is built before Scrapy applies the add-ons,
        and the distributed crawl's add-on gives each worker its own state file (read the final path)."""
        state_path = state_path_from(self.crawler.settings)
        return CrawlState(state_path) if state_path is not None else None

    def closed(self, reason: str) -> None:
        state = self.__dict__.get("state")  # only if it was opened
        if state is not None:
            state.close()

    def _lastmod_unchanged(self, url: str, lastmod: str) -> bool:
        if not lastmod or self.state is None:
            return False
        return self.state.lastmod_unchanged(
            url, lastmod, int(self.crawler.stats.get_value("crawl/run_id", 0))
        )

    # -- requests ---------------------------------------------------------------------------------
    def _skip(self, reason: str) -> None:
        self.crawler.stats.inc_value(f"crawl/skipped/{reason}")

    def make(self, url: str, src: Source, kind: str, depth: int, **meta: Any) -> Request | None:
        if not src.owns(url):
            self._skip("offsite_link")
            return None
        if url in self.seen:
            return None
        reason = self.budget.take(src, url)
        if reason == "seen":  # another worker of a distributed crawl took it
            self.seen.add(url)
            return None
        if reason:
            self._skip(reason)
            return None
        self.seen.add(url)
        callback = {
            "sitemap": self.parse_sitemap,
            "feed": self.parse_feed,
            "listing": self.parse_listing,
            "article": self.parse_article,
        }[kind]
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            priority=PRIORITY[kind],
            meta={"source": src.name, "kind": kind, "corpus_depth": depth, **meta},
        )

    def follows(self, src: Source, url: str) -> bool:
        rule = self.follow[src.name]
        if isinstance(rule, re.Pattern):
            return rule.search(url) is not None
        return (urlsplit(url).path or "/").startswith(rule)

    async def start(self) -> AsyncIterator[Request]:
        for src in self.sources:
            for kind, urls in (
                ("sitemap", src.sitemap_urls),
                ("feed", src.feed_urls),
                ("listing", src.start_urls),
            ):
                for url in urls:
                    req = self.make(url, src, kind, 0)
                    if req is not None:
                        yield req

    # -- callbacks --------------------------------------------------------------------------------
    def _src(self, response: Response) -> Source:
        return self.by_name[response.meta["source"]]

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        src, depth = self._src(response), response.meta["corpus_depth"]
        if response.url.endswith("/robots.txt"):
            for url in sitemaps_from_robots(response.body):
                yield from self._opt(self.make(url, src, "sitemap", depth + 1))
            return
        for entry in parse_sitemap(response.body):
            if self._lastmod_unchanged(entry.url, entry.lastmod):
                self._skip("lastmod_unchanged")
            elif entry.is_sitemap:
                if depth + 1 < MAX_SITEMAP_NESTING:
                    yield from self._opt(
                        self.make(entry.url, src, "sitemap", depth + 1, lastmod=entry.lastmod)
                    )
            elif src.is_article(entry.url):
                yield from self._opt(self.make(entry.url, src, "article", depth + 1, lastmod=entry.lastmod))
            else:
                self._skip("not_article")

    def parse_feed(self, response: Response) -> Iterator[Request]:
        src, depth = self._src(response), response.meta["corpus_depth"]
        for url in parse_feed(response.body, response.url):
            if src.is_article(url):
                yield from self._opt(self.make(url, src, "article", depth + 1))
            else:
                self._skip("not_article")

    def parse_listing(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            self._skip("non_html")
            return
        src, depth = self._src(response), response.meta["corpus_depth"]
        found = page_links(response.body, response.url, response.encoding)
        for url in found.links:
            if src.is_article(url):
                yield from self._opt(self.make(url, src, "article", depth + 1))
            elif self.follows(src, url):
                yield from self._follow_listing(url, src, depth)
        for url in found.next_pages:
            yield from self._follow_listing(url, src, depth)

    def _follow_listing(self, url: str, src: Source, depth: int) -> Iterator[Request]:
        if depth + 1 > src.max_depth:
            if url not in self.seen:
                self._skip("max_depth")
            return
        yield from self._opt(self.make(url, src, "listing", depth + 1))

    def parse_article(self, response: Response) -> Iterator[Request]:
        """Articles are archived by the middleware; links to other articles are followed."""
        if not isinstance(response, TextResponse):
            self._skip("non_html")
            return
        src, depth = self._src(response), response.meta["corpus_depth"]
        for url in page_links(response.body, response.url, response.encoding).links:
            if src.is_article(url):
                yield from self._opt(self.make(url, src, "article", depth + 1))

    def on_error(self, failure: Any) -> None:
        """Count failures nobody counted yet (HTTP errors are counted when archived)."""
        request = getattr(failure, "request", None)
        if request is not None and request.meta.get(COUNTED_META_KEY):
            return
        kind = error_kind(failure.value)
        if kind != "http_status":
            self.crawler.stats.inc_value(f"crawl/errors/{kind}")
        self.logger.debug("request failed (%s): %s", kind, failure.getErrorMessage())

    @staticmethod
    def _opt(req: Request | None) -> Iterator[Request]:
        if req is not None:
            yield req

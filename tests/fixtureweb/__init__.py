"""A fixture web for crawl tests and benches: several small fake sites served on 127.0.0.1.

    with FixtureWeb() as web:
        web.url("nato", "/")            # http://nato.test:PORT/
        web.hosts()                      # {"nato.test": "127.0.0.1", ...} for CORPUS_HOSTS
        web.count("nato", "/robots.txt") # requests seen for that path
        web.sent("nato", path)[-1].entity  # exact body bytes sent (WARC payload form)

Standalone: ``python -m tests.fixtureweb [--port P] [--big N]``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tests.fixtureweb import content as C
from tests.fixtureweb import sites as S
from tests.fixtureweb.server import NOT_FOUND, FixtureServer, Page, Recorder, Sent, Site

__all__ = ["FixtureWeb", "Page", "Sent", "Site"]

HOSTS = {
    "nato": "nato.test",
    "actu-fr": "actu-fr.test",
    "wire-en": "wire-en.test",
    "intranet": "intranet.test",
    "elsewhere": "elsewhere.test",
}


class FixtureWeb:
    def __init__(self, port: int = 0, big_pages: int = 0, bind: str = "127.0.0.1"):
        self.recorder = Recorder()
        self.server = FixtureServer((bind, port), self)
        self.port = self.server.server_address[1]
        self.sites: dict[str, Site] = {name: Site(name, host) for name, host in HOSTS.items()}
        if big_pages:
            self.sites["local"] = Site("local", bind)
            S.build_local(self.sites["local"], big_pages)
        self.lock = threading.RLock()
        self.default_delay = 0.0  # seconds added to every response without its own delay
        self._thread: threading.Thread | None = None
        self.rebuild()

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> FixtureWeb:
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FixtureWeb:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- addressing -----------------------------------------------------------------------------
    def base(self, site: str) -> str:
        return f"http://{self.sites[site].host}:{self.port}"

    def url(self, site: str, path: str = "/") -> str:
        return self.base(site) + path

    def hosts(self) -> dict[str, str]:
        return {s.host: "127.0.0.1" for s in self.sites.values() if s.name != "local"}

    # -- serving ----------------------------------------------------------------------------------
    def resolve(self, host: str, path: str, headers: dict[str, str]) -> tuple[str, Page]:
        with self.lock:
            for site in self.sites.values():
                if site.host == host:
                    return site.name, site.find(path, headers) or NOT_FOUND
        return "?", NOT_FOUND

    def record(self, site: str, sent: Sent) -> None:
        self.recorder.add(site, sent)

    # -- observation ------------------------------------------------------------------------------
    def count(self, site: str, path: str) -> int:
        return self.recorder.counts[(site, path)]

    def counts(self, site: str | None = None) -> dict[tuple[str, str], int]:
        with self.recorder.lock:
            return {k: v for k, v in self.recorder.counts.items() if site is None or k[0] == site}

    def sent(self, site: str, path: str) -> list[Sent]:
        with self.recorder.lock:
            return list(self.recorder.sent.get((site, path), []))

    def requests_under(self, site: str, prefix: str) -> int:
        return sum(v for (s, p), v in self.counts(site).items() if p.startswith(prefix))

    def article_paths(self, site: str) -> list[str]:
        if site == "nato":
            return S.nato_articles(self.sites["nato"])
        return sorted(a.path for a in self.sites[site].state["articles"])

    # -- mutation ---------------------------------------------------------------------------------
    def rebuild(self) -> None:
        with self.lock:
            S.build_nato(self.sites["nato"], self.base("nato"), self.base("elsewhere"))
            S.build_actu(self.sites["actu-fr"], self.base("actu-fr"))
            S.build_wire(self.sites["wire-en"], self.base("wire-en"))
            S.build_simple(self.sites["intranet"], "Intranet home")
            S.build_simple(self.sites["elsewhere"], "Somewhere else")

    def update_article(self, site: str, path: str, paragraphs: list[str]) -> None:
        """Edit an article's text, as a newsroom does: its ETag changes and its lastmod/Last-Modified move
        to 2024-06-01, while its publication date stays."""
        with self.lock:
            for a in self.sites[site].state["articles"]:
                if a.path == path:
                    a.paragraphs, a.modified = paragraphs, "2024-06-01"
                    break
            else:
                raise KeyError(path)
            self.rebuild()

    def add_article(self, site: str, article: C.Article) -> None:
        with self.lock:
            self.sites[site].state["articles"].insert(0, article)
            self.rebuild()

    def set_page(self, site: str, path: str, page: Page) -> None:
        with self.lock:
            self.sites[site].pages[path] = page

    # -- sources file ------------------------------------------------------------------------------
    def sources_toml(
        self, allow_private: bool = True, nato_max_depth: int = 4, intranet_private: bool = False
    ) -> str:
        ap = "true" if allow_private else "false"
        ip = "true" if intranet_private else "false"
        en_list = self.url("nato", "/en/news-and-events/articles/")
        fr_list = self.url("nato", "/fr/news-and-events/articles/")
        return f"""
[[source]]
name = "nato"
start_urls = ["{en_list}", "{fr_list}"]
sitemap_urls = ["{self.url("nato", "/robots.txt")}"]
allowed_domains = ["nato.test"]
article_pattern = '/(en|fr)/news-and-events/articles/news/\\d{{4}}/\\d{{2}}/\\d{{2}}/[^/?#]+$'
follow_pattern = '/(en|fr)/news-and-events/'
languages = ["en", "fr"]
allow_private = {ap}
max_depth = {nato_max_depth}

[[source]]
name = "actu-fr"
feed_urls = ["{self.url("actu-fr", "/rss/international.xml")}"]
allowed_domains = ["actu-fr.test"]
article_pattern = '/article/\\d{{4}}/\\d{{2}}/\\d{{2}}/[^/]+\\.html$'
languages = ["fr"]
allow_private = {ap}

[[source]]
name = "wire-en"
feed_urls = ["{self.url("wire-en", "/feeds/nato.atom")}"]
allowed_domains = ["wire-en.test"]
article_pattern = '^https?://[^/]+/world/\\d{{4}}/\\d{{2}}/\\d{{2}}/[^/]+/$'
languages = ["en"]
allow_private = {ap}

[[source]]
name = "intranet"
start_urls = ["{self.url("intranet", "/")}"]
allowed_domains = ["intranet.test"]
article_pattern = '/story\\.html$'
languages = ["en"]
allow_private = {ip}
"""

    def write_sources(self, path: Path, **kw: Any) -> Path:
        path.write_text(self.sources_toml(**kw), encoding="utf-8")
        return path

    def crawl_settings(self) -> dict[str, Any]:
        """Scrapy settings for crawling this web fast and without touching real DNS."""
        return {
            "CORPUS_HOSTS": self.hosts(),
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            "RETRY_TIMES": 2,
            "DOWNLOAD_TIMEOUT": 10,
            "CORPUS_PROGRESS_INTERVAL": 0,
            "LOG_LEVEL": "WARNING",
            "REDIRECT_MAX_TIMES": 5,
        }

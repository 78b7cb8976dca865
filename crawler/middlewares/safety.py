"""Refuse requests that leave their source's ``allowed_domains`` (redirects included: redirected
requests keep ``meta["source"]`` and come through here again) or whose host resolves to a private,
loopback, link-local or otherwise non-public address, unless the source sets ``allow_private = true``.

The address is resolved with the reactor's resolver, the same cached resolver the download uses, so
the address checked is the address connected to (no second lookup in between).

Each request is checked twice, when it is scheduled and when it is about to be downloaded; the second
check reuses the first's answer (a bounded memo of ``(meta source, URL) -> source``: which source owns a
URL depends on nothing else, the sources being fixed for the crawl).

Settings: ``CORPUS_SAFETY_ENABLED`` (default True), ``CORPUS_SOURCES`` / ``CORPUS_SOURCE_NAMES`` (which
sources apply). Place before RobotsTxtMiddleware (100) so refused hosts never get a robots.txt fetch.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.errors import RefusedRequest
from crawler.selection import selected_sources
from crawler.sources import Source, source_for_url


def is_public(ip: str) -> bool:
    """A globally routable unicast address (``is_global`` also excludes shared 100.64/10, benchmarking,
    documentation ranges...); an IPv4-mapped IPv6 address is judged by its IPv4 address."""
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
    )


def literal_ip(host: str) -> str | None:
    """``str(ipaddress.ip_address(host))``, or None where that raises ValueError (a host name). A name
    is told without the exception: an address has a ':' (IPv6) or only digits and dots (IPv4); any other
    string is refused by both parsers."""
    if ":" not in host and host.strip("0123456789."):
        return None
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


MEMO_SIZE = 1 << 14  # (source, URL) pairs remembered between scheduling and download; cleared when full


class SafetyMiddleware:
    def __init__(self, sources: list[Source], stats: Any):
        self.sources = sources
        self.by_name = {s.name: s for s in sources}
        self.stats = stats
        self._owner: dict[tuple[str | None, str], Source] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> SafetyMiddleware:
        if not crawler.settings.getbool("CORPUS_SAFETY_ENABLED", True):
            raise NotConfigured("CORPUS_SAFETY_ENABLED is off")
        mw = cls(selected_sources(crawler.settings), crawler.stats)
        crawler.signals.connect(mw.request_scheduled, signal=signals.request_scheduled)
        return mw

    def request_scheduled(self, request: Request, spider: Any = None, **_: Any) -> None:
        """Refuse and count a request outside its source's domains as it is queued: Scrapy's own
        OffsiteMiddleware drops such requests (redirects included) silently at this point. (``**_``: the
        signal dispatcher then passes its arguments on as they are instead of filtering them per call.)"""
        try:
            self._source(request)
        except RefusedRequest as e:
            self.stats.inc_value(f"crawl/errors/{e.kind}")
            raise

    def _source(self, request: Request) -> Source:
        name, url = request.meta.get("source"), request.url
        src = self._owner.get((name, url))
        if src is None:
            src = self._check(name, url)
            if len(self._owner) >= MEMO_SIZE:
                self._owner.clear()
            self._owner[name, url] = src
        return src

    def _check(self, name: str | None, url: str) -> Source:
        src = self.by_name.get(name) if name else source_for_url(self.sources, url)
        if src is None:
            raise RefusedRequest("offsite", f"no source owns {url}")
        if not src.owns(url):
            raise RefusedRequest("offsite", f"{url} is outside source {src.name}'s allowed_domains")
        return src

    async def process_request(self, request: Request) -> None:
        src = self._source(request)
        if src.allow_private:
            return None
        host = urlsplit(request.url).hostname or ""
        ip = literal_ip(host)
        if ip is None:
            from twisted.internet import reactor

            ip = await maybe_deferred_to_future(reactor.resolve(host))
        if not is_public(ip):
            raise RefusedRequest("private_address", f"{host} resolves to non-public address {ip}")
        return None

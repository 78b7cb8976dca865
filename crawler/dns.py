"""A caching resolver with a static host map (``CORPUS_HOSTS = {"site-a.test": "127.0.0.1"}``), used by
the tests' fixture web and by anyone who needs to pin names. Install with
``TWISTED_DNS_RESOLVER = "crawler.dns.HostMapResolver"``; unknown names go to the system resolver."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer


class HostMapResolver(CachingThreadedResolver):
    def __init__(self, reactor: Any, cache_size: int, timeout: float, hosts: dict[str, str]):
        super().__init__(reactor, cache_size, timeout)
        self.hosts = {k.lower(): v for k, v in hosts.items()}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> HostMapResolver:
        s = crawler.settings
        cache = s.getint("DNSCACHE_SIZE") if s.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache, s.getfloat("DNS_TIMEOUT"), dict(s.getdict("CORPUS_HOSTS")))

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Any:  # noqa: N802 - Twisted API
        ip = self.hosts.get(name.lower())
        if ip is not None:
            return defer.succeed(ip)
        return super().getHostByName(name, timeout)

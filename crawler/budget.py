"""Request budgets of a crawl: at most ``max_pages`` requests per source (``Source.max_pages``) and at
most ``CORPUS_MAX_PAGES`` in the whole crawl, so a crawler trap (an infinite calendar) ends.

:class:`Budget` counts in this process. :class:`RedisBudget` counts in the shared Redis frontier of a
distributed crawl (``CORPUS_REDIS_URL``), so the budgets hold for the crawl as a whole, not per worker:
one Lua script checks and takes a unit atomically, and a URL another worker already took is not taken
(nor counted) twice. Its keys (``<prefix>:budget``, ``<prefix>:budget_seen``) are cleared with the rest
of the frontier when a fresh crawl starts and when the last worker leaves.

``take(src, url)`` returns ``""`` when the request may be made, ``"seen"`` when the URL was already
taken (the caller drops it silently), or the reason it may not: ``"max_pages"``, ``"source_max_pages"``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from crawler.sources import Source

TAKE_SCRIPT = """
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'seen' end
local total_max = tonumber(ARGV[4])
if total_max >= 0 and tonumber(redis.call('HGET', KEYS[1], '*') or '0') >= total_max then
  return 'max_pages'
end
if tonumber(redis.call('HGET', KEYS[1], 's:' .. ARGV[2]) or '0') >= tonumber(ARGV[3]) then
  return 'source_max_pages'
end
redis.call('HINCRBY', KEYS[1], '*', 1)
redis.call('HINCRBY', KEYS[1], 's:' .. ARGV[2], 1)
redis.call('SADD', KEYS[2], ARGV[1])
return ''
"""


@dataclass
class Budget:
    """Budgets counted in this process (the caller keeps its own set of URLs already requested)."""

    total: int | None
    per_source: Counter[str] = field(default_factory=Counter)
    used: int = 0

    def take(self, src: Source, url: str) -> str:
        if self.total is not None and self.used >= self.total:
            return "max_pages"
        if self.per_source[src.name] >= src.max_pages:
            return "source_max_pages"
        self.used += 1
        self.per_source[src.name] += 1
        return ""


def budget_keys(prefix: str) -> tuple[str, str]:
    return f"{prefix}:budget", f"{prefix}:budget_seen"


class RedisBudget:
    """Budgets shared by every worker of a distributed crawl (see the module docstring)."""

    def __init__(self, server: Any, prefix: str, total: int | None) -> None:
        self.server, self.keys, self.total = server, budget_keys(prefix), total
        self._take = server.register_script(TAKE_SCRIPT)

    def take(self, src: Source, url: str) -> str:
        member = hashlib.sha1(url.encode("utf-8", "surrogatepass")).digest()
        total = -1 if self.total is None else self.total
        reply = self._take(keys=list(self.keys), args=[member, src.name, src.max_pages, total])
        return reply.decode() if isinstance(reply, bytes) else str(reply)


def budget_from_settings(settings: Any) -> Budget | RedisBudget:
    """The crawl's budget: shared in Redis when ``CORPUS_REDIS_URL`` is set, else in this process."""
    raw = settings.get("CORPUS_MAX_PAGES")
    total = int(raw) if raw not in (None, "") else None
    url = settings.get("CORPUS_REDIS_URL")
    if not url:
        return Budget(total)
    import redis

    from crawler.distributed import key_prefix

    # the spider is set up before add-ons fill in REDIS_URL: connect from our own setting
    return RedisBudget(redis.Redis.from_url(url), key_prefix(settings), total)

"""Distributed crawl: N crawler processes (any machines) share one frontier in Redis via scrapy-redis.

Turned on by ``corpus crawl --redis redis://HOST:PORT/DB``, which adds the :class:`RedisFrontier` add-on
(``ADDONS``) and ``CORPUS_REDIS_URL`` to the crawl settings; the add-on runs in the crawling process and
switches the scheduler and dupefilter to Redis, names this worker's WARC files and crawl state after it,
and enables :class:`IdleClose`.

Compatibility with Scrapy 2.19 (scrapy-redis 0.9.1 was written for Scrapy 2.11):
  * :class:`RedisDupeFilter` fingerprints with the crawler's ``request_fingerprinter`` (Scrapy's
    ``REQUEST_FINGERPRINTER_CLASS``) instead of scrapy-redis' own JSON/SHA1, and is built from the
    crawler, not from the deprecated ``from_settings``; ``close()`` keeps the shared set (the last worker
    clears it, see below) instead of deleting it under the feet of the other workers.
  * :class:`RedisScheduler` is built with ``from_crawler`` only, never blocks the reactor
    (``SCHEDULER_IDLE_BEFORE_CLOSE`` is forced to 0: BRPOP with a timeout would freeze Twisted), keeps
    the queue on close (``SCHEDULER_PERSIST``), and counts its stats without the ``spider=`` argument
    that Scrapy 2.13+ deprecates.
  * Scrapy's engine re-checks an idle spider only every 5 s (its slot heartbeat); :class:`IdleClose`
    nudges it every ``CORPUS_REDIS_POLL_INTERVAL`` seconds so requests pushed by other workers are picked up
    quickly and the idle close is timely.

Seeds: every worker yields the start/sitemap/feed requests; the shared budget (:mod:`crawler.budget`) and
dupefilter (atomic in Redis) let exactly one of them through, so each seed and sitemap is fetched once
across all workers. Budgets (``max_pages`` per source, ``CORPUS_MAX_PAGES``) count for the whole crawl. Only
``robots.txt`` is fetched once per worker and host (Scrapy's RobotsTxtMiddleware downloads it outside the
scheduler, and every worker must obey it anyway).

Lifecycle in Redis (keys under ``CORPUS_REDIS_KEY_PREFIX``, default ``newscorpus:news``):
  * ``<prefix>:workers`` and ``<prefix>:workers:expiry``: the live workers, ``busy``/``idle``
    (:mod:`crawler.registry`); a registration lapses after ``CORPUS_REDIS_HEARTBEAT_TTL`` seconds unless
    refreshed (a killed worker disappears by itself). No key scan: the registry is two keys.
  * ``<prefix>:budget`` (hash) and ``<prefix>:budget_seen`` (set of URL SHA-1s): the shared budgets.
  * a worker that starts while no other worker is alive clears the queue, dupefilter and budget left by an
    earlier crawl (atomically, in a Lua script), so each crawl starts fresh; the last worker to leave a
    finished crawl clears them too, and the registry.
  * a worker closes (reason ``finished``) once the shared queue is empty, it is idle itself and no other
    worker has been busy for ``CORPUS_REDIS_IDLE_CLOSE`` seconds.

Settings (all can be overridden with ``corpus crawl -s KEY=VALUE``):
  CORPUS_REDIS_URL            redis://HOST:PORT/DB of the shared frontier ("" -> add-on off)
  CORPUS_REDIS_KEY_PREFIX     prefix of every Redis key ("newscorpus:news")
  CORPUS_REDIS_IDLE_CLOSE     seconds the whole crawl must be idle before a worker stops (10.0)
  CORPUS_REDIS_POLL_INTERVAL  seconds between heartbeats / queue polls (0.5)
  CORPUS_REDIS_HEARTBEAT_TTL  seconds a worker key lives without a heartbeat (10)
  CORPUS_WORKER_ID            this worker's name ("<hostname>-<pid>"); goes into WARC names and the state
                              file name: give each worker a stable id for conditional re-crawls
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import Any

from crawler.budget import budget_keys
from crawler.registry import WorkerRegistry

DEFAULT_PREFIX = "newscorpus:news"
ADDON_PATH = "crawler.distributed.RedisFrontier"

def redis_settings(url: str, **extra: Any) -> dict[str, Any]:
    """Settings that switch a crawl to the shared Redis frontier at ``url`` (JSON-serializable, so they
    pass through ``crawler.run --settings-json``)."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        from corpus.errors import CorpusError

        raise CorpusError(f"--redis expects redis://HOST:PORT/DB, got {url!r}")
    return {"CORPUS_REDIS_URL": url, "ADDONS": {ADDON_PATH: 0}, **extra}


def worker_id(settings: Any) -> str:
    wid = settings.get("CORPUS_WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}"
    return "".join(c if c.isalnum() or c in ".-" else "_" for c in str(wid))


def keys(prefix: str) -> dict[str, str]:
    return {name: f"{prefix}:{name}" for name in ("requests", "dupefilter")}


def key_prefix(settings: Any) -> str:
    """``CORPUS_REDIS_KEY_PREFIX``, the prefix of every Redis key of the crawl."""
    return settings.get("CORPUS_REDIS_KEY_PREFIX") or DEFAULT_PREFIX


def registry(settings: Any, server: Any) -> WorkerRegistry:
    """This worker's entry in the crawl's worker registry."""
    ttl_ms = int(settings.getfloat("CORPUS_REDIS_HEARTBEAT_TTL", 10.0) * 1000)
    return WorkerRegistry(server, key_prefix(settings), worker_id(settings), ttl_ms)


def frontier_keys(prefix: str) -> list[str]:
    """What a fresh crawl clears and the last worker deletes: the queue, the dupefilter, the budget."""
    k = keys(prefix)
    return [k["requests"], k["dupefilter"], *budget_keys(prefix)]


class RedisFrontier:
    """Scrapy add-on (``ADDONS``): turns the crawl into one worker of a distributed crawl."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisFrontier:
        return cls()

    def update_settings(self, settings: Any) -> None:
        from scrapy.exceptions import NotConfigured

        url = settings.get("CORPUS_REDIS_URL")
        if not url:
            raise NotConfigured("CORPUS_REDIS_URL is not set")
        k = keys(key_prefix(settings))
        wid = worker_id(settings)
        settings.set("CORPUS_WORKER_ID", wid, priority="addon")
        settings.set("REDIS_URL", url, priority="addon")
        settings.set("SCHEDULER", "crawler.distributed.RedisScheduler", priority="cmdline")
        settings.set("DUPEFILTER_CLASS", "crawler.distributed.RedisDupeFilter", priority="cmdline")
        settings.set("SCHEDULER_QUEUE_KEY", k["requests"], priority="addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", k["dupefilter"], priority="addon")
        # a sorted set (IdleClose measures it with ZCARD); Scrapy priorities kept
        settings.set("SCHEDULER_QUEUE_CLASS", "scrapy_redis.queue.PriorityQueue", priority="cmdline")
        settings.set("SCHEDULER_PERSIST", True, priority="cmdline")
        settings.set("SCHEDULER_IDLE_BEFORE_CLOSE", 0, priority="cmdline")
        settings.set("WARC_PREFIX", f"{settings.get('WARC_PREFIX') or 'corpus'}-{wid}", priority="cmdline")
        settings.set("WARC_RECOVER_OWN_ONLY", True, priority="cmdline")  # the directory is shared
        p = Path(settings.get("CORPUS_STATE_PATH") or Path(settings.get("WARC_DIR")) / "crawl-state.sqlite")
        settings.set("CORPUS_STATE_PATH", str(p.with_name(f"{p.stem}-{wid}{p.suffix}")), priority="cmdline")
        ext = dict(settings.getdict("EXTENSIONS"))
        ext["crawler.distributed.IdleClose"] = 600
        settings.set("EXTENSIONS", ext, priority="cmdline")
        check_connection(settings)


def check_connection(settings: Any) -> None:
    """Fail early, with the URL in the message, when the Redis server cannot be reached."""
    import redis
    from scrapy_redis.connection import get_redis_from_settings

    from corpus.errors import CorpusError

    try:
        get_redis_from_settings(settings).ping()
    except redis.RedisError as e:
        raise CorpusError(f"cannot reach Redis at {settings.get('REDIS_URL')}: {e}") from None


def _import_scrapy_redis() -> tuple[Any, Any]:
    try:
        from scrapy_redis.dupefilter import RFPDupeFilter
        from scrapy_redis.scheduler import Scheduler
    except ImportError as e:  # pragma: no cover - depends on the install
        from corpus.errors import CorpusError

        raise CorpusError("distributed crawl needs scrapy-redis: pip install 'newscorpus[redis]'") from e
    return RFPDupeFilter, Scheduler


_RFPDupeFilter, _Scheduler = _import_scrapy_redis()


class RedisDupeFilter(_RFPDupeFilter):
    """scrapy-redis' shared dupefilter with Scrapy's own request fingerprints."""

    def __init__(self, server: Any, key: str, debug: bool = False, fingerprinter: Any = None) -> None:
        super().__init__(server, key, debug)
        self.fingerprinter = fingerprinter

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisDupeFilter:
        from scrapy_redis.connection import get_redis_from_settings

        s = crawler.settings
        server = get_redis_from_settings(s)
        return cls(server, s.get("SCHEDULER_DUPEFILTER_KEY"), s.getbool("DUPEFILTER_DEBUG"),
                   crawler.request_fingerprinter)

    @classmethod
    def from_spider(cls, spider: Any) -> RedisDupeFilter:
        return cls.from_crawler(spider.crawler)

    def request_fingerprint(self, request: Any) -> str:
        if self.fingerprinter is None:
            return super().request_fingerprint(request)
        return self.fingerprinter.fingerprint(request).hex()

    def close(self, reason: str = "") -> None:
        """Keep the shared set: other workers still use it (IdleClose clears it when the last one leaves)."""


class RedisScheduler(_Scheduler):
    """scrapy-redis' scheduler, built from the crawler, never blocking, persistent across workers."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisScheduler:
        import importlib

        from scrapy_redis.connection import get_redis_from_settings

        s = crawler.settings
        server = get_redis_from_settings(s)
        server.ping()
        serializer = s.get("SCHEDULER_SERIALIZER")
        instance = cls(
            server=server,
            persist=True,
            flush_on_start=False,
            queue_key=s.get("SCHEDULER_QUEUE_KEY"),
            queue_cls=s.get("SCHEDULER_QUEUE_CLASS"),
            dupefilter=RedisDupeFilter.from_crawler(crawler),
            dupefilter_key=s.get("SCHEDULER_DUPEFILTER_KEY"),
            idle_before_close=0,
            serializer=importlib.import_module(serializer) if serializer else None,
        )
        instance.stats = crawler.stats
        return instance

    def open(self, spider: Any) -> None:
        """Join the crawl (before any request is enqueued), then open the shared queue."""
        s = spider.crawler.settings
        fresh = registry(s, self.server).join(frontier_keys(key_prefix(s)))
        spider.crawler.stats.set_value("redis/fresh_frontier", fresh)
        super().open(spider)

    def enqueue_request(self, request: Any) -> bool:
        """As scrapy-redis, without the ``spider=`` argument to the stats (deprecated in Scrapy 2.13+)."""
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Any:
        request = self.queue.pop(0)  # never a blocking pop: it would freeze the reactor
        if request and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason: str) -> None:
        """The queue is shared: never flushed here (IdleClose clears it when the last worker leaves)."""


class IdleClose:
    """Worker registry, heartbeat and idle close for a distributed crawl (see the module docstring)."""

    def __init__(self, crawler: Any) -> None:
        from scrapy_redis.connection import get_redis_from_settings

        s = crawler.settings
        self.crawler = crawler
        self.server = get_redis_from_settings(s)
        self.prefix = key_prefix(s)
        self.keys = keys(self.prefix)
        self.registry = registry(s, self.server)
        self.idle_close = s.getfloat("CORPUS_REDIS_IDLE_CLOSE", 10.0)
        self.poll = s.getfloat("CORPUS_REDIS_POLL_INTERVAL", 0.5)
        self.idle_since: float | None = None
        self.loop: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> IdleClose:
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        if not crawler.settings.get("CORPUS_REDIS_URL"):
            raise NotConfigured("CORPUS_REDIS_URL is not set")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    # -- registry --------------------------------------------------------------------------------------
    def others_busy(self) -> bool:
        return self.registry.others_busy()

    def queue_len(self) -> int:
        return int(self.server.zcard(self.keys["requests"]))

    # -- signals ---------------------------------------------------------------------------------------
    def spider_opened(self, spider: Any) -> None:
        from twisted.internet import task

        self.loop = task.LoopingCall(self.beat)
        self.loop.start(self.poll, now=False)

    def beat(self) -> None:
        engine = self.crawler.engine
        try:
            busy = not engine.spider_is_idle()
        except RuntimeError:  # engine slot gone: closing
            return
        self.registry.beat(busy)
        slot = getattr(engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()  # pull requests pushed by other workers / re-run the idle check

    def spider_idle(self, spider: Any) -> None:
        from scrapy.exceptions import DontCloseSpider

        self.registry.beat(False)
        if self.queue_len() > 0 or self.others_busy():
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_close:
            raise DontCloseSpider
        self.crawler.stats.set_value("redis/idle_closed", True)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        finished = reason == "finished"
        alive = self.registry.leave(frontier_keys(self.prefix) if finished else ())
        if finished and not alive:  # the last one out of a finished crawl: the next crawl starts fresh
            self.crawler.stats.set_value("redis/frontier_cleared", True)

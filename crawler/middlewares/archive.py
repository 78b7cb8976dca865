"""Archive every HTTP exchange to WARC and keep the incremental crawl state.

Placed at 800 in ``DOWNLOADER_MIDDLEWARES`` (after Cookies 700 so the request record carries the
cookies sent; before HttpCompression 590 and Redirect 600 in response order, so it sees each redirect
hop and the body still content-encoded as it came off the wire).

Settings (defaults in crawler/settings.py):
  WARC_DIR             output directory; empty -> middleware off (NotConfigured)
  WARC_PREFIX          file name prefix ("corpus")
  WARC_MAX_SIZE        rotate once a file reaches this many bytes (1 GB)
  WARC_GZIP_LEVEL      compression level per record (6)
  WARC_GZIP_LIBRARY    DEFLATE library of the gzip members: "zlib-ng" (default; 2.2x faster than zlib at level
                       6, members 0.8% larger) or "zlib" (CPython's zlib: the bytes of earlier versions);
                       records decompress to the same bytes either way; another value is an error
  WARC_RECORD_FACTORY  import path of a zero-argument callable returning a RecordFactory (ids/dates)
  CORPUS_STATE_PATH    SQLite state (default WARC_DIR/crawl-state.sqlite)
  CORPUS_CONDITIONAL_REQUESTS  send If-None-Match / If-Modified-Since on re-crawls (True)
  WARC_RECOVER_OWN_ONLY  crash recovery closes only the ``.open`` files named with WARC_PREFIX (False: every
                       unlocked ``.open`` file in WARC_DIR); the distributed crawl's add-on turns it on, as
                       its workers share one directory
  WARC_WRITER_THREAD   write in a background thread (False: inline on the reactor thread); same bytes and
                       state either way. Off by default: on a 2-core machine the GIL hand-offs cost more
                       reactor CPU than the gzip/SHA-1/SQLite work it moves (bench/crawl.py, 2000 pages:
                       175 pages/s with the thread, 236 inline, plain Scrapy 265); when on, it is used
                       instead of the writer process
  WARC_WRITER_PROCESS  write in a child process (``crawler.writer_process``; True): same bytes and state as
                       inline; the reactor keeps only the capture of each exchange and its answer
  WARC_WRITER_PROCESS_COMMAND  that child's command (empty: this interpreter, ``-m crawler.writer_process``)

With ``WARC_WRITER_PROCESS`` (the default) the child process does what ``Archiver.store`` does inline (it
runs that code, on its own connection to the state), one exchange at a time in arrival order, and answers
each; the middleware holds each response until then (``crawler.writer_client``), reads URL rows for the
requests through its own connection plus the rows the child saved but has not committed yet, and counts
the answers.

With ``WARC_WRITER_THREAD`` the writing happens in one background thread (``crawler.archive_worker``), in the
order responses arrive: the reactor only takes the exchange off the Scrapy objects and queues it; each
response goes on to the spider once its records are on disk and its state row is saved (or is dropped
with IgnoreRequest when the write failed), exactly as when writing inline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import scrapy
from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import load_object
from twisted.internet.defer import Deferred

from corpus.errors import CorpusError
from crawler.archive_worker import SerialWorker
from crawler.archiving import PIN_META_KEY, Archiver
from crawler.errors import COUNTED_META_KEY, error_kind
from crawler.replay import ARCHIVED_FLAG, archived_response, locate
from crawler.selection import job_key, selected_sources
from crawler.state import CrawlState, UrlRow, state_path_from
from crawler.warc.records import DEFAULT_GZIP_LIBRARY, RecordFactory, gzip_function
from crawler.warc.writer import WarcWriteError, WarcWriter, WriterOptions
from crawler.writer_client import WriterProcess
from crawler.writer_process import WriterConfig

logger = logging.getLogger(__name__)


def _schedule_close(engine: Any, reason: str) -> None:
    from scrapy.utils.defer import deferred_from_coro

    deferred_from_coro(engine.close_spider_async(reason=reason))


@dataclass(frozen=True)
class ArchiveOptions:
    warc_dir: Path
    state_path: Path
    prefix: str = "corpus"
    max_size: int = 1_000_000_000
    gzip_level: int = 6
    conditional: bool = True
    writer_thread: bool = False
    recover_own_only: bool = False
    gzip_library: str = DEFAULT_GZIP_LIBRARY
    writer_process: bool = True
    writer_command: tuple[str, ...] = ()  # empty: this interpreter, ``-m crawler.writer_process``

    @classmethod
    def from_settings(cls, s: Any) -> ArchiveOptions:
        state_path = state_path_from(s)
        if state_path is None:
            raise NotConfigured("WARC_DIR is not set")
        return cls(
            Path(s.get("WARC_DIR")),
            state_path,
            s.get("WARC_PREFIX", "corpus"),
            s.getint("WARC_MAX_SIZE", 1_000_000_000),
            s.getint("WARC_GZIP_LEVEL", 6),
            s.getbool("CORPUS_CONDITIONAL_REQUESTS", True),
            s.getbool("WARC_WRITER_THREAD", False),
            s.getbool("WARC_RECOVER_OWN_ONLY", False),
            gzip_library=_gzip_library(s),
            writer_process=s.getbool("WARC_WRITER_PROCESS", True),
            writer_command=tuple(s.getlist("WARC_WRITER_PROCESS_COMMAND", [])),
        )


def _gzip_library(s: Any) -> str:
    """``WARC_GZIP_LIBRARY``, checked before any file is opened (a typo must not start a crawl)."""
    name = s.get("WARC_GZIP_LIBRARY", DEFAULT_GZIP_LIBRARY)
    try:
        gzip_function(name)
    except ValueError as e:
        raise CorpusError(f"setting WARC_GZIP_LIBRARY: {e}") from None
    return name


def _factory(path: str | None) -> RecordFactory:
    return load_object(path)() if path else RecordFactory()


def _start_worker(archiver: Archiver) -> SerialWorker:
    from twisted.internet import reactor  # the installed one (Scrapy installs it before middlewares)

    return SerialWorker(archiver.store, reactor.callFromThread, on_success=archiver.count)


def _warcinfo(crawler: Any, key: str, run_id: int) -> dict[str, str]:
    s = crawler.settings
    from corpus import __version__

    return {
        "software": f"newscorpus/{__version__} (Scrapy {scrapy.__version__})",
        "format": "WARC File Format 1.1",
        "conformsTo": "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "robots": "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": s.get("USER_AGENT", ""),
        "isPartOf": key,
        "run-id": str(run_id),
    }


class WarcArchiveMiddleware:
    def __init__(self, crawler: Any, options: ArchiveOptions):
        self.crawler, self.options, self.stats = crawler, options, crawler.stats
        options.warc_dir.mkdir(parents=True, exist_ok=True)
        self.state = CrawlState(options.state_path)
        key = job_key(selected_sources(crawler.settings))
        self.run = self.state.begin_run(key)
        factory = _factory(crawler.settings.get("WARC_RECORD_FACTORY"))
        self.writer = WarcWriter(
            WriterOptions(
                options.warc_dir,
                options.prefix,
                options.max_size,
                gzip_level=options.gzip_level,
                gzip_library=options.gzip_library,
                factory=factory,
                warcinfo=_warcinfo(crawler, key, self.run.id),
            ),
            before_close=self.state.commit,
        )
        self.archiver = Archiver(self.writer, self.state, self.run.id, factory, self.stats)
        own = self.writer.file_prefix if options.recover_own_only else None
        recovered = self.archiver.recover(options.warc_dir, own)
        self.worker = _start_worker(self.archiver) if options.writer_thread else None
        process = options.writer_process and not options.writer_thread  # (the thread when asked for)
        self.client = self._start_process(crawler) if process else None
        self._snapshot = -1  # the child's commits when the state's read snapshot was taken
        self.stats.set_value("crawl/run_id", self.run.id)
        self.stats.set_value("crawl/run_resumed", self.run.resumed)
        self.stats.set_value("warc/recovered_files", recovered)

    def _start_process(self, crawler: Any) -> WriterProcess:
        self.state.commit()  # (recovery's rows): the child's connection must see every row
        config = WriterConfig(
            replace(self.writer.options, factory=RecordFactory()),
            self.options.state_path,
            self.run.id,
            crawler.settings.get("WARC_RECORD_FACTORY") or "",
            self.state.commit_every,
        )
        command = list(self.options.writer_command)
        return WriterProcess.start(config, command or None, on_success=self.archiver.count)

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcArchiveMiddleware:
        mw = cls(crawler, ArchiveOptions.from_settings(crawler.settings))
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def process_request(self, request: Request) -> Response | None:
        row = self._row(request)
        if row is None or row.ref_file is None or row.ref_offset is None:
            return None
        if row.run_id == self.run.id and row.status < 500:
            resp = archived_response(self.options.warc_dir, row.ref_file, row.ref_offset, request.url)
            if resp is not None:
                self.stats.inc_value("crawl/replayed")
                return resp
            self.stats.inc_value("crawl/errors/archive_missing")
            return None
        if self.options.conditional and row.status == 200 and not request.meta.get("dont_conditional"):
            if locate(self.options.warc_dir, row.ref_file) is None:
                return None  # the archived copy is gone: nothing to fall back on after a 304, fetch in full
            if row.etag and b"If-None-Match" not in request.headers:
                request.headers[b"If-None-Match"] = row.etag.encode("latin-1")
            if row.last_modified and b"If-Modified-Since" not in request.headers:
                request.headers[b"If-Modified-Since"] = row.last_modified.encode("latin-1")
        return None

    def _row(self, request: Request) -> UrlRow | None:
        """The state row of the request's URL (what the last capture of it left)."""
        if self.client is not None:
            found, row = self.client.row(request.url)  # saved by the writer process, maybe not committed
            if found:
                return row
            if self.client.commits != self._snapshot:  # the child committed: read what it committed
                self._snapshot = self.client.commits
                self.state.read_snapshot()
            return self.state.lookup(request.url)
        pin = self.state.pin(request.url)
        request.meta[PIN_META_KEY] = pin  # store time reuses the row if it provably did not change
        return pin.row

    def process_response(self, request: Request, response: Response) -> Any:
        """Write the exchange (inline, or queued for the writer thread); the response goes on once it is
        written."""
        if ARCHIVED_FLAG in response.flags:
            request.meta.pop(PIN_META_KEY, None)
            return response
        queue = self.client if self.client is not None else self.worker
        if queue is None:
            try:
                row = self.archiver.archive(request, response)
            except WarcWriteError as e:  # disk full...: nothing saved for this URL; stop, a rerun resumes
                return self._write_failed(request, e)
            return self._written(response, row)
        done = queue.submit(self.archiver.capture(request, response))
        return self._after_write(request, response, done)  # counted by the worker or writer process

    async def _after_write(self, request: Request, response: Response, done: Deferred) -> Response:
        try:
            stored = await maybe_deferred_to_future(done)
        except WarcWriteError as e:  # disk full...: nothing saved for this URL; stop, a rerun resumes
            return self._write_failed(request, e)
        return self._written(response, stored.row)

    def _written(self, response: Response, ref: UrlRow) -> Response:
        """The response to pass on once its records are written (the archived one after a 304)."""
        if response.status >= 400:
            self.stats.inc_value(f"crawl/errors/http_{response.status}")
        if response.status == 304 and ref is not None and ref.ref_file and ref.ref_offset is not None:
            old = archived_response(self.options.warc_dir, ref.ref_file, ref.ref_offset, response.url)
            if old is not None:
                return old
        return response

    def _write_failed(self, request: Request, error: WarcWriteError) -> Response:
        request.meta[COUNTED_META_KEY] = True
        self.stats.inc_value("crawl/errors/warc_write_failed")
        logger.error("%s; closing the crawl (rerun it to resume)", error)
        if self.crawler.engine is not None and self.crawler.engine.spider is not None:
            _schedule_close(self.crawler.engine, "warc_write_failed")
        raise IgnoreRequest(str(error))

    def process_exception(self, request: Request, exception: Exception) -> None:
        request.meta.pop("_warc_wire", None)
        request.meta.pop(PIN_META_KEY, None)
        request.meta[COUNTED_META_KEY] = True
        self.stats.inc_value(f"crawl/errors/{error_kind(exception)}")
        return None

    async def spider_closed(self, spider: Any, reason: str) -> None:
        if self.worker is not None:
            self.worker.close()  # every queued exchange written and counted
        if self.client is not None:
            try:
                await self.client.close()  # every exchange sent written and counted, its file closed
            except WarcWriteError as e:
                logger.error("%s", e)
            self.stats.set_value("warc/writer_process_cpu", self.client.cpu)
        self.archiver.flush_stats()
        self.writer.close()
        files = [str(p) for p in self.writer.closed_files]
        if self.client is not None:
            files = self.client.closed_files
        if reason == "finished":
            self.state.finish_run(self.run.id)
        self.stats.set_value("crawl/finish_reason", reason)
        self.stats.set_value("warc/files", files)
        self.state.close()

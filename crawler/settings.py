"""Scrapy settings of the crawler project (``scrapy.cfg`` points here). Every setting we add is
prefixed ``WARC_`` or ``CORPUS_`` and documented with its default below.

``scrapy crawl news`` in the repo root crawls ``sources.toml`` into ``warcs/``; ``corpus crawl`` (see
``crawler.runner``) sets the paths from its options.
"""

BOT_NAME = "newscorpus"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- what to crawl -------------------------------------------------------------------------------
CORPUS_SOURCES = "sources.toml"  # path of the sources TOML file
CORPUS_SOURCE_NAMES: list[str] = []  # only these sources (empty: all)
CORPUS_MAX_PAGES = None  # cap on requests the spider makes in this crawl (None: per-source budgets only)

# --- politeness ----------------------------------------------------------------------------------
CORPUS_CONTACT_URL = "https://github.com/newscorpus/newscorpus#crawler"  # put in the User-Agent
USER_AGENT = f"newscorpus-crawler/0.1 (+{CORPUS_CONTACT_URL})"  # runner rebuilds it from CORPUS_CONTACT_URL
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0  # average parallel requests per remote host
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024  # wire bytes per response; HttpCompression also caps the decoded size
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

# --- safety: private addresses, domains ----------------------------------------------------------
CORPUS_SAFETY_ENABLED = True  # refuse hosts resolving to private/loopback/link-local unless allow_private
CORPUS_HOSTS: dict[str, str] = {}  # static name -> IP map used by crawler.dns.HostMapResolver
TWISTED_DNS_RESOLVER = "crawler.dns.HostMapResolver"

# --- WARC output and incremental state -----------------------------------------------------------
WARC_DIR = "warcs"  # empty: no WARC writing (middleware off)
WARC_PREFIX = "corpus"
WARC_MAX_SIZE = 1_000_000_000  # bytes; a file is closed and renamed once it reaches this size
# compression level per record. Measured with zlib, level 1 instead (bench/crawl.py --gzip-level 1): WARC
# files 5.6% larger (3.76 vs 3.56 MB); the archive path alone 10% fewer instructions (1012k vs 1125k a page
# under callgrind), ~0.9% of a whole crawl's, a CPU difference the timed bench cannot resolve
WARC_GZIP_LEVEL = 6
# DEFLATE library of the per-record gzip members: "zlib-ng" (PyPI zlib-ng) or "zlib" (CPython's: the exact
# bytes of earlier versions). Same gzip format, same decompressed records either way. On the first 100 real
# pages of the article-extraction benchmark at level 6, zlib-ng took 1648 us/page against zlib's 3687, for
# members 0.8% larger (ratio 0.2059 vs 0.2043). On bench/crawl.py's small (3.3 KB) pages the archive path
# alone took 947k instructions a page under callgrind against zlib's 1003k with glibc's memset counted as its
# vector loop, but 1319k against 1127k when valgrind counts its rep stosb once per byte (zlib-ng clears
# ~190 KB of tables per member: its 128 KB hash table, and 2 bytes per window position, which the writer
# now fits to the record: see records.zlib_ng_compress). Any other value stops the crawl with an error
WARC_GZIP_LIBRARY = "zlib-ng"
# True: gzip, digests, file, CDXJ and state rows run in one background writer thread (same bytes). Off by
# default: on 2 cores the GIL hand-offs cost the reactor more than the work moved (bench/crawl.py)
WARC_WRITER_THREAD = False
# True: records, gzip, digests, WARC/CDXJ files and state rows are written by a child process
# (crawler.writer_process; same bytes and state, same crash guarantees); the reactor sends each exchange and
# holds its response until the child answered. False: write in the reactor's thread. Measured on 2 shared
# cores (bench/crawl.py --pages 2000 --repeat 5, paired against writing inline): reactor CPU/page x0.83 and
# x0.93, crawl pages/s x1.11 and x0.98 (wall figures moved by another process's load); the child's CPU
# (~0.25 ms/page with its start-up) is moved work, total CPU/page x0.91 and x1.02. Callgrind, 400 pages:
# crawling process x1.044 the instructions/page of plain Scrapy (inline: x1.123), x1.153 with the child
WARC_WRITER_PROCESS = True
# command of that child (empty: this interpreter, ``-m crawler.writer_process``, with this process's
# sys.path); e.g. to run it under ``nice`` or a profiler. It must end up calling crawler.writer_process.main()
WARC_WRITER_PROCESS_COMMAND: list[str] = []
WARC_RECOVER_OWN_ONLY = False  # True: crash recovery closes only .open files named WARC_PREFIX-...
WARC_RECORD_FACTORY = ""  # import path of a callable returning crawler.warc.records.RecordFactory
CORPUS_STATE_PATH = ""  # SQLite crawl state (empty: WARC_DIR/crawl-state.sqlite)
CORPUS_CONDITIONAL_REQUESTS = True  # If-None-Match / If-Modified-Since on re-crawls
CORPUS_PROGRESS_INTERVAL = 5.0  # seconds between progress lines on stderr (0: off)

DOWNLOAD_HANDLERS = {
    "http": "crawler.download.WireCaptureDownloadHandler",
    "https": "crawler.download.WireCaptureDownloadHandler",
    # Scrapy's other schemes are off: a news crawl must never read local files or other services
    "file": None,
    "data": None,
    "ftp": None,
    "s3": None,
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.safety.SafetyMiddleware": 60,  # after Offsite (50), before RobotsTxt (100)
    "crawler.middlewares.archive.WarcArchiveMiddleware": 800,  # wire side of Cookies/Redirect/Compression
}
EXTENSIONS = {"crawler.progress.Progress": 500}

# Frontier: settings-driven, so scrapy-redis (SCHEDULER / DUPEFILTER_CLASS) can be swapped in later.
SCHEDULER = "scrapy.core.scheduler.Scheduler"
DUPEFILTER_CLASS = "scrapy.dupefilters.RFPDupeFilter"

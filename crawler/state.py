"""Incremental crawl state in SQLite: crawl runs ("jobs") and, per URL, what was last archived.

Writes are batched: ``save`` opens a transaction that ``commit`` (called every ``commit_every`` rows,
before a WARC file is closed, and at the end) makes durable. That keeps the rule "a row is committed
only after its WARC record is flushed"; rows lost by a kill belong to records of the still-``.open``
WARC file, which crash recovery re-indexes.

Thread safety: the archive middleware saves rows from its writer thread while the reactor thread looks
URLs up, so the connection is opened with ``check_same_thread=False`` and every use of it holds one lock.
With the writer process (``crawler.writer_process``) the child has its own ``CrawlState`` and does every
write of the crawl; the middleware's only reads (``read_snapshot``, ``lookup``), alongside the rows the
child reports as saved but not yet committed (``crawler.writer_client``).

One read per page: the archive middleware reads a URL's row when the request goes out (conditional
headers) and needs the same row again when the response is stored. ``pin`` returns that row with proof of
when it was read, and ``row_at_store`` hands it back only if the database cannot have changed it since:
the read happened while this connection held SQLite's write lock (an open write transaction, so no other
connection or process could commit), the lock has been held ever since (same transaction), and this
connection has not saved that URL since the read. Anything else (a commit in between, a row saved by a
retry or redirect of the same URL, a pin from another ``CrawlState``) re-reads the row. The bookkeeping is
bounded by ``commit_every`` (URLs saved in the current transaction).

Digest lookups (``by_digest``, once per new page) and URL reads (``pin``, once per request) are
pre-screened by Bloom filters of every payload digest and every URL in the table (``crawler.digestfilter``):
"surely absent" answers without a query. They are consulted under the same condition (write lock held):
built from the table while the lock is held, fed by every ``save``, and dropped for good if ``PRAGMA
data_version`` shows that another connection committed since they were built.

A *run* is one crawl job over a set of sources (its ``job_key``). A run that did not finish (killed,
interrupted) is resumed by the next crawl with the same key; URLs already archived in the resumed run
are served from the WARC instead of being fetched again. Rows are committed only after the matching
WARC records are flushed (the caller's order), so the WARC is never behind the state.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from corpus.clock import utc_stamp
from corpus.errors import CorpusError
from crawler.digestfilter import DigestFilter

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_key TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    payload_digest TEXT,
    fetched_at TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    record_type TEXT NOT NULL,
    ref_uri TEXT,
    ref_record_id TEXT,
    ref_date TEXT,
    ref_file TEXT,
    ref_offset INTEGER
);
CREATE INDEX IF NOT EXISTS urls_digest ON urls(payload_digest);
CREATE TABLE IF NOT EXISTS lastmods (
    url TEXT PRIMARY KEY,
    lastmod TEXT NOT NULL,
    run_id INTEGER NOT NULL
);
"""


class UrlRow(NamedTuple):
    """Last archived capture of a URL. ``ref_*`` point at the last *full* response record (the one a
    revisit refers to and a replay reads); ``payload_digest`` is that record's payload digest. A NamedTuple:
    its values in column order are the row itself (``save`` passes it to SQLite as it is)."""

    url: str
    status: int
    etag: str | None
    last_modified: str | None
    payload_digest: str | None
    fetched_at: str
    run_id: int
    record_type: str
    ref_uri: str | None = None
    ref_record_id: str | None = None
    ref_date: str | None = None
    ref_file: str | None = None
    ref_offset: int | None = None


_COLS = list(UrlRow._fields)
_UPSERT = f"INSERT OR REPLACE INTO urls ({', '.join(_COLS)}) VALUES ({', '.join('?' for _ in _COLS)})"
_SELECT = f"SELECT {', '.join(_COLS)} FROM urls"  # built once: lookups run several times per page
_SELECT_URL = _SELECT + " WHERE url=?"
_SELECT_REF = _SELECT + " WHERE ref_record_id=? ORDER BY url LIMIT 1"
_SELECT_DIGEST = (
    _SELECT + " WHERE payload_digest=? AND status=200 AND ref_record_id IS NOT NULL ORDER BY url LIMIT 1"
)


_FILTER_SOURCES = {  # what each Bloom filter holds
    "url": "SELECT url FROM urls",
    "digest": "SELECT payload_digest FROM urls WHERE payload_digest IS NOT NULL",
}


class Pin(NamedTuple):
    """A URL's row as read by ``CrawlState.pin`` (``row`` None: no row), and when it was read. (A NamedTuple:
    one per request, built for a fraction of a frozen dataclass's cost.)"""

    url: str
    row: UrlRow | None
    owner: int  # which CrawlState read it (never equal across instances of one process)
    txn: int  # the write transaction that held the lock during the read (0: none)
    seq: int  # saves made by this connection before the read

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        """A pickled or deep-copied pin comes back as None (its proof holds only in this process)."""
        return _no_pin, ()


def _no_pin() -> None:
    return None


_OWNERS = itertools.count(1)  # ids for CrawlState instances (a counter, not a cache: no output depends on it)


@dataclass(frozen=True)
class Run:
    id: int
    job_key: str
    resumed: bool


def state_path_from(settings: Any) -> Path | None:
    """``CORPUS_STATE_PATH``, else ``WARC_DIR/crawl-state.sqlite``; None when WARC writing is off."""
    warc_dir = settings.get("WARC_DIR")
    if not warc_dir:
        return None
    return Path(settings.get("CORPUS_STATE_PATH") or Path(warc_dir) / "crawl-state.sqlite")


class CrawlState:
    def __init__(self, path: Path, commit_every: int = 200):
        self.commit_every = commit_every
        self.pending = 0
        self.commits = 0  # transactions committed so far (the writer process reports it to the reactor)
        self._lock = threading.RLock()
        self._owner = next(_OWNERS)
        self._txns = 0  # write transactions begun so far
        self._locked_txn = 0  # the one holding the write lock now (0: none)
        self._seq = 0  # URL rows saved so far
        self._saved: dict[str, int] = {}  # URL -> seq of its last save in the current write transaction
        self._filters: dict[str, DigestFilter] = {}  # "url"/"digest" -> filter, built at first use
        self._filters_version = 0  # PRAGMA data_version when they were built
        self._filters_off = False  # another connection wrote: no filters (every lookup queries)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as e:
            raise CorpusError(f"crawl state {path}: {e}") from None
        self.path = path

    def begin_run(self, job_key: str) -> Run:
        """Resume the latest unfinished run of this job, or start a new one."""
        with self._lock:
            row = self.db.execute(
                "SELECT id FROM runs WHERE job_key=? AND finished_at IS NULL ORDER BY id DESC LIMIT 1",
                (job_key,),
            ).fetchone()
            if row:
                return Run(row[0], job_key, True)
            started = utc_stamp()
            cur = self.db.execute("INSERT INTO runs (job_key, started_at) VALUES (?, ?)", (job_key, started))
            return Run(int(cur.lastrowid or 0), job_key, False)

    def finish_run(self, run_id: int) -> None:
        with self._lock:
            self.commit()
            self.db.execute("UPDATE runs SET finished_at=? WHERE id=?", (utc_stamp(), run_id))

    def runs(self) -> list[tuple[int, str, str, str | None]]:
        with self._lock:
            cur = self.db.execute("SELECT id, job_key, started_at, finished_at FROM runs ORDER BY id")
            return cur.fetchall()

    def read_snapshot(self) -> None:
        """Read from one snapshot until the next call (or ``commit``): end the current transaction and
        begin a new one, which sees the database as it is at its first read. For a connection that only
        reads while another writes (the archive middleware's, while the writer process saves the rows):
        reads inside a transaction skip SQLite's lock round trips of a read on its own (WAL locks are
        fcntl calls), about 15 us a page. Never used on a connection that writes meanwhile."""
        with self._lock:
            if self.db.in_transaction:
                self.db.execute("COMMIT")
            self._unlocked()
            self.db.execute("BEGIN")

    def lookup(self, url: str) -> UrlRow | None:
        with self._lock:
            row = self.db.execute(_SELECT_URL, (url,)).fetchone()
        return UrlRow(*row) if row else None

    def pin(self, url: str) -> Pin:
        """``lookup(url)``, with what ``row_at_store`` needs to reuse it."""
        with self._lock:
            txn = self._locked_txn if self.db.in_transaction else 0
            if self._surely_absent("url", url):
                return Pin(url, None, self._owner, txn, self._seq)
            row = self.db.execute(_SELECT_URL, (url,)).fetchone()
            return Pin(url, UrlRow(*row) if row else None, self._owner, txn, self._seq)

    def row_at_store(self, url: str, pin: Pin | None) -> UrlRow | None:
        """What ``lookup(url)`` returns now: the pinned row when it provably still is (see the module
        docstring), else a fresh read."""
        with self._lock:
            if (
                pin is not None
                and pin.url == url
                and pin.owner == self._owner
                and pin.txn != 0
                and pin.txn == self._locked_txn
                and self.db.in_transaction
                and self._saved.get(url, 0) <= pin.seq
            ):
                return pin.row
            return self.pin(url).row  # (a lookup, pre-screened by the URL filter)

    def by_digest(self, digest: str) -> UrlRow | None:
        """A URL whose last full 200 capture has this payload digest (for identical-payload revisits)."""
        with self._lock:
            if self._surely_absent("digest", digest):
                return None
            row = self.db.execute(_SELECT_DIGEST, (digest,)).fetchone()
        return UrlRow(*row) if row else None

    def _surely_absent(self, kind: str, value: str) -> bool:
        """True only when no row of the table has this URL (``kind`` "url") or payload digest ("digest").
        Lock held."""
        if self._filters_off or not (self._locked_txn and self.db.in_transaction):
            return False  # without the write lock another connection may have added it meanwhile
        f = self._filters.get(kind)
        if f is None or f.full:
            self._filters_version = self._data_version()
            cur = self.db.execute(_FILTER_SOURCES[kind])
            f = self._filters[kind] = DigestFilter((v for (v,) in cur), expected=2 * self.count_urls())
        return value not in f

    def _data_version(self) -> int:
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def _locked(self) -> None:
        """The first write of a transaction succeeded: this connection holds the write lock."""
        self._txns += 1
        self._locked_txn = self._txns
        if self._filters and self._data_version() != self._filters_version:
            self._filters.clear()  # another connection committed rows
            self._filters_off = True

    def _write(self, sql: str, params: list[Any] | tuple[Any, ...], url: str | None = None) -> None:
        """Run a write in the current transaction (``url``: the URL row it changes)."""
        with self._lock:
            try:
                if not self.db.in_transaction:  # (also after SQLite rolled back on its own)
                    self._unlocked()
                    self.db.execute("BEGIN")
                self.db.execute(sql, params)
            except BaseException:
                self._unlocked()  # SQLite may have rolled the transaction back: no pin survives this
                raise
            if self._locked_txn == 0:  # the write succeeded: this connection holds the write lock
                self._locked()
            if url is not None:
                self._seq += 1
                self._saved[url] = self._seq
            self.pending += 1
            if self.pending >= self.commit_every:
                self.commit()

    def _unlocked(self) -> None:
        self._locked_txn = 0
        self._saved.clear()

    def commit(self) -> None:
        with self._lock:
            try:
                if self.db.in_transaction:
                    self.db.execute("COMMIT")
                    self.commits += 1
            finally:
                self._unlocked()
            self.pending = 0

    def by_ref_record(self, record_id: str) -> UrlRow | None:
        """A row whose reference capture is the record ``record_id``."""
        with self._lock:
            row = self.db.execute(_SELECT_REF, (record_id,)).fetchone()
        return UrlRow(*row) if row else None

    def save(self, row: UrlRow) -> None:
        """Upsert (durable at the next ``commit``)."""
        with self._lock:
            self._write(_UPSERT, row, row.url)  # a UrlRow is its values in _COLS order
            filters = self._filters
            if filters:
                if (f := filters.get("url")) is not None:
                    f.add(row.url)
                if row.payload_digest is not None and (f := filters.get("digest")) is not None:
                    f.add(row.payload_digest)

    def note_lastmod(self, url: str, lastmod: str, run_id: int) -> None:
        """Remember the sitemap ``lastmod`` under which ``url`` was requested in ``run_id``."""
        self._write(
            "INSERT OR REPLACE INTO lastmods (url, lastmod, run_id) VALUES (?, ?, ?)", (url, lastmod, run_id)
        )

    def lastmod_unchanged(self, url: str, lastmod: str, run_id: int) -> bool:
        """True when an earlier run requested ``url`` under the same sitemap ``lastmod`` and archived it
        without error: the sitemap says nothing changed since, so it need not be fetched again."""
        with self._lock:
            row = self.db.execute(
                "SELECT l.lastmod, l.run_id, u.status FROM lastmods l JOIN urls u ON u.url = l.url "
                "WHERE l.url=?",
                (url,),
            ).fetchone()
        return bool(row) and row[0] == lastmod and row[1] != run_id and row[2] < 400

    def count_urls(self, run_id: int | None = None) -> int:
        with self._lock:
            if run_id is None:
                return self.db.execute("SELECT COUNT(*) FROM urls").fetchone()[0]
            return self.db.execute("SELECT COUNT(*) FROM urls WHERE run_id=?", (run_id,)).fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self.commit()
            self.db.close()

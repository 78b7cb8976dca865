"""Write one exchange (response or revisit + request) and then its state row; re-index after a crash.

Revisit rules: a 304 answer to our conditional request -> ``server-not-modified``; a full answer
with the same status and payload digest as the last capture of this URL, or a non-empty 200 whose
payload equals any earlier 200 capture -> ``identical-payload-digest``. Both point (WARC-Refers-To*)
at the full response record kept in state.

Three steps, so the writing can run off Scrapy's reactor thread (``crawler.archive_worker``): ``capture``
(reactor: the exchange taken off the Scrapy objects), ``store`` (writer thread, one exchange at a time in
arrival order: revisit decision, records, WARC/CDXJ, state row) and ``count`` (reactor: Scrapy stats).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

from crawler.state import CrawlState, Pin, UrlRow
from crawler.staterows import row_for_capture
from crawler.warc.records import HttpExchange, RecordFactory, RevisitRef, exchange_records, sha1_b32
from crawler.warc.recovery import RecoveredFile, recover_directory
from crawler.warc.writer import WarcWriter, Written

STATS_BATCH = 25
_RECORDS_KEY = {t: f"warc/records/{t}" for t in ("response", "revisit", "request")}
PIN_META_KEY = "_warc_pin"  # request.meta: the ``Pin`` of the request's URL (set by the archive middleware)


class Capture(NamedTuple):
    """One exchange as handed from the reactor to the writer (NamedTuples, this and ``Stored``: one of each
    per page, built for a fraction of a frozen dataclass's cost)."""

    exchange: HttpExchange
    status: int
    validators: list[tuple[bytes, bytes]]
    lastmod: str | None
    pin: Pin | None = None  # the URL's state row as read when the request went out (reused if unchanged)


class Stored(NamedTuple):
    """What ``Archiver.store`` wrote: the state row saved, the records, and what ``count`` needs."""

    row: UrlRow
    written: list[Written]
    body_len: int
    profile: str  # revisit profile, "" for a full response


class Archiver:
    def __init__(
        self, writer: WarcWriter, state: CrawlState, run_id: int, factory: RecordFactory, stats: Any
    ):
        self.writer, self.state, self.run_id, self.factory, self.stats = writer, state, run_id, factory, stats
        self._inc = stats.inc_value  # bound once: Scrapy's stats collector resolves methods per access
        self._pending: Counter[str] = Counter()

    def _revisit_target(
        self, status: int, body: bytes, digest: str, prev: UrlRow | None, truncated: bool
    ) -> tuple[UrlRow | None, str]:
        if status == 304 and prev is not None and prev.ref_record_id:
            return prev, "server-not-modified"
        if truncated:
            return None, ""
        same_as_prev = prev is not None and prev.status == status and prev.payload_digest == digest
        if prev is not None and prev.ref_record_id and same_as_prev:
            return prev, "identical-payload-digest"
        if status != 200 or not body:
            return None, ""
        other = self.state.by_digest(digest)
        return (other, "identical-payload-digest") if other is not None else (None, "")

    def capture(self, request: Any, response: Any) -> Capture:
        """Reactor side (cheap): what ``store`` needs, taken from the Scrapy objects."""
        from crawler.exchange import build_exchange, validators  # (Scrapy: not in the writer process)

        meta = request.meta
        ex, wire_ok = build_exchange(request, response, meta)
        if not wire_ok:
            self.stats.inc_value("warc/head_reconstructed")
        pin = meta.pop(PIN_META_KEY, None)
        return Capture(ex, response.status, validators(response), meta.get("lastmod"), pin)

    def store(self, cap: Capture) -> Stored:
        """Writer side: decide the record type, write the records, then save the state row. Touches no
        Scrapy object (the archive middleware runs it in its writer thread, in submission order)."""
        ex = cap.exchange
        prev = self.state.row_at_store(ex.url, cap.pin)
        digest = sha1_b32(ex.response_body)
        refers, profile = self._revisit_target(cap.status, ex.response_body, digest, prev, bool(ex.truncated))
        revisit = None
        if refers is not None:
            revisit = RevisitRef(
                profile,
                refers.ref_record_id or "",
                refers.ref_uri or refers.url,
                refers.ref_date or "",
                refers.payload_digest or "",
            )
        written = self.writer.write_group(
            lambda wid: exchange_records(ex, self.factory, wid, revisit, digest)
        )
        row = row_for_capture(
            ex.url, cap.status, cap.validators, written[0], digest, self.run_id, prev, refers
        )
        self.state.save(row)  # only now: the records above are flushed
        if cap.lastmod:
            self.state.note_lastmod(ex.url, cap.lastmod, self.run_id)
        return Stored(row, written, len(ex.response_body), profile)

    def archive(self, request: Any, response: Any) -> UrlRow:
        """``capture``, ``store`` and ``count`` in one call (synchronous use: benchmarks, tests)."""
        stored = self.store(self.capture(request, response))
        self.count(stored)
        return stored.row

    def count(self, stored: Stored) -> None:
        """What the progress display shows is counted live; the per-record counters are batched
        (Scrapy's ``inc_value`` costs microseconds per call) and pushed every ``STATS_BATCH`` exchanges
        and by ``flush_stats`` when the crawl closes. Reactor side (Scrapy stats are not thread-safe)."""
        self._inc("crawl/pages")
        self._inc("crawl/bytes", stored.body_len)
        if stored.profile:
            self._inc(f"warc/revisit/{stored.profile}")
        c = self._pending
        for w in stored.written:
            c[_RECORDS_KEY.get(w.type) or f"warc/records/{w.type}"] += 1
            c["warc/bytes_written"] += w.length
        c["exchanges"] += 1
        if c["exchanges"] >= STATS_BATCH:
            self.flush_stats()

    def flush_stats(self) -> None:
        self._pending.pop("exchanges", None)
        for key, n in self._pending.items():
            self.stats.inc_value(key, n)
        self._pending.clear()

    def recover(self, warc_dir: Any, prefix: str | None = None) -> int:
        """Close ``.open`` files left by a killed crawl (only those named with ``prefix`` if given) and
        put their records into the state (a record flushed just before the kill may not have had its row
        committed)."""
        files = recover_directory(warc_dir, before_rename=self._reindex, prefix=prefix)
        for rf in files:
            self.stats.inc_value("warc/recovery/cut_bytes", rf.cut_bytes)
        return len(files)

    def _reindex(self, rf: RecoveredFile) -> None:
        run_id = None
        for off, length, rec in rf.records:
            if rec.type == "warcinfo":
                fields = dict(
                    line.split(": ", 1)
                    for line in rec.block.decode("utf-8", "replace").splitlines()
                    if ": " in line
                )
                run_id = int(fields["run-id"]) if fields.get("run-id", "").isdigit() else None
            if rec.type not in ("response", "revisit") or run_id is None:
                continue
            status, pairs = rec.http_status()
            prev = self.state.lookup(rec.url)
            refers = None
            if rec.type == "revisit":
                target = rec.get("WARC-Refers-To")
                refers = prev if prev is not None and prev.ref_record_id == target else None
                refers = refers or self.state.by_ref_record(target)  # e.g. identical payload of another URL
                if refers is None:
                    self.stats.inc_value("warc/recovery/unresolved_revisit")
                    continue
            written = Written(rf.path.name, off, length, rec.record_id, rec.date, rec.type)
            row = row_for_capture(
                rec.url, status, pairs, written, rec.get("WARC-Payload-Digest"), run_id, prev, refers
            )
            self.state.save(row)
            self.stats.inc_value("warc/recovery/reindexed")
        self.state.commit()

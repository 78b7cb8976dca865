"""Read HTML responses out of WARC files, record by record, surviving damaged files.

``iter_responses(path, stats)`` streams a ``.warc.gz`` or ``.warc`` file with warcio and yields one
:class:`WarcResponse` per HTML ``response`` record. Everything else is counted in ``stats`` under a
path-like key and skipped, never fatal:

- ``read/skipped/record/<type>``    request, warcinfo, metadata, revisit (a revisit is not a document), ...
- ``read/skipped/status/<code>``    HTTP status other than 200
- ``read/skipped/not_html``         Content-Type not HTML (the payload is not even read)
- ``read/skipped/too_large``        payload (raw or decompressed) above ``ReadOptions.max_payload_bytes``
- ``read/skipped/truncated``        record cut short (file ends inside it)
- ``read/skipped/corrupt``          unparsable record or broken gzip member; reading resumes at the next
                                    gzip member (``\\x1f\\x8b\\x08``) or, in a plain ``.warc``, the next
                                    ``WARC/1.`` line, so records after the damage are still read
- ``read/skipped/bot_challenge``    a 200 page that is an anti-bot interstitial ("Just a moment...",
                                    captcha), not the article: see :func:`is_bot_challenge`
- ``read/skipped/digest_mismatch``  WARC-Block-Digest does not match the stored record (altered bytes)
- ``read/skipped/bad_encoding``     Content-Encoding body that does not decompress
- ``read/skipped/unsupported_encoding``
- ``read/resync``                   how many times reading resumed after damage
- ``read/whole_file_gzip``          the file is one gzip stream (``gzip x.warc``), read sequentially
- ``read/responses``                records yielded

Payloads are archived as received on the wire: chunked transfer coding is removed and gzip/deflate/br
content codings are decompressed here, under a size cap (decompression bombs are counted, not loaded).
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from corpus.errors import CorpusError
from corpus.payload import SkipRecord as _Skip
from corpus.payload import decode_content, is_bot_challenge, looks_like_html
from corpus.warc_fast import GZIP_MAGIC, read_members

if TYPE_CHECKING:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecord

WARC_MAGIC = b"WARC/1."
HTML_TYPES = ("text/html", "application/xhtml+xml")
_SCAN_BLOCK = 1 << 16
class _Damaged(Exception):
    """Bytes that are not a WARC record where one should start: resynchronise."""


def _damage() -> tuple[type[Exception], ...]:
    """The errors warcio/zlib raise on damaged input; anything else is a bug and propagates. warcio (and
    the fsspec it loads, ~35 ms of imports) is imported on first need: reading a file whose records are all
    plain gzip members (:mod:`corpus.warc_fast`) never needs it."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    return (_Damaged, ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError,
            IndexError)


@dataclass(frozen=True)
class ReadOptions:
    """``max_payload_bytes``: cap on a payload, before and after decompression (50 MB: far above any
    news article page, small enough that a decompression bomb cannot exhaust memory).
    ``statuses``: HTTP statuses whose pages are documents."""

    max_payload_bytes: int = 50_000_000
    statuses: tuple[int, ...] = (200,)
    html_types: tuple[str, ...] = HTML_TYPES


@dataclass(frozen=True)
class WarcResponse:
    uri: str
    date: str  # WARC-Date
    record_id: str
    warc_file: str  # base name of the WARC file
    offset: int  # byte offset of the record (its gzip member) in the file
    status: int
    headers: tuple[tuple[str, str], ...]  # HTTP response headers, in order, repeated ones kept
    payload: bytes  # entity body: de-chunked and decompressed

    def header(self, name: str) -> str | None:
        lname = name.lower()
        return next((v for k, v in self.headers if k.lower() == lname), None)

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")


def iter_responses(
    path: str | Path, stats: Counter[str], options: ReadOptions = ReadOptions()
) -> Iterator[WarcResponse]:
    """Yield the HTML responses of one WARC file in file order (see module docstring for the counts).
    A missing or unreadable file raises CorpusError; damage inside a file never does."""
    path = Path(path)
    try:
        fh = open(path, "rb")
    except OSError as e:
        raise CorpusError(f"cannot read WARC file {path}: {e.strerror}") from None
    with fh:
        # a damaged first byte must not turn a .warc.gz into "plain WARC" (then nothing would resync)
        gz = fh.read(2) == GZIP_MAGIC[:2] or path.name.lower().endswith(".gz")
        magic = GZIP_MAGIC if gz else WARC_MAGIC
        size = os.fstat(fh.fileno()).st_size
        pos: int | None = 0
        progress = _Progress()
        while pos is not None and pos < size:
            if gz:  # plain members first (corpus.warc_fast); warcio from there on when one is not
                pos = yield from _read_plain_members(fh, path.name, stats, options, progress, pos, size)
                if pos is None:
                    break
            fh.seek(pos)
            try:
                damaged_at = yield from _read_from(fh, path.name, stats, options, progress)
            except _WholeFileGzip:
                yield from _read_whole_gzip(path, stats, options, skip=progress.records)
                return
            if damaged_at is None:
                break
            if damaged_at < 0:  # iteration stopped early: unread bytes at the end
                damaged_at = -damaged_at - 1
                if damaged_at >= size:
                    break
                stats["read/skipped/truncated"] += 1
            # warcio's offsets can point before where this pass began on garbage: always move forward
            pos = _find(fh, magic, max(damaged_at, pos, progress.last_offset) + 1)
            if pos is not None:
                stats["read/resync"] += 1


@dataclass
class _Progress:
    """Across the passes over one file: records met, and the offset of the last one handled (a pass
    after a resync never hands out a record twice)."""

    records: int = 0
    last_offset: int = -1

    def first_meeting(self, offset: int, stats: Counter[str], skip: int = 0) -> bool:
        """Count a record met at ``offset``; True (and counted in ``read/records``) when it is to be
        handled: not among the first ``skip`` of this pass, nor handled by an earlier pass."""
        self.records += 1
        if self.records <= skip or offset <= self.last_offset:
            return False
        self.last_offset = offset
        stats["read/records"] += 1
        return True


def _read_from(fh: BinaryIO, name: str, stats: Counter[str], options: ReadOptions, progress: _Progress,
               skip: int = 0) -> Iterator[WarcResponse]:
    """Read records from the current position (the first ``skip`` ones are passed over uncounted).
    Returns None at a clean end, the offset of a damaged record, or ``-(end+1)`` when warcio stopped
    before the end of the file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    damage = _damage()
    it = ArchiveIterator(fh, check_digests=True)
    try:
        for record in _records(it):
            offset = it.offset
            if not progress.first_meeting(offset, stats, skip):
                continue
            try:
                resp = _response(record, name, offset, options)
                it.read_to_end()  # the whole record (gzip CRC included) before its payload is trusted
                if getattr(record.raw_stream, "limit", 0) > 0:  # file ended before Content-Length did
                    raise _Skip("truncated")
            except _Skip as skip_:
                stats[f"read/skipped/{skip_.reason}"] += 1
                if skip_.reason == "digest_mismatch":  # altered bytes may have moved the record's end
                    return offset  # past the next record's start: resynchronise from here instead
                continue
            stats["read/responses"] += 1
            yield resp
    except ArchiveLoadFailed as e:
        if "non-chunked gzip" in str(e):
            raise _WholeFileGzip() from None
        stats["read/skipped/corrupt"] += 1
        return it.offset
    except damage:
        stats["read/skipped/corrupt"] += 1
        return it.offset
    end = it.offset
    fh.seek(0, os.SEEK_END)
    return -(end + 1) if end < fh.tell() else None


def _read_plain_members(fh: BinaryIO, name: str, stats: Counter[str], options: ReadOptions,
                        progress: _Progress, pos: int, size: int) -> Iterator[WarcResponse]:
    """The records of :func:`corpus.warc_fast.read_members` from ``pos``, handled as :func:`_read_from`
    handles warcio's. Returns None when the file ended cleanly, else ``pos``: the warcio path then reads
    from ``pos`` again, passing over (uncounted) the records handled here, so it meets the damage in the
    state it would have met it reading alone. A record is handled only once the next member proved
    plain (or the file ended right after it): warcio reads into the next member before it ends a record,
    so damage there can cost it the record before."""
    members = read_members(fh, pos, size, options.max_payload_bytes)
    records_before = progress.records
    held: tuple[int, WarcResponse | str] | None = None
    end: int | None = pos
    while True:
        try:
            member = next(members)
        except StopIteration as stop:
            end = stop.value
            break
        try:
            outcome: WarcResponse | str = _response(member, name, member.offset, options)  # type: ignore[arg-type]
        except _Skip as skip_:
            outcome = skip_.reason
        except Exception as e:
            if not isinstance(e, _damage()):
                raise
            break  # damage: the warcio path decides about this record
        if held is not None:
            yield from _handle_plain(*held, stats, progress)
        held = (member.offset, outcome)
    if end is None:
        if held is not None:
            yield from _handle_plain(*held, stats, progress)
        return None
    progress.records = records_before  # the warcio path counts them again (as it would alone)
    return pos


def _handle_plain(offset: int, outcome: WarcResponse | str, stats: Counter[str],
                  progress: _Progress) -> Iterator[WarcResponse]:
    """What :func:`_read_from` does with a record whose :func:`_response` is ``outcome`` (a skip reason
    when a string)."""
    if not progress.first_meeting(offset, stats):
        return
    if isinstance(outcome, str):
        stats[f"read/skipped/{outcome}"] += 1
        return
    stats["read/responses"] += 1
    yield outcome


def _records(it: ArchiveIterator) -> Iterator[ArcWarcRecord]:
    """warcio's records; its own crashes on damaged headers (e.g. AttributeError on a response record
    whose WARC-Target-URI was cut off) are reported as damage, like its parse errors."""
    records = iter(it)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (AttributeError, TypeError, KeyError) as e:
            raise _Damaged(f"warcio failed on a damaged record: {e!r}") from None
        yield record


class _WholeFileGzip(Exception):
    """The file is one gzip stream (e.g. ``gzip file.warc``), not one gzip member per record."""


def _read_whole_gzip(path: Path, stats: Counter[str], options: ReadOptions,
                     skip: int) -> Iterator[WarcResponse]:
    """Stream a whole-file-gzipped WARC; offsets are then positions in the uncompressed stream (such a
    file cannot be seeked into per record anyway). Damage ends the file here: no member to resume at."""
    stats["read/whole_file_gzip"] += 1
    with gzip.open(path, "rb") as fh:
        try:
            yield from _read_from(fh, path.name, stats, options, _Progress(), skip=skip)
        except (_WholeFileGzip, OSError, EOFError):
            stats["read/skipped/corrupt"] += 1


def _find(fh: BinaryIO, magic: bytes, start: int) -> int | None:
    """Offset of the next ``magic`` at or after ``start`` (streamed in blocks), or None."""
    fh.seek(start)
    base, tail = start, b""
    while True:
        block = fh.read(_SCAN_BLOCK)
        if not block:
            return None
        buf = tail + block
        i = buf.find(magic)
        if i >= 0 and (magic != WARC_MAGIC or base - len(tail) + i == 0 or _at_line_start(buf, i)):
            return base - len(tail) + i
        tail = buf[-(len(magic) - 1):]
        base += len(block)


def _at_line_start(buf: bytes, i: int) -> bool:
    return i == 0 or buf[i - 1:i] == b"\n"


def _response(record: ArcWarcRecord, name: str, offset: int, options: ReadOptions) -> WarcResponse:
    if not str(record.format).startswith("warc"):  # warcio falls back to ARC parsing on junk lines
        raise _Damaged(f"not a WARC record (parsed as {record.format})")
    if record.length is None:  # no WARC Content-Length: the record's end is unknown, its bytes untrusted
        raise _Damaged("WARC record without Content-Length")
    rtype = record.rec_type
    if not rtype or record.rec_headers is None or record.rec_headers.get_header("WARC-Type") is None:
        raise _Skip("truncated")
    if rtype != "response":
        raise _Skip(f"record/{rtype}")
    http = record.http_headers
    if http is None:
        raise _Skip("record/non_http_response")
    code = http.get_statuscode() or ""
    if not (code.isdigit() and len(code) == 3):  # status line cut off, or not HTTP at all
        raise _Skip("truncated" if record.raw_stream.read(1) == b"" else "bad_http")
    status = int(code)
    if status not in options.statuses:
        raise _Skip(f"status/{status}")
    ctype = (http.get_header("content-type") or "").split(";")[0].strip().lower()
    if ctype and ctype not in options.html_types:
        raise _Skip("not_html")
    raw = _read_raw(record, options.max_payload_bytes)
    if http.get_header("transfer-encoding", "").lower() == "chunked":
        from warcio.bufferedreaders import ChunkedDataReader

        raw = ChunkedDataReader(BytesIO(raw)).read(options.max_payload_bytes + 1)
    payload = decode_content(raw, http.get_header("content-encoding"), options.max_payload_bytes)
    if not ctype and not looks_like_html(payload):
        raise _Skip("not_html")
    if is_bot_challenge(http.get_header("cf-mitigated"), payload):
        raise _Skip("bot_challenge")
    h = record.rec_headers
    return WarcResponse(
        # WARC/1.1's own examples wrap the URI in <...>, and some writers copied that
        uri=(h.get_header("WARC-Target-URI") or "").strip().removeprefix("<").removesuffix(">"),
        date=h.get_header("WARC-Date") or "",
        record_id=h.get_header("WARC-Record-ID") or "",
        warc_file=name,
        offset=offset,
        status=status,
        headers=tuple((k, v) for k, v in http.headers),
        payload=payload,
    )


def _read_raw(record: ArcWarcRecord, cap: int) -> bytes:
    data = record.raw_stream.read(cap + 1)
    if len(data) > cap:
        raise _Skip("too_large")
    if record.payload_length is not None and 0 <= record.payload_length and len(data) < record.payload_length:
        raise _Skip("truncated")
    # the block digest covers the record as stored (the payload digest is left alone: writers disagree on
    # whether it covers a chunked body before or after de-chunking)
    if any(p.startswith("block digest failed") for p in record.digest_checker.problems):
        raise _Skip("digest_mismatch")
    return data


# Markers that appear only on anti-bot interstitials, never on the protected pages themselves (Cloudflare
# also injects /cdn-cgi/challenge-platform/scripts/jsd/ into normal pages: that one is NOT a marker).

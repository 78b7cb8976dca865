"""A fast reader for the common case of a ``.warc.gz`` file: one well-formed record per gzip member.

:func:`corpus.warc_reader.iter_responses` reads members with :func:`read_members` first: a member is
decompressed with one zlib-ng object (``zlib_ng``: the same inflate, about twice as fast as CPython's
``zlib``; its errors are caught like zlib's), its WARC and HTTP headers are parsed by :func:`parse_headers` (a
port of warcio's ``StatusAndHeadersParser.parse`` over bytes in memory: the same line splitting, decoding,
stripping and continuation lines), and its block is checked against a ``sha1`` WARC-Block-Digest, as warcio
(``check_digests=True``) would. At the first member that is anything else (damaged gzip, a member holding
more or less than one record, a digest that does not match or is not sha1 base32, a header warcio would
rewrite or reject, a payload near the size cap, the end of the file inside a member), it stops and the
warcio path reads the file from where this run began, with all its damage handling: what this reader
does not handle exactly as warcio does, it does not handle at all. ``tests/test_warc_fast.py`` compares
both paths on well-formed and damaged files.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import BinaryIO

from zlib_ng import zlib_ng

GZIP_MAGIC = b"\x1f\x8b\x08"
_CHUNK = 1 << 20
_HEADROOM = 1 << 20  # decompressed bytes allowed above the payload cap (headers); more: the warcio path
# warcio's ArcWarcRecordLoader constants (copied, so that reading plain members never imports warcio;
# tests/test_warc_fast.py checks them against warcio's)
_WARC_TYPES = ("WARC/1.1", "WARC/1.0", "WARC/0.17", "WARC/0.18")
_HTTP_TYPES = ("HTTP/1.0", "HTTP/1.1")
_HTTP_VERBS = ("GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PATCH")
_HTTP_RECORDS = ("response", "request", "revisit")
_HTTP_SCHEMES = ("http:", "https:")


class NotPlain(Exception):
    """Something the warcio path must read (see the module docstring)."""


@dataclass(frozen=True)
class Headers:
    """warcio's ``StatusAndHeaders`` fields: ``protocol``, ``statusline`` (after the protocol, stripped),
    ``headers`` (name, value) in order; ``size``: bytes of the header block, blank line included.
    :meth:`get_header` looks names up in a dict of the lowercased names (built once: a record's headers
    are asked for about ten times), which keeps the first value of a repeated name, as warcio's scan."""

    protocol: str
    statusline: str
    headers: list[tuple[str, str]]
    size: int
    _first: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_first", {key.lower(): value for key, value in reversed(self.headers)})

    def __bool__(self) -> bool:  # as warcio's
        return bool(self.statusline or self.headers)

    def get_header(self, name: str, default: str | None = None) -> str | None:
        return self._first.get(name.lower(), default)

    def get_statuscode(self) -> str:
        return self.statusline.split(" ", 1)[0]


class _Problems:
    problems: tuple[str, ...] = ()  # a block digest that does not match is never read here


class _Payload(BytesIO):
    limit = 0  # the whole record was read (warcio's LimitReader at its end)


class Member:
    """One record read from one gzip member at ``offset``, with the attributes of warcio's
    ``ArcWarcRecord`` that :func:`corpus.warc_reader._response` reads: ``format``, ``rec_type``,
    ``rec_headers``, ``http_headers`` (None when warcio parses none), ``length``, ``payload_length``,
    ``raw_stream`` (the block after the HTTP headers) and ``digest_checker``."""

    format = "warc"
    digest_checker = _Problems()

    def __init__(self, offset: int, warc: Headers, http: Headers | None, length: int, payload: bytes) -> None:
        self.offset, self.rec_headers, self.http_headers, self.length = offset, warc, http, length
        self.rec_type = warc.get_header("WARC-Type")
        self.payload_length = len(payload) if length and http else -1
        self.raw_stream = _Payload(payload)


def _decode(line: bytes) -> str:
    """warcio's ``decode_header``: UTF-8, else ISO-8859-1."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("iso-8859-1")


def parse_headers(data: bytes, start: int, end: int, prefixes: tuple[str, ...]) -> Headers:
    """warcio's ``StatusAndHeadersParser(prefixes).parse`` of ``data[start:end]`` read with ``readline``
    (lines end at ``\\n``); raises :class:`NotPlain` where warcio raises (no status line, a status line
    without one of ``prefixes``)."""
    if start >= end:
        raise NotPlain("no status line")  # warcio: EOFError
    lines, size = _header_lines(data, start, end)
    if not lines:  # the first line is blank
        return Headers("", "", [], size)
    statusline = lines[0]
    upper = statusline.upper()
    prefix = next((p for p in prefixes if upper.startswith(p)), None)
    if prefix is None:
        raise NotPlain("status line without a known prefix")  # warcio: StatusAndHeadersParserException
    headers: list[tuple[str, str]] = []
    i, n = 1, len(lines)
    while i < n:
        name, sep, rest = lines[i].partition(":")
        value: str | None = rest.lstrip() if sep else None
        if sep:
            name = name.rstrip(" \t")
        i += 1
        while i < n and lines[i].startswith((" ", "\t")):  # continuation lines
            if value is not None:
                value += lines[i]
            i += 1
        if value is not None:
            headers.append((name, value))
    return Headers(upper[:len(prefix)], statusline[len(prefix):].strip(), headers, size)


_HEAD_WINDOW = 1 << 14  # header blocks end well before: looked for there first, not through the payload


def _first_blank(data: bytes, start: int, end: int) -> tuple[int, int]:
    """Where the first ``\n\r\n`` or ``\n\n`` of ``data[start:end]`` starts, and the length of the
    blank line after its first ``\n`` (2 or 1); (-1, 0) when there is none."""
    for stop in (min(end, start + _HEAD_WINDOW), end):
        crlf = data.find(b"\n\r\n", start, stop)
        lf = data.find(b"\n\n", start, stop if crlf < 0 else crlf + 1)  # an earlier one only
        if lf >= 0:
            return lf, 1
        if crlf >= 0:
            return crlf, 2
    return -1, 0


def _header_lines(data: bytes, start: int, end: int) -> tuple[list[str], int]:
    """The lines warcio's parser reads from ``start``, each decoded and right-stripped, up to the first
    blank one (or ``end``), that one left out; and the bytes read, the blank line included. Commonly the
    block ends at the first ``\\n\\r\\n`` or ``\\n\\n``, is UTF-8 and has no blank line before: then it is
    decoded and split at once; otherwise line by line, as warcio reads it."""
    cut, blank = _first_blank(data, start, end)
    if cut >= 0:
        try:
            lines = [line.rstrip() for line in data[start:cut].decode("utf-8").split("\n")]
        except UnicodeDecodeError:  # a line that is not UTF-8: decoded on its own, as ISO-8859-1
            lines = []
        if lines and all(lines):
            return lines, cut + 1 + blank - start
    lines, pos = [], start
    while pos < end:
        nl = data.find(b"\n", pos, end)
        stop = end if nl < 0 else nl + 1
        line = _decode(data[pos:stop]).rstrip()
        pos = stop
        if not line:
            break
        lines.append(line)
    return lines, pos - start


def read_members(fh: BinaryIO, pos: int, size: int, cap: int) -> Iterator[Member]:
    """Records from ``pos`` on, one per gzip member, while they are plain (see the module docstring).
    Returns (as the generator's value) the offset of the first member that is not, or None at the end of
    the file. ``cap``: the payload cap; a member decompressing to more than ``cap`` plus headroom is left
    to the warcio path (which counts it as too large)."""
    source = _Source(fh, pos)
    while pos < size:
        if source.head(len(GZIP_MAGIC)) != GZIP_MAGIC:
            return pos
        try:
            raw = _member(source, cap + _HEADROOM)
            member = _record(raw, pos)
        except (NotPlain, zlib.error, zlib_ng.error):
            return pos
        yield member
        pos = source.pos
    return None


class _Source:
    """The file from ``pos`` on, read in blocks and fed to zlib in pieces (memoryview slices: the bytes
    left after a member's end are never copied)."""

    def __init__(self, fh: BinaryIO, pos: int) -> None:
        fh.seek(pos)
        self.fh, self.pos = fh, pos
        self._buf, self._at = b"", 0  # the current block, and where ``pos`` is in it

    def head(self, n: int) -> bytes:
        """The next ``n`` bytes (fewer at the end of the file), not consumed."""
        if len(self._buf) - self._at < n:
            self._buf, self._at = self._buf[self._at:] + self.fh.read(_CHUNK), 0
        return self._buf[self._at:self._at + n]

    def piece(self) -> memoryview:
        """The next bytes (empty at the end of the file); :meth:`consume` says how many were used."""
        if self._at >= len(self._buf):
            self._buf, self._at = self.fh.read(_CHUNK), 0
        return memoryview(self._buf)[self._at:self._at + _PIECE]

    def consume(self, n: int) -> None:
        self._at += n
        self.pos += n


_PIECE = 1 << 16


def _member(source: _Source, limit: int) -> bytes:
    """The decompressed gzip member at the source's position, which moves past it."""
    d = zlib_ng.decompressobj(31)
    parts: list[bytes] = []
    out = 0
    while not d.eof:
        piece = source.piece()
        if not piece:
            raise NotPlain("file ends inside a member")
        parts.append(d.decompress(piece, limit - out))
        out += len(parts[-1])
        if d.unconsumed_tail or (out >= limit and not d.eof):
            raise NotPlain("member too large")
        source.consume(len(piece) - len(d.unused_data))
    return b"".join(parts)


def _record(raw: bytes, offset: int) -> Member:
    """The one record of a member, as warcio would read it, or :class:`NotPlain`."""
    warc = parse_headers(raw, 0, len(raw), _WARC_TYPES)
    if not warc.protocol:
        raise NotPlain("empty line where a record starts")
    rec_type = warc.get_header("WARC-Type")
    length_text = warc.get_header("Content-Length")
    uri = warc.get_header("WARC-Target-URI")
    if rec_type is None or length_text is None or not length_text.isascii() or not length_text.isdigit():
        raise NotPlain("no WARC-Type or no plain Content-Length")
    if uri is not None and ((uri.startswith("<") and uri.endswith(">")) or " " in uri):
        raise NotPlain("a WARC-Target-URI warcio rewrites")
    length = int(length_text)
    start = warc.size
    if raw[start + length:] != b"\r\n\r\n":  # exactly one record, its block and the two CRLFs
        raise NotPlain("not one record per member")
    _check_digest(warc, rec_type, raw, start, length)
    http = None
    if length and rec_type in _HTTP_RECORDS and uri is not None and uri.startswith(_HTTP_SCHEMES):
        prefixes = _HTTP_VERBS if rec_type == "request" else _HTTP_TYPES
        http = parse_headers(raw, start, start + length, prefixes)
    skip = http.size if http is not None else 0
    return Member(offset, warc, http, length, raw[start + skip:start + length])


def _check_digest(warc: Headers, rec_type: str, raw: bytes, start: int, length: int) -> None:
    """A block digest warcio checks must be ``sha1:`` + 32 base32 characters and match (a mismatch is
    the warcio path's to count)."""
    block_digest = warc.get_header("WARC-Block-Digest")
    if not block_digest or rec_type == "revisit":  # warcio checks no digest of a revisit record
        return
    algo, sep, value = block_digest.partition(":")
    if algo != "sha1" or not sep or len(value) != 32:
        raise NotPlain("a block digest other than sha1 base32")
    digest = base64.b32encode(hashlib.sha1(memoryview(raw)[start:start + length]).digest()).decode("ascii")
    if digest != value:
        raise NotPlain("block digest mismatch")

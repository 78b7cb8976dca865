"""WARC files: one gzip member per record, a warcinfo record first, written as ``NAME.open`` under an
exclusive lock and renamed to ``NAME`` (with its CDXJ index beside it) when closed. Rotates by size."""

from __future__ import annotations

import fcntl
import os
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

from corpus.atomic import replace_durably
from crawler.warc.cdxj import IndexFields, head_status_mime, index_line, surt, write_cdxj
from crawler.warc.records import (
    DEFAULT_GZIP_LIBRARY,
    RecordFactory,
    WarcRecord,
    gzip_function,
    serialize,
    warcinfo_record,
)

OPEN_SUFFIX = ".open"
STAMP_DIGITS = 17  # YYYYmmddHHMMSS + milliseconds, in every file name


def name_pattern(prefix: str) -> re.Pattern[str]:
    """Matches the start of the file names a writer with ``file_prefix`` ``prefix`` gives:
    ``PREFIX-TIMESTAMP-SERIAL-HOST.warc.gz`` (not those of a prefix that merely starts the same)."""
    return re.compile(re.escape(prefix) + rf"-\d{{{STAMP_DIGITS}}}-\d{{5,}}-")


@dataclass(frozen=True)
class WriterOptions:
    directory: Path
    prefix: str = "corpus"
    max_size: int = 1_000_000_000  # WARC_MAX_SIZE: soft cap, a file is closed once it reaches it
    hostname: str = field(default_factory=socket.gethostname)
    gzip_level: int = 6
    gzip_library: str = DEFAULT_GZIP_LIBRARY  # WARC_GZIP_LIBRARY: "zlib-ng" or "zlib" (gzip_function)
    warcinfo: dict[str, str] = field(default_factory=dict)
    factory: RecordFactory = field(default_factory=RecordFactory)


class Written(NamedTuple):
    """Where a record landed (a NamedTuple: two are made per page, and a frozen dataclass's ``__init__``,
    one ``object.__setattr__`` per field, costs about four times as much)."""

    filename: str  # final name (without .open)
    offset: int
    length: int
    record_id: str
    date: str
    type: str


IndexEntry = tuple[str, IndexFields]  # (SURT key, fields): ``index_line``'s arguments


class WarcWriteError(OSError):
    """A record group could not be written (disk full, I/O error). The file was cut back to its last
    whole record, so it stays valid; the group was not written and its state row must not be saved."""


def _write_all(f: BinaryIO, data: bytes) -> None:
    """Unbuffered write of every byte (a raw write may be partial, e.g. just before ENOSPC)."""
    view = memoryview(data)
    while view:
        n = f.write(view)
        if not n:
            raise OSError(f"short write to {getattr(f, 'name', '?')}")
        view = view[n:]


def _safe_name(text: str, default: str) -> str:
    """ASCII letters, digits, '.', '-' only (no '/', no '..'): a name part can never leave the directory."""
    safe = "".join(c if (c.isascii() and c.isalnum()) or c in ".-" else "_" for c in text).strip(".")
    return safe.replace("..", "_") or default


def _first_fields(rec: WarcRecord) -> dict[str, str]:
    """Lower-cased field name -> value of its first occurrence: what ``rec.get(name)`` returns, for
    every name, in one pass (``_append`` needs four fields per record and ``get`` rescans the list
    each time). For records that do not carry their ``fields`` (``exchange_records``' records do)."""
    out: dict[str, str] = {}
    for name, value in rec.headers:
        out.setdefault(name.lower(), value)
    return out


def lock_exclusive(f: BinaryIO) -> bool:
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class WarcWriter:
    """Append record groups; each group is flushed to the OS before ``write_group`` returns, so a
    SIGKILL afterwards cannot lose it (callers commit their state only after that)."""

    def __init__(self, options: WriterOptions, before_close: Callable[[], None] | None = None):
        """``before_close`` runs just before a file is closed and renamed (the archiver commits its
        state there: records of renamed files are not re-indexed by crash recovery)."""
        self.options = options
        self._compress = gzip_function(options.gzip_library)  # ValueError if unknown
        self.before_close = before_close
        self.closed_files: list[Path] = []
        self._f: BinaryIO | None = None
        self._path: Path | None = None
        self._size = 0  # bytes in the open file (kept here: ``tell()`` on an unbuffered file is a syscall)
        self._cdxj: list[IndexEntry] = []  # the open file's index, formatted when it is closed
        self._serial = 0
        self.warcinfo_id = ""
        options.directory.mkdir(parents=True, exist_ok=True)

    @property
    def current_path(self) -> Path | None:
        return self._path

    @property
    def file_prefix(self) -> str:
        """The prefix of this writer's file names (``WriterOptions.prefix``, made safe)."""
        return _safe_name(self.options.prefix, "corpus")

    def _next_name(self) -> str:
        o = self.options
        stamp = o.factory.clock().strftime("%Y%m%d%H%M%S%f")[:STAMP_DIGITS]
        host, prefix = _safe_name(o.hostname, "host"), self.file_prefix
        while True:
            name = f"{prefix}-{stamp}-{self._serial:05d}-{host}.warc.gz"
            self._serial += 1
            final = o.directory / name
            if not final.exists() and not final.with_name(name + OPEN_SUFFIX).exists():
                return name

    def _open(self) -> None:
        while True:
            name = self._next_name()
            path = self.options.directory / (name + OPEN_SUFFIX)
            # unbuffered: nothing of a failed write can linger in a buffer and be flushed later
            f = open(path, "xb", buffering=0)  # noqa: SIM115 - kept open across calls, closed in close()
            if lock_exclusive(f):
                break
            # another process's crash recovery took the fresh file between its creation and our lock
            # (it will close it as an empty capture): leave it to that process and take the next name
            f.close()
        self._f, self._path, self._cdxj, self._size = f, path, [], 0
        info = warcinfo_record(self.options.warcinfo, name, self.options.factory)
        self.warcinfo_id = info.record_id
        try:
            self._append([info])
        except WarcWriteError:  # not even the warcinfo fits: leave no file behind
            f.close()
            path.unlink()
            self._f, self._path = None, None
            raise

    def _append(self, records: list[WarcRecord]) -> list[Written]:
        assert self._f is not None and self._path is not None
        final = self._path.name.removesuffix(OPEN_SUFFIX)
        start = offset = self._size
        compress, level = self._compress, self.options.gzip_level
        chunks, out, index = [], [], []
        for rec in records:
            member = compress(serialize(rec), level, 31)  # one gzip member
            chunks.append(member)
            length = len(member)
            f = rec.fields if rec.fields is not None else _first_fields(rec)
            date = f.get("warc-date") or ""
            rtype = rec.type
            out.append(Written(final, offset, length, f.get("warc-record-id") or "", date, rtype))
            if rtype == "response" or rtype == "revisit":
                index.append(self._index(rec, f, date, final, offset, length))
            offset += length
        try:
            _write_all(self._f, b"".join(chunks))
        except OSError as e:
            self._cut_back(start)
            raise WarcWriteError(e.errno, f"cannot write WARC file {self._path}: {e.strerror or e}") from e
        self._size = offset
        self._cdxj += index
        return out

    def _cut_back(self, offset: int) -> None:
        """Drop the partial bytes of a failed write so the file ends with a whole record."""
        assert self._f is not None
        try:
            os.ftruncate(self._f.fileno(), offset)
            self._f.seek(offset)
        finally:
            self._size = self._f.tell()  # where the next write goes, even if the cut failed

    @staticmethod
    def _index(
        rec: WarcRecord, f: dict[str, str], date: str, filename: str, offset: int, length: int
    ) -> IndexEntry:
        """What the record's CDXJ line is made of. The SURT key (the part that can fail on a URL) is
        computed now; the line is formatted by ``close``, with the others, while they are warm in cache."""
        status, mime = (
            (rec.status, rec.mime) if rec.status else head_status_mime(rec.block[: rec.head_length])
        )
        url = f.get("warc-target-uri") or ""
        digest = f.get("warc-payload-digest") or ""
        return surt(url), IndexFields(rec.type, url, date, digest, status, mime, filename, offset, length)

    def write_group(self, build: Callable[[str], list[WarcRecord]]) -> list[Written]:
        """``build(warcinfo_id) -> list[WarcRecord]``; the records land together in one file.

        A file that reached ``max_size`` is closed here, before the next group, not right after the
        group that filled it: the caller saves its state rows after ``write_group`` returns, and
        ``before_close`` must see them (records of a closed file are not re-indexed after a crash)."""
        if self._f is not None and self._size >= self.options.max_size:
            self.close()
        if self._f is None:
            self._open()
        return self._append(build(self.warcinfo_id))

    def close(self) -> Path | None:
        if self._f is None or self._path is None:
            return None
        if self.before_close is not None:
            self.before_close()
        f, path = self._f, self._path
        f.flush()
        os.fsync(f.fileno())
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        write_cdxj(final, [index_line(fields, key) for key, fields in self._cdxj])
        replace_durably(path, final)
        f.close()  # releases the lock after the rename
        self._f, self._path, self._cdxj = None, None, []
        self.closed_files.append(final)
        return final

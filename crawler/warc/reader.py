"""Read back what ``writer`` wrote: gzip members, WARC records and their HTTP parts (no Scrapy)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 16


@dataclass
class ParsedRecord:
    headers: list[tuple[str, str]]
    block: bytes

    def get(self, name: str, default: str = "") -> str:
        low = name.lower()
        return next((v for k, v in self.headers if k.lower() == low), default)

    @property
    def type(self) -> str:
        return self.get("WARC-Type")

    @property
    def url(self) -> str:
        return self.get("WARC-Target-URI")

    @property
    def record_id(self) -> str:
        return self.get("WARC-Record-ID")

    @property
    def date(self) -> str:
        return self.get("WARC-Date")

    def http_parts(self) -> tuple[bytes, bytes]:
        """(head including its blank line, body) of an application/http block."""
        i = self.block.find(b"\r\n\r\n")
        j = self.block.find(b"\n\n")
        if i < 0 and j < 0:
            return self.block, b""
        end = i + 4 if i >= 0 and (j < 0 or i < j) else j + 2
        return self.block[:end], self.block[end:]

    def http_status(self) -> tuple[int, list[tuple[bytes, bytes]]]:
        """Status code and header (name, value) pairs of the HTTP head, bytes as stored."""
        return parse_http_head(self.http_parts()[0])


def parse_http_head(head: bytes) -> tuple[int, list[tuple[bytes, bytes]]]:
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    parts = lines[0].split(b" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    headers = []
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if sep:
            headers.append((name.strip(), value.strip()))
    return status, headers


class BadRecord(ValueError):
    pass


def parse_record(data: bytes) -> ParsedRecord:
    """Parse one uncompressed record; raise BadRecord when it is incomplete or malformed."""
    end = data.find(b"\r\n\r\n")
    if not data.startswith(b"WARC/") or end < 0:
        raise BadRecord("no WARC header block")
    lines = data[:end].decode("utf-8", "replace").split("\r\n")[1:]
    headers = []
    for line in lines:
        name, sep, value = line.partition(":")
        if not sep:
            raise BadRecord(f"bad WARC header line {line!r}")
        headers.append((name.strip(), value.strip()))
    rec = ParsedRecord(headers, b"")
    try:
        length = int(rec.get("Content-Length", "-1"))
    except ValueError:
        raise BadRecord("bad Content-Length") from None
    block = data[end + 4 : end + 4 + length]
    if length < 0 or len(block) != length or data[end + 4 + length :] != b"\r\n\r\n":
        raise BadRecord("record block incomplete")
    rec.block = block
    return rec


def iter_members(f: BinaryIO, start: int = 0) -> Iterator[tuple[int, int, bytes]]:
    """Yield (offset, length, decompressed bytes) for each complete gzip member, stopping silently at
    the first incomplete or corrupt one (the caller compares the last end with the file size)."""
    f.seek(start)
    pos, buf = start, b""
    while True:
        d = zlib.decompressobj(31)
        out: list[bytes] = []
        consumed = 0
        while not d.eof:
            if not buf:
                buf = f.read(CHUNK)
                if not buf:
                    return
            try:
                out.append(d.decompress(buf))
            except zlib.error:
                return
            if d.eof:
                used = len(buf) - len(d.unused_data)
                consumed += used
                buf = d.unused_data
            else:
                consumed += len(buf)
                buf = b""
        yield pos, consumed, b"".join(out)
        pos += consumed


def iter_records(path: Path) -> Iterator[tuple[int, int, ParsedRecord]]:
    """(offset, length, record) for each whole record; stops at the first broken one."""
    with open(path, "rb") as f:
        for off, length, data in iter_members(f):
            try:
                rec = parse_record(data)
            except BadRecord:
                return
            yield off, length, rec


def read_record_at(path: Path, offset: int) -> ParsedRecord:
    with open(path, "rb") as f:
        for _off, _len, data in iter_members(f, offset):
            return parse_record(data)
    raise BadRecord(f"no whole record at {path}:{offset}")

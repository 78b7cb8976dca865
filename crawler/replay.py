"""Serve an archived response record as a Scrapy response (used on resume and after a 304), so the
spider can parse a page without fetching it again."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from crawler.warc.reader import BadRecord, read_record_at
from crawler.warc.records import TE_RENAMED
from crawler.warc.writer import OPEN_SUFFIX

ARCHIVED_FLAG = "archived"
_DROP = {TE_RENAMED.lower(), b"transfer-encoding"}


def locate(warc_dir: Path, filename: str) -> Path | None:
    for p in (warc_dir / filename, warc_dir / (filename + OPEN_SUFFIX)):
        if p.exists():
            return p
    return None


def archived_response(warc_dir: Path, filename: str, offset: int, url: str) -> Response | None:
    """The response stored at ``filename:offset`` (body as stored, i.e. still content-encoded), or
    None if the file or record is gone."""
    path = locate(warc_dir, filename)
    if path is None:
        return None
    try:
        rec = read_record_at(path, offset)
    except (BadRecord, OSError):
        return None
    if rec.type != "response":
        return None
    status, pairs = rec.http_status()
    _, body = rec.http_parts()
    headers = Headers()
    for name, value in pairs:
        if name.lower() not in _DROP:
            headers.appendlist(name, value)
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(url=url, status=status, headers=headers, body=body, flags=[ARCHIVED_FLAG])

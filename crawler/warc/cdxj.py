"""CDXJ index lines (``SURT TIMESTAMP {json}``, the pywb/OutbackCDX form), sorted, one file per WARC."""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from corpus.atomic import atomic_write_text
from crawler.warc.reader import ParsedRecord, parse_http_head


def surt(url: str) -> str:
    """Sort-friendly URL key ``com,example)/path?query``: host lower-cased and reversed, ``www.`` and
    default ports dropped."""
    host, port, path, query = _split_plain(url) or _split(url)
    if host.startswith("www."):
        host = host[4:]
    key = ",".join(reversed(host.split(".")))
    if port and port not in (80, 443):
        key += f":{port}"
    return key + ")" + (path or "/").lower() + (("?" + query) if query else "")


def _split(url: str) -> tuple[str, int | None, str, str]:
    """(lower-cased host, port, path, query) as ``urlsplit`` gives them."""
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.port, parts.path, parts.query


_PLAIN_URL = re.compile(r"https?://([^/?#@\[\]]*)(/[^?#]*)?(?:\?([^#]*))?(?:#|\Z)")
_UNSAFE = re.compile(r"[^\x21-\x7e]")  # what urlsplit strips or removes, and anything not ASCII


def _split_plain(url: str) -> tuple[str, int | None, str, str] | None:
    """``_split`` for the common URL (``http(s)://`` in lower case, printable ASCII, no user info, no
    IPv6 literal, an all-digit port in range): one regex match instead of ``urlsplit`` (whose cache of
    128 URLs never holds a crawl's response URLs) and its host and port properties. None otherwise."""
    if _UNSAFE.search(url):
        return None
    m = _PLAIN_URL.match(url)
    if m is None:
        return None
    host, _, port = m[1].partition(":")
    path, query = m[2] or "", m[3] or ""
    if not port:
        return host.lower(), None, path, query
    if not port.isdigit() or int(port) > 65535:
        return None  # (urlsplit raises for these)
    return host.lower(), int(port), path, query


_NOT_DIGITS = str.maketrans("", "", "-:TZ. +")


def timestamp14(warc_date: str) -> str:
    """``2024-05-01T12:00:00.123456Z`` -> ``20240501120000``."""
    return warc_date.translate(_NOT_DIGITS)[:14]


def head_status_mime(http_head: bytes) -> tuple[int, str]:
    status, headers = parse_http_head(http_head)
    mime = next(
        (v.split(b";")[0].strip().decode("latin-1") for k, v in headers if k.lower() == b"content-type"), ""
    )
    return status, mime


class IndexFields(NamedTuple):
    """What a record's CDXJ line is made of."""

    rtype: str
    url: str
    date: str
    digest: str
    status: int
    mime: str
    filename: str
    offset: int
    length: int


def index_line(f: IndexFields, key: str | None = None) -> str:
    """``SURT TIMESTAMP {json}``; the JSON is what ``json.dumps(fields, sort_keys=True)`` gives, written
    out field by field (this runs once per page): strings through the ``json`` module's own C escaper,
    the three numbers (ints: their decimal digits need no escaping) quoted as they are. ``key``:
    ``surt(f.url)`` when already computed (the WARC writer computes it as it writes a record, where a URL
    can fail, and formats the lines when it closes the file)."""
    j, e = _json_str, encode_basestring_ascii  # (file name and media type are always str)
    mime = "warc/revisit" if f.rtype == "revisit" else f.mime
    return (
        f'{surt(f.url) if key is None else key} {timestamp14(f.date)} {{"digest": {j(f.digest)}, '
        f'"filename": {e(f.filename)}, "length": "{f.length:d}", "mime": {e(mime)}, '
        f'"offset": "{f.offset:d}", "status": "{f.status:d}", "url": {j(f.url)}}}'
    )


def _json_str(value: str) -> str:
    """A JSON value exactly as ``json.dumps`` writes it (ASCII-escaped string, or ``null``...)."""
    return encode_basestring_ascii(value) if type(value) is str else json.dumps(value)


def cdxj_line(rec: ParsedRecord, filename: str, offset: int, length: int) -> str | None:
    """Index line for a response or revisit record; None for other record types."""
    if rec.type not in ("response", "revisit"):
        return None
    status, mime = head_status_mime(rec.http_parts()[0])
    digest = rec.get("WARC-Payload-Digest")
    fields = IndexFields(rec.type, rec.url, rec.date, digest, status, mime, filename, offset, length)
    return index_line(fields)


def cdxj_path(warc_path: Path) -> Path:
    name = warc_path.name
    for suffix in (".open", ".gz", ".warc"):
        name = name.removesuffix(suffix)
    return warc_path.with_name(name + ".cdxj")


def write_cdxj(warc_path: Path, lines: list[str]) -> Path:
    out = cdxj_path(warc_path)
    atomic_write_text(out, "".join(line + "\n" for line in sorted(lines)))
    return out

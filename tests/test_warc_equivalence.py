"""The hand-written hot-path forms in the WARC writer give exactly what the library forms they replace
give: base32 digests (``base64.b32encode``), CDXJ JSON (``json.dumps(..., sort_keys=True)``) and record
serialisation (one encoded line per field, refusing CR/LF in values)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.http.headers import Headers

from crawler.exchange import header
from crawler.warc.cdxj import IndexFields, index_line, surt, timestamp14
from crawler.warc.records import (
    HttpExchange,
    RecordFactory,
    RevisitRef,
    WarcRecord,
    exchange_records,
    serialize,
    sha1_b32,
)

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(st.binary(max_size=300))
def test_sha1_b32_is_base64_b32encode(data: bytes) -> None:
    assert sha1_b32(data) == "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def _index_line_reference(*args: Any) -> str:
    rtype, url, date, digest, status, mime, filename, offset, length = args
    fields = {
        "url": url,
        "mime": "warc/revisit" if rtype == "revisit" else mime,
        "status": str(status),
        "digest": digest,
        "length": str(length),
        "offset": str(offset),
        "filename": filename,
    }
    return f"{surt(url)} {timestamp14(date)} {json.dumps(fields, sort_keys=True)}"


@settings(max_examples=150)
@given(
    st.sampled_from(["response", "revisit"]),
    TEXT,
    TEXT,
    st.integers(0, 999),
    TEXT,
    TEXT,
    st.integers(0, 2**40),
    st.integers(0, 2**32),
)
def test_index_line_json_is_json_dumps(
    rtype: str, path: str, digest: str, status: int, mime: str, filename: str, offset: int, length: int
) -> None:
    args = (
        rtype,
        "http://a.test/" + path,
        "2024-05-01T12:00:00.000001Z",
        digest,
        status,
        mime,
        filename,
        offset,
        length,
    )
    line = index_line(IndexFields(*args))
    assert line == _index_line_reference(*args)
    start = line.rindex(' {"digest": ') + 1  # quotes inside JSON values are escaped
    assert json.loads(line[start:])["url"] == args[1]


def _serialize_reference(record: WarcRecord) -> bytes:
    lines = [b"WARC/1.1"]
    for name, value in record.headers:
        if "\r" in value or "\n" in value:
            raise ValueError(f"WARC header {name} contains a line break")
        lines.append(f"{name}: {value}".encode())
    lines.append(f"Content-Length: {len(record.block)}".encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + record.block + b"\r\n\r\n"


FIELD = st.text(alphabet="ab:é \r\n", max_size=8)


@settings(max_examples=150)
@given(st.lists(st.tuples(FIELD, FIELD), max_size=6), st.binary(max_size=60))
def test_serialize_matches_the_line_by_line_form(headers: list[tuple[str, str]], block: bytes) -> None:
    record = WarcRecord("response", headers, block)
    try:
        expected: bytes | str = _serialize_reference(record)
    except ValueError as e:
        expected = str(e)
    if isinstance(expected, str):
        with pytest.raises(ValueError) as err:
            serialize(record)
        assert str(err.value) == expected
    else:
        assert serialize(record) == expected


HEADER_NAMES = st.sampled_from(
    ["ETag", "etag", "ETAG", "Last-Modified", "last-modified", "Content-Type", "X-a"]
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(HEADER_NAMES, st.lists(st.binary(max_size=8), max_size=3)), max_size=6),
    st.sampled_from([b"Etag", b"Last-Modified", b"Content-Type", b"X-A"]),
)
def test_header_is_scrapy_headers_get(pairs: list[tuple[str, list[bytes]]], key: bytes) -> None:
    """``exchange.header`` (one dict lookup) answers what ``Headers.get`` does, for headers set in any
    case, repeated, with several or no values; and falls back to ``get`` for other mappings."""
    headers = Headers()
    for name, values in pairs:
        headers[name] = values  # a later spelling of the same name replaces the earlier one, as in Scrapy
    assert key == key.title()
    assert header(headers, key) == headers.get(key)
    plain = {key: b"v"}
    assert header(plain, key) == b"v"


FIELD_NAMES = ("warc-record-id", "warc-date", "warc-target-uri", "warc-payload-digest")


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["http://example.org/a", "https://x.test/é?q=1"]),
    st.binary(max_size=40),
    st.sampled_from([None, "192.0.2.7"]),
    st.sampled_from([None, "length"]),
    st.dictionaries(st.sampled_from(["WARC-Date", "X-Note", "warc-record-id"]), TEXT, max_size=2),
    st.booleans(),
)
def test_exchange_record_fields_are_what_get_returns(
    url: str, request_body: bytes, ip: str | None, truncated: str | None, extra: dict[str, str], revisit: bool
) -> None:
    """The writer reads ``fields`` instead of scanning the headers: they must be the first values."""
    ex = HttpExchange(
        url,
        b"GET / HTTP/1.1\r\n\r\n",
        request_body,
        b"HTTP/1.1 200 OK\r\n\r\n",
        b"body",
        ip,
        truncated,
        extra,
    )
    ref = (
        RevisitRef("identical-payload-digest", "<urn:uuid:r>", url, "2024-01-01T00:00:00Z", "sha1:X")
        if revisit
        else None
    )
    for rec in exchange_records(ex, RecordFactory(), "<urn:uuid:w>", ref):
        assert rec.fields is not None
        assert rec.fields == {name: rec.get(name) for name in FIELD_NAMES if rec.get(name) is not None}

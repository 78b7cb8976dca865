"""Write the damaged WARC files used by tests/test_reader.py (deterministic: fixed ids, dates, bodies).

Run from the repository root:  .venv/bin/python tests/data/make_broken.py
Outputs (committed next to this script):
- ``truncated.warc.gz``       warcinfo + 3 responses; the file is cut in the middle of the 3rd response
- ``corrupt_middle.warc.gz``  warcinfo + 4 responses; bytes inside the 2nd response's gzip member are
                              flipped, so that member does not inflate; responses 1, 3 and 4 are readable
- ``request_only.warc.gz``    warcinfo + 2 request records: no document
- ``garbage_middle.warc``     uncompressed: 3 responses with junk bytes between the 1st and the 2nd
The expected counts are in EXPECTED (the tests import it).
"""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
DATE = "2024-03-01T12:00:00Z"

EXPECTED = {
    "truncated.warc.gz": {"urls": ["http://broken.test/a0", "http://broken.test/a1"], "truncated": 1},
    "corrupt_middle.warc.gz": {
        "urls": ["http://broken.test/a0", "http://broken.test/a2", "http://broken.test/a3"],
        "corrupt": 1,
    },
    "request_only.warc.gz": {"urls": [], "record/request": 2},
    "garbage_middle.warc": {
        "urls": ["http://broken.test/a0", "http://broken.test/a1", "http://broken.test/a2"],
    },
}


def page(i: int) -> bytes:
    words = " ".join(f"mot{(i * 7 + k) % 97}" for k in range(400))
    return (f"<html><head><title>Article {i}</title></head><body><article><h1>Article {i}</h1>"
            f"<p>Paragraph of article {i}: {words}.</p></article></body></html>").encode()


def rid(n: int) -> str:
    return f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"


def _writer(buf: io.BytesIO, gz: bool) -> WARCWriter:
    return WARCWriter(buf, gzip=gz, warc_version="WARC/1.1")


def warcinfo(w: WARCWriter) -> None:
    rec = w.create_warcinfo_record("broken.warc", {"software": "make_broken.py"})
    rec.rec_headers.replace_header("WARC-Record-ID", rid(999))
    rec.rec_headers.replace_header("WARC-Date", DATE)
    w.write_record(rec)


def response(w: WARCWriter, i: int) -> None:
    body = page(i)
    write_response(w, f"http://broken.test/a{i}", body, [("Content-Type", "text/html; charset=utf-8")], n=i)


def write_response(w: WARCWriter, url: str, body: bytes, headers: list[tuple[str, str]], *, n: int,
                   status: str = "200 OK", date: str = DATE) -> None:
    """One response record with a fixed id (from ``n``) and date; Content-Length added if missing.
    ``body`` is stored as given (already gzipped if a Content-Encoding header says so)."""
    if not any(k.lower() in ("content-length", "transfer-encoding") for k, _ in headers):
        headers = headers + [("Content-Length", str(len(body)))]
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                               warc_headers_dict={"WARC-Record-ID": rid(n), "WARC-Date": date})
    w.write_record(rec)


def write_warc(path: Path, pages: list[tuple[str, bytes, list[tuple[str, str]]]], *, gz: bool = True,
               status: str = "200 OK") -> list[int]:
    """warcinfo + one response per (url, body, headers); returns each response's offset."""
    buf = io.BytesIO()
    w = _writer(buf, gz)
    warcinfo(w)
    offsets = []
    for i, (url, body, headers) in enumerate(pages):
        offsets.append(buf.tell())
        write_response(w, url, body, headers, n=i, status=status)
    Path(path).write_bytes(buf.getvalue())
    return offsets


def request(w: WARCWriter, i: int) -> None:
    http = StatusAndHeaders(f"GET /a{i} HTTP/1.1", [("Host", "broken.test")], is_http_request=True)
    rec = w.create_warc_record(f"http://broken.test/a{i}", "request", payload=io.BytesIO(b""),
                               http_headers=http,
                               warc_headers_dict={"WARC-Record-ID": rid(100 + i), "WARC-Date": DATE})
    w.write_record(rec)


def build(n: int, gz: bool = True) -> tuple[bytes, list[int]]:
    """warcinfo + n responses; returns the bytes and each response record's offset."""
    buf = io.BytesIO()
    w = _writer(buf, gz)
    warcinfo(w)
    offsets = []
    for i in range(n):
        offsets.append(buf.tell())
        response(w, i)
    return buf.getvalue(), offsets


def make_all(out: Path = HERE) -> None:
    data, offs = build(3)
    third = offs[2]
    (out / "truncated.warc.gz").write_bytes(data[: third + (len(data) - third) // 2])

    data, offs = build(4)
    bad = bytearray(data)
    start, end = offs[1], offs[2]
    for k in range(start + (end - start) // 3, start + (end - start) // 3 + 24):
        bad[k] ^= 0xA5
    (out / "corrupt_middle.warc.gz").write_bytes(bytes(bad))

    buf = io.BytesIO()
    w = _writer(buf, True)
    warcinfo(w)
    request(w, 0)
    request(w, 1)
    (out / "request_only.warc.gz").write_bytes(buf.getvalue())

    data, offs = build(3, gz=False)
    junk = b"\x00garbage that is not a WARC record\r\n" * 3
    (out / "garbage_middle.warc").write_bytes(data[: offs[1]] + junk + data[offs[1]:])


if __name__ == "__main__":
    make_all()

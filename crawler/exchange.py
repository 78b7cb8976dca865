"""Turn a Scrapy request/response pair into the wire-level ``HttpExchange`` the WARC writer stores."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from scrapy.http.headers import Headers

from crawler.download import WIRE_META_KEY, WireCapture
from crawler.warc.records import HttpExchange

# (name in the state's validator pairs, the same name as Scrapy's ``Headers`` stores it: ``key.title()``)
_VALIDATORS = ((b"etag", b"Etag"), (b"last-modified", b"Last-Modified"))
_CONTENT_TYPE = b"Content-Type"


def header(headers: Any, key: bytes) -> bytes | None:
    """``headers.get(key)`` (the last value, None if absent or empty) for a ``key`` already in the form
    Scrapy's ``Headers`` stores it (``key.title()``). For a ``Headers`` itself, one dict lookup: its ``get``
    normalises the key and a default list per call, and raises and catches IndexError when the header is
    absent (ETag and Last-Modified usually are), ~1.5 us a header on the per-page path."""
    if type(headers) is Headers:
        values = dict.get(headers, key)
        return values[-1] if values else None
    return headers.get(key)


def _reason(status: int) -> bytes:
    try:
        return HTTPStatus(status).phrase.encode()
    except ValueError:
        return b""


def reconstruct_request_head(request: Any) -> bytes:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (("?" + parts.query) if parts.query else "")
    lines = [f"{request.method} {target} HTTP/1.1".encode(), b"Host: " + parts.netloc.encode("ascii")]
    for name, values in request.headers.items():
        lines += [name + b": " + v for v in values]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def reconstruct_response_head(response: Any) -> bytes:
    """Fallback when the wire head is unknown (another download handler): status + Scrapy's headers."""
    lines = [b"HTTP/1.1 %d %s" % (response.status, _reason(response.status))]
    for name, values in response.headers.items():
        lines += [name + b": " + v for v in values]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def validators(response: Any) -> list[tuple[bytes, bytes]]:
    """ETag and Last-Modified of a response, as (name, value) pairs."""
    headers = response.headers
    return [(name, v) for name, key in _VALIDATORS if (v := header(headers, key))]


def build_exchange(
    request: Any, response: Any, meta: dict[str, Any] | None = None
) -> tuple[HttpExchange, bool]:
    """(exchange, wire_known). Pops the wire capture from ``request.meta`` (``meta``: the same dict, when the
    caller has it) so it cannot go stale."""
    wire: WireCapture | None = (request.meta if meta is None else meta).pop(WIRE_META_KEY, None)
    req_head = wire.request_head if wire and wire.request_head else None
    resp_head = wire.response_head if wire and wire.response_head else None
    ip = str(response.ip_address) if getattr(response, "ip_address", None) else None
    truncated = "disconnect" if "dataloss" in (response.flags or []) else None
    ex = HttpExchange(
        url=response.url,
        request_head=req_head or reconstruct_request_head(request),
        request_body=request.body or b"",
        response_head=resp_head or reconstruct_response_head(response),
        response_body=response.body,
        ip_address=ip,
        truncated=truncated,
        status=response.status,
        mime=(header(response.headers, _CONTENT_TYPE) or b"").split(b";")[0].strip().decode("latin-1"),
    )
    return ex, bool(req_head and resp_head)

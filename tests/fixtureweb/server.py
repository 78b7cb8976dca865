"""The fixture web server: several fake sites on one 127.0.0.1 port, told apart by the Host header
(``nato.test:PORT``...; the crawler resolves them with ``CORPUS_HOSTS``). Responses are written byte by
byte by us (status line with reason phrase, raw header bytes, optional gzip and chunked framing), and
every response's exact bytes are kept so tests can compare them with the WARC."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes
    content_type: bytes = b"text/html; charset=utf-8"
    status: int = 200
    reason: bytes = b"OK"
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    gzip: bool = False  # Content-Encoding: gzip when the client accepts it
    chunked: bool = False
    delay: float = 0.0
    validators: bool = True  # ETag + Last-Modified, and 304 on a matching conditional request
    last_modified: bytes = b"Wed, 01 May 2024 10:00:00 GMT"


@dataclass
class Sent:
    """What the server sent for one request: ``raw`` is every byte written to the socket, ``entity``
    the message body as a WARC stores it (after chunk framing is removed, still content-encoded)."""

    path: str
    status: int
    raw: bytes
    entity: bytes
    request_headers: dict[str, str]


Route = Callable[["Site", str, dict[str, str]], "Page | None"]


@dataclass
class Site:
    name: str
    host: str  # host name without port
    pages: dict[str, Page] = field(default_factory=dict)
    routes: list[tuple[str, Route]] = field(default_factory=list)  # (path prefix, handler)
    state: dict[str, Any] = field(default_factory=dict)

    def find(self, path: str, headers: dict[str, str]) -> Page | None:
        if path in self.pages:
            return self.pages[path]
        for prefix, handler in self.routes:
            if path.startswith(prefix):
                return handler(self, path, headers)
        return None


NOT_FOUND = Page(
    b"<html><body><h1>Not found</h1></body></html>", status=404, reason=b"Not Found", validators=False
)


def etag_of(page: Page) -> bytes:
    return b'"' + hashlib.sha1(page.body).hexdigest()[:16].encode() + b'"'


def render(page: Page, req_headers: dict[str, str], method: str) -> tuple[bytes, bytes, int]:
    """(raw bytes to send, entity as stored in WARC, status)."""
    status, reason, body = page.status, page.reason, page.body
    headers: list[tuple[bytes, bytes]] = [
        (b"Server", b"fixtureweb/1.0"),
        (b"Content-Type", page.content_type),
    ]
    if page.validators:
        etag = etag_of(page)
        headers += [(b"ETag", etag), (b"Last-Modified", page.last_modified)]
        inm = req_headers.get("if-none-match")
        ims = req_headers.get("if-modified-since")
        if (inm and inm.encode() == etag) or (not inm and ims and ims.encode() == page.last_modified):
            status, reason, body = 304, b"Not Modified", b""
    headers += page.headers
    entity = body
    if status != 304 and page.gzip and "gzip" in req_headers.get("accept-encoding", ""):
        entity = gzip.compress(body, mtime=0)
        headers.append((b"Content-Encoding", b"gzip"))
        headers.append((b"Vary", b"Accept-Encoding"))
    if status == 304 or method == "HEAD":
        wire_body = b""
        if status != 304:
            headers.append((b"Content-Length", str(len(entity)).encode()))
        entity = b""
    elif page.chunked:
        headers.append((b"Transfer-Encoding", b"chunked"))
        step = max(1, len(entity) // 3 + 1)
        parts = [entity[i : i + step] for i in range(0, len(entity), step)]
        wire_body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
    else:
        headers.append((b"Content-Length", str(len(entity)).encode()))
        wire_body = entity
    head = b"HTTP/1.1 %d %s\r\n" % (status, reason) + b"".join(k + b": " + v + b"\r\n" for k, v in headers)
    return head + b"\r\n" + wire_body, entity, status


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr: tuple[str, int], web: Any):
        super().__init__(addr, Handler)
        self.web = web


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # TCP_NODELAY: no 40 ms delayed-ACK stalls on keep-alive connections
    server: FixtureServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib API
        self._serve("GET")

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib API
        self._serve("HEAD")

    def _serve(self, method: str) -> None:
        web = self.server.web
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        req_headers = {k.lower(): v for k, v in self.headers.items()}
        site, page = web.resolve(host, self.path, req_headers)
        delay = page.delay or web.default_delay
        if delay:
            time.sleep(delay)
        raw, entity, status = render(page, req_headers, method)
        web.record(site, Sent(self.path, status, raw, entity, req_headers))
        self.wfile.write(raw)
        self.wfile.flush()


class Recorder:
    """Thread-safe request counts and sent bytes, per (site, path)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter[tuple[str, str]] = Counter()
        self.sent: dict[tuple[str, str], list[Sent]] = {}

    def add(self, site: str, sent: Sent) -> None:
        with self.lock:
            self.counts[(site, sent.path)] += 1
            self.sent.setdefault((site, sent.path), []).append(sent)

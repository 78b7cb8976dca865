"""A raw-socket HTTP/1.1 server for the fault suite: misbehaviours the fixture web's ``http.server``
handler cannot produce (connection resets, slow-loris bodies, hanging, lying Content-Length), plus
ordinary pages. One 127.0.0.1 port, any number of host names (the crawler maps them with
``CORPUS_HOSTS``); every connection closes after one response (``Connection: close``).

    with FaultServer() as srv:
        srv.route("/x", ok(b"<html>..."))           # exact path (query included)
        srv.url("faults.test", "/x")                  # http://faults.test:PORT/x
        srv.count("/x")                               # requests seen for that path (any host)

A handler is ``fn(conn: Conn, hit: int)``: ``hit`` is 1 for the first request of that path.
"""

from __future__ import annotations

import gzip
import socket
import socketserver
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

Handler = Callable[["Conn", int], None]


class Conn:
    """One accepted connection: the request line/headers and ways to answer (or not)."""

    def __init__(self, sock: socket.socket, path: str, host: str, headers: dict[str, str]):
        self.sock, self.path, self.host, self.headers = sock, path, host, headers

    def send(self, data: bytes) -> bool:
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def respond(self, status: int, reason: bytes, body: bytes = b"",
                headers: list[tuple[bytes, bytes]] | None = None, length: int | None = None) -> None:
        head = [b"HTTP/1.1 %d %s" % (status, reason), b"Connection: close"]
        head += [k + b": " + v for k, v in headers or []]
        head.append(b"Content-Length: %d" % (len(body) if length is None else length))
        self.send(b"\r\n".join(head) + b"\r\n\r\n" + body)

    def reset(self) -> None:
        """Close with RST (SO_LINGER 0) instead of FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def wait_closed(self, limit: float) -> None:
        """Hold the connection open, sending nothing, until the client gives up (or ``limit`` s)."""
        self.sock.settimeout(0.1)
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                if self.sock.recv(1024) == b"":
                    return
            except TimeoutError:
                continue
            except OSError:
                return


# -- handler factories ---------------------------------------------------------------------------
def ok(body: bytes, ctype: bytes = b"text/html; charset=utf-8",
       headers: list[tuple[bytes, bytes]] | None = None) -> Handler:
    return lambda c, hit: c.respond(200, b"OK", body, [(b"Content-Type", ctype), *(headers or [])])


def statuses(codes: list[int], then: Handler) -> Handler:
    """Answer ``codes[hit-1]`` (an error page) for the first hits, then ``then``."""
    def h(c: Conn, hit: int) -> None:
        if hit <= len(codes):
            c.respond(codes[hit - 1], b"Fault", b"<html><body>try later</body></html>",
                      [(b"Content-Type", b"text/html")])
        else:
            then(c, hit)
    return h


def always(code: int) -> Handler:
    return statuses([code] * 1000, ok(b""))


def redirect(location: bytes, code: int = 302) -> Handler:
    return lambda c, hit: c.respond(code, b"Found", b"", [(b"Location", location)])


def hang(limit: float = 20.0) -> Handler:
    return lambda c, hit: c.wait_closed(limit)


def slowloris(every: float = 0.25, limit: float = 20.0) -> Handler:
    """Headers at once, then one body byte every ``every`` seconds (never finishing)."""
    def h(c: Conn, hit: int) -> None:
        c.send(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/html\r\n"
               b"Content-Length: 100000\r\n\r\n<html>")
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and c.send(b" "):
            time.sleep(every)
    return h


def reset_now() -> Handler:
    return lambda c, hit: c.reset()


def reset_mid_body(sent: int = 1000, declared: int = 50_000) -> Handler:
    def h(c: Conn, hit: int) -> None:
        c.send(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/html\r\n"
               b"Content-Length: %d\r\n\r\n" % declared + b"<html><body>" + b"x" * sent)
        time.sleep(0.05)
        c.reset()
    return h


def gzip_bomb(size: int) -> Handler:
    body = gzip.compress(b"\0" * size, compresslevel=9, mtime=0)
    return ok(body, headers=[(b"Content-Encoding", b"gzip")])


def chunked_stream(total: int, chunk: int = 65536) -> Handler:
    """A chunked body of ``total`` bytes (no Content-Length: the size is known only while reading)."""
    def h(c: Conn, hit: int) -> None:
        c.send(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/html\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n")
        left = total
        while left > 0:
            n = min(chunk, left)
            if not c.send(b"%x\r\n%s\r\n" % (n, b"a" * n)):
                return
            left -= n
        c.send(b"0\r\n\r\n")
    return h


# -- the server ----------------------------------------------------------------------------------
class _TCP(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class FaultServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        server = self

        class _Req(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                server._serve(self.request)

        self.tcp = _TCP(("127.0.0.1", 0), _Req)
        self.port = self.tcp.server_address[1]
        self._thread: threading.Thread | None = None

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def count(self, path: str) -> int:
        with self.lock:
            return self.hits[path]

    def counts(self) -> dict[str, int]:
        with self.lock:
            return dict(self.hits)

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(10)
        data = b""
        try:
            while b"\r\n\r\n" not in data and len(data) < 65536:
                part = sock.recv(4096)
                if not part:
                    return
                data += part
        except OSError:
            return
        lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        path = parts[1] if len(parts) > 1 else "/"
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
        with self.lock:
            self.hits[path] += 1
            hit = self.hits[path]
        handler = self.routes.get(path)
        conn = Conn(sock, path, headers.get("host", "").rsplit(":", 1)[0], headers)
        if handler is None:
            conn.respond(404, b"Not Found", b"<html>nope</html>", [(b"Content-Type", b"text/html")])
        else:
            handler(conn, hit)

    def start(self) -> FaultServer:
        self._thread = threading.Thread(target=self.tcp.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.tcp.shutdown()
        self.tcp.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

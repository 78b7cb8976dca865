"""The download handler's parser keeps the response head exactly as received, whatever the chunks the
bytes arrive in, and skips an interim (1xx) answer the way Twisted does."""

from __future__ import annotations

from typing import Any

import pytest
from twisted.internet.testing import StringTransport
from twisted.web._newclient import Request
from twisted.web.http_headers import Headers

from crawler.download import _CapturingParser

FINAL_HEAD = (
    b"HTTP/1.1 200 Fine Thanks\r\n"
    b"content-TYPE: text/html; charset=iso-8859-1\r\n"
    b"X-Auteur: Fran\xe7ois\r\n"
    b"Set-Cookie: a=1\r\n"
    b"Set-Cookie: b=2\r\n"
    b"Content-Length: 11\r\n"
    b"\r\n"
)
INTERIM = b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
BODY = b"hello world"


def parse(chunks: list[bytes]) -> Any:
    """Feed ``chunks`` to a capturing parser; the response it parsed."""
    request = Request(b"GET", b"/", Headers({}), None)
    parser = _CapturingParser(request, lambda rest: None)
    parser.makeConnection(StringTransport())
    parser._warc_raw = []
    parser._warc_request_heads = [b"GET / HTTP/1.1\r\n\r\n"]
    for chunk in chunks:
        parser.dataReceived(chunk)
    return parser.response


def split_every(data: bytes, n: int) -> list[bytes]:
    return [data[i : i + n] for i in range(0, len(data), n)]


@pytest.mark.parametrize("size", [1, 2, 7, 64, 10_000])
def test_head_is_the_bytes_received_in_any_chunking(size: int) -> None:
    response = parse(split_every(FINAL_HEAD + BODY, size))
    assert response.code == 200
    assert response._warc_head == FINAL_HEAD
    assert response._warc_request_head == b"GET / HTTP/1.1\r\n\r\n"


@pytest.mark.parametrize("size", [1, 5, 60, 10_000])
def test_interim_answer_is_skipped(size: int) -> None:
    response = parse(split_every(INTERIM + FINAL_HEAD + BODY, size))
    assert response.code == 200
    assert response._warc_head == FINAL_HEAD  # the 103's head is not part of it

"""HTTP/1.1 download handler that keeps the wire form of each exchange for the WARC writer.

Scrapy's handler rebuilds headers from Twisted's parsed view (which drops the reason phrase, header case
and order, and connection headers such as Content-Length/Transfer-Encoding). This subclass keeps, per
response, the exact status line and header lines as received, and the exact request head Twisted wrote,
and hands them to the archive middleware in ``request.meta["_warc_wire"]``. It reuses Scrapy's own hook
(the parser class swap in ``_LenientHTTP11ClientProtocol``); the body is Scrapy's (de-chunked by
Twisted, not yet decompressed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
    _ScrapyAgent,
    wrap_twisted_exceptions,
)
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.web._newclient import STATUS
from twisted.web.iweb import UNKNOWN_LENGTH

WIRE_META_KEY = "_warc_wire"


@dataclass(frozen=True)
class WireCapture:
    request_head: bytes | None
    response_head: bytes | None


class _Recorder:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def writeSequence(self, seq: list[bytes]) -> None:  # noqa: N802 - Twisted transport API
        self.parts.extend(seq)


def request_head_bytes(txrequest: Any) -> bytes | None:
    """The head Twisted writes for this request (same code path as ``Request.writeTo``)."""
    producer = txrequest.bodyProducer
    if producer is not None:
        te_or_cl = (
            b"Transfer-Encoding: chunked\r\n"
            if producer.length is UNKNOWN_LENGTH
            else b"Content-Length: %d\r\n" % producer.length
        )
    elif txrequest.method in (b"PUT", b"POST"):
        te_or_cl = b"Content-Length: 0\r\n"
    else:
        te_or_cl = None
    rec = _Recorder()
    try:
        txrequest._writeHeaders(rec, te_or_cl)
    except Exception:  # noqa: BLE001 - Twisted will raise the same error when sending
        return None
    return b"".join(rec.parts)


class _CapturingParser(_LenientHTTPClientParser):
    """Keeps the raw status and header lines (LineReceiver strips only the ``\\n`` delimiter)."""

    def lineReceived(self, line: bytes) -> None:  # noqa: N802 - Twisted API
        if self.state == STATUS:
            self._warc_lines = []
        self._warc_lines.append(line)
        super().lineReceived(line)

    def allHeadersReceived(self) -> None:  # noqa: N802 - Twisted API
        if self.response is not None:
            self.response._warc_head = b"\n".join(self._warc_lines) + b"\n"
        super().allHeadersReceived()


class _CapturingProtocol(_LenientHTTP11ClientProtocol):
    def request(self, request: Any) -> Any:
        head = request_head_bytes(request)
        d = super().request(request)
        if self._parser is not None:
            self._parser.__class__ = _CapturingParser
            self._parser._warc_lines = []

        def _attach(response: Any) -> Any:
            response._warc_request_head = head
            return response

        d.addCallback(_attach)
        return d


class _CapturingFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> _CapturingProtocol:  # noqa: N802 - Twisted API
        return _CapturingProtocol(self._quiescentCallback)


class _CapturingAgent(_ScrapyAgent):
    def download_request(self, request: Any) -> Any:
        self._warc_request = request
        return super().download_request(request)

    def _cb_bodydone(self, result: Any, url: str) -> Any:
        tx = result["txresponse"]
        self._warc_request.meta[WIRE_META_KEY] = WireCapture(
            getattr(tx, "_warc_request_head", None), getattr(tx, "_warc_head", None)
        )
        return super()._cb_bodydone(result, url)


class WireCaptureDownloadHandler(HTTP11DownloadHandler):
    """Drop-in for Scrapy's http/https handler (``DOWNLOAD_HANDLERS``)."""

    def __init__(self, crawler: Any):
        super().__init__(crawler)
        self._pool._factory = _CapturingFactory

    async def download_request(self, request: Any) -> Any:
        agent = _CapturingAgent(
            contextFactory=self._contextFactory,
            bindAddress=self._bind_address,
            pool=self._pool,
            maxsize=self._default_maxsize,
            warnsize=self._default_warnsize,
            fail_on_dataloss=self._fail_on_dataloss,
            crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        with wrap_twisted_exceptions():
            return await maybe_deferred_to_future(agent.download_request(request))

"""HTTP/1.1 download handler that keeps the wire form of each exchange for the WARC writer.

Scrapy's handler rebuilds headers from Twisted's parsed view (which drops the reason phrase, header case
and order, and connection headers such as Content-Length/Transfer-Encoding). This subclass keeps, per
response, the exact status line and header lines as received, and the exact request head Twisted wrote,
and hands them to the archive middleware in ``request.meta["_warc_wire"]``. It reuses Scrapy's own hook
(the parser class swap in ``_LenientHTTP11ClientProtocol``); the body is Scrapy's (de-chunked by
Twisted, not yet decompressed).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
    _ScrapyAgent,
    wrap_twisted_exceptions,
)
from scrapy.utils.defer import maybe_deferred_to_future

WIRE_META_KEY = "_warc_wire"


class WireCapture(NamedTuple):  # one per page: a NamedTuple is cheaper to build than a frozen dataclass
    request_head: bytes | None
    response_head: bytes | None


class _Tee:
    """Records what is written and passes it on to the real transport."""

    def __init__(self, transport: Any) -> None:
        self.parts: list[bytes] = []
        self.transport = transport

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.transport.write(data)

    def writeSequence(self, seq: list[bytes]) -> None:  # noqa: N802 - Twisted transport API
        self.parts.extend(seq)
        self.transport.writeSequence(seq)


def _record_head(txrequest: Any, heads: list[bytes]) -> None:
    """Make ``txrequest`` append the head bytes to ``heads`` as Twisted writes them (built once, not
    rebuilt for the archive): ``Request.writeTo`` calls ``self._writeHeaders(transport, TEorCL)``."""

    def _write_and_record(transport: Any, te_or_cl: bytes | None) -> None:
        del txrequest._writeHeaders  # back to the class method (and no reference cycle left)
        tee = _Tee(transport)
        txrequest._writeHeaders(tee, te_or_cl)
        heads.append(b"".join(tee.parts))

    txrequest._writeHeaders = _write_and_record


class _CapturingParser(_LenientHTTPClientParser):
    """Keeps the raw head: the bytes received up to the blank line that ends the headers (collected per
    chunk of data, not per line: one Python call per chunk instead of two per header line)."""

    _warc_raw: list[bytes] | None  # chunks received since the current head began; None: head done

    def dataReceived(self, data: bytes) -> None:  # noqa: N802 - Twisted API
        if self._warc_raw is not None:
            self._warc_raw.append(data)
        super().dataReceived(data)

    def allHeadersReceived(self) -> None:  # noqa: N802 - Twisted API
        raw, rest = self._warc_raw, self._buffer  # LineReceiver's _buffer: the bytes after the blank line
        if self.response is not None and raw is not None:
            received = b"".join(raw)
            if 100 <= self.response.code < 200:  # an interim answer, which Twisted skips: the real head
                self._warc_raw = [rest]  # starts with the bytes that follow it
            else:
                self._warc_raw = None
                self.response._warc_head = received[: len(received) - len(rest)]
                heads = self._warc_request_heads  # written before any byte of the answer was read
                self.response._warc_request_head = heads[0] if heads else None
        super().allHeadersReceived()


class _CapturingProtocol(_LenientHTTP11ClientProtocol):
    def request(self, request: Any) -> Any:
        heads: list[bytes] = []
        _record_head(request, heads)
        d = super().request(request)
        if self._parser is not None:
            self._parser.__class__ = _CapturingParser
            self._parser._warc_raw = []
            self._parser._warc_request_heads = heads
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

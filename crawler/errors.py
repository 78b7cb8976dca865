"""Error kinds for the ``crawl/errors/<kind>`` stats counters (one place, so the summary, the fault
suite and the progress display agree). Download failures are counted once, by the archive middleware's
``process_exception`` (which marks the request); failures raised later (e.g. the decompression cap in
HttpCompressionMiddleware) are counted by the spider's errback."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

COUNTED_META_KEY = "_corpus_error_counted"


class RefusedRequest(IgnoreRequest):
    """A request our safety rules refuse; ``kind`` names the rule (``private_address``, ``offsite``...)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


_BY_NAME = {
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "DownloadTimeoutError": "timeout",
    "DNSLookupError": "dns",
    "CannotResolveHostError": "dns",
    "ConnectionRefusedError": "connection_refused",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectError": "connection",
    "ConnectionDone": "connection_lost",
    "ConnectionLost": "connection_lost",
    "DownloadFailedError": "download_failed",
    "ResponseFailed": "response_failed",
    "ResponseNeverReceived": "response_never_received",
    "ResponseDataLossError": "data_loss",
    "DownloadCancelledError": "too_large",
    "CancelledError": "cancelled",
    "HttpError": "http_status",
}


def error_kind(exc: BaseException) -> str:
    if isinstance(exc, RefusedRequest):
        return exc.kind
    msg = str(exc).lower()
    if "download_maxsize" in msg or "max size" in msg or "maxsize" in msg:
        return "too_large"
    name = type(exc).__name__
    if name == "IgnoreRequest":
        if "max redirections" in msg:
            return "redirect_max"
        return "robots_disallowed" if "robots.txt" in msg else "offsite" if "offsite" in msg else "ignored"
    return _BY_NAME.get(name, name.lower())

"""Error kinds for the ``crawl/errors/<kind>`` stats counters (one place, so the summary, the fault
suite and the progress display agree)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class RefusedRequest(IgnoreRequest):
    """A request our safety rules refuse; ``kind`` names the rule (``private_address``, ``offsite``...)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


_BY_NAME = {
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "DNSLookupError": "dns",
    "ConnectionRefusedError": "connection_refused",
    "ConnectError": "connection",
    "ConnectionDone": "connection_lost",
    "ConnectionLost": "connection_lost",
    "ResponseFailed": "response_failed",
    "ResponseNeverReceived": "response_never_received",
    "ResponseDataLossError": "data_loss",
    "DownloadCancelledError": "too_large",
    "CancelledError": "cancelled",
    "_InvalidOutput": "internal",
}


def error_kind(exc: BaseException) -> str:
    if isinstance(exc, RefusedRequest):
        return exc.kind
    name = type(exc).__name__
    if name == "IgnoreRequest":
        msg = str(exc).lower()
        return "robots_disallowed" if "robots.txt" in msg else "offsite" if "offsite" in msg else "ignored"
    if "maxsize" in str(exc).lower() or "max size" in str(exc).lower():
        return "too_large"
    return _BY_NAME.get(name, name.lower())

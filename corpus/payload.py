"""A WARC payload, from stored bytes to a page: bot-check interstitials recognized, Content-Encoding
undone under a size cap (a decompression bomb is refused, not loaded). Used by :mod:`corpus.warc_reader`;
an unusable payload raises :class:`SkipRecord`, whose ``reason`` is a ``read/skipped/...`` stats key."""

from __future__ import annotations

import zlib


class SkipRecord(Exception):
    """A record that is not a document or cannot be used; ``reason`` is the stats key suffix."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_CHALLENGE_MARKERS = (b"window._cf_chl_opt", b"/cdn-cgi/challenge-platform/h/", b"cf-browser-verification",
                      b"<title>just a moment...</title>", b"<title>attention required! | cloudflare</title>",
                      b"geo.captcha-delivery.com", b"ct.captcha-delivery.com", b"incapsula incident id",
                      b"<title>ddos-guard</title>", b"/.well-known/sgcaptcha/")
CHALLENGE_MAX_BYTES = 100_000  # interstitials are small; a big page mentioning a marker is an article


def is_bot_challenge(cf_mitigated: str | None, payload: bytes) -> bool:
    """A 200 answer that is a bot check (Cloudflare, DataDome, Imperva, DDoS-Guard, SiteGround) rather
    than the page: the crawler archives it as received, the build counts and skips it."""
    if (cf_mitigated or "").strip().lower() == "challenge":
        return True
    if len(payload) > CHALLENGE_MAX_BYTES:
        return False
    low = payload.lower()
    return any(m in low for m in _CHALLENGE_MARKERS)


def looks_like_html(payload: bytes) -> bool:
    head = payload[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")) or b"<html" in head


def decode_content(body: bytes, encoding: str | None, cap: int) -> bytes:
    """Undo the Content-Encoding list (applied in order, so undone in reverse), output capped at ``cap``.
    A body that fails to decompress but already looks like HTML was stored decoded: kept as is."""
    codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        if coding in ("identity", "none", "utf-8", "utf8"):  # last two: seen in the wild, mean nothing
            continue
        try:
            body = _undo(coding, body, cap)
        except (zlib.error, _BrotliError, EOFError):
            if looks_like_html(body):
                return body
            raise SkipRecord("bad_encoding") from None
    return body


class _BrotliError(Exception):
    pass


def _undo(coding: str, body: bytes, cap: int) -> bytes:
    if coding in ("gzip", "x-gzip"):
        return _zlib_capped(body, zlib.MAX_WBITS | 16, cap)
    if coding == "deflate":  # RFC says zlib-wrapped; some servers send raw deflate
        try:
            return _zlib_capped(body, zlib.MAX_WBITS, cap)
        except zlib.error:
            return _zlib_capped(body, -zlib.MAX_WBITS, cap)
    if coding == "br":
        return _brotli_capped(body, cap)
    raise SkipRecord("unsupported_encoding")


def _zlib_capped(body: bytes, wbits: int, cap: int) -> bytes:
    d = zlib.decompressobj(wbits)
    out = d.decompress(body, cap + 1)
    if len(out) > cap:
        raise SkipRecord("too_large")
    if body and not out and not d.eof:
        raise zlib.error("no data in compressed stream")
    return out  # a body cut short by the server keeps what decompressed


def _brotli_capped(body: bytes, cap: int) -> bytes:
    try:
        import brotli  # optional: installed with Scrapy's extras on most systems
    except ImportError:
        raise SkipRecord("unsupported_encoding") from None
    d = brotli.Decompressor()
    try:
        out = d.process(body, output_buffer_limit=cap + 1)
    except brotli.error as e:
        raise _BrotliError(str(e)) from None
    if len(out) > cap:
        raise SkipRecord("too_large")
    return out

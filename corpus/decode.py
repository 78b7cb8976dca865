"""Bytes of an HTML page -> text, the way browsers do it, plus repairs for pages that lie.

Order (WHATWG "encoding sniffing"): byte-order mark, then the HTTP ``charset``, then ``<meta charset>`` /
``<meta http-equiv=Content-Type>`` in the first 8 KB, then detection (valid UTF-8 first, else
charset-normalizer). Labels ``iso-8859-1``/``latin1``/``ascii`` mean windows-1252 as in browsers.
Decoding is strict: a page that declares UTF-8 but is not (typically cp1252 text in a UTF-8 template)
is decoded as UTF-8 with every invalid byte read as cp1252, so it comes out readable, not as U+FFFD.
The chosen route is returned as ``how`` and counted by callers as ``read/charset/<how>``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

SNIFF_BYTES = 8192
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# WHATWG encoding labels that browsers decode as windows-1252
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "iso_8859-1",
              "windows-1252", "cp1252", "x-cp1252"}
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
# C0 controls except \t \n \r, DEL, C1 controls, and non-characters lxml refuses
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name actually used
    how: str  # bom | http | meta | utf8 | detected | utf8_cp1252_repair | fallback_replace


# _CONTROL's characters in UTF-8: one byte (C0, DEL), C2 80-9F (C1), EF BF BE / EF BF BF (non-characters)
_C0_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_NONCHAR_UTF8 = re.compile(rb"\xef\xbf[\xbe\xbf]")
# routes whose text is ``body`` (after a UTF-8 BOM) decoded by the UTF-8 codec, strictly or with
# U+FFFD replacements: each of _CONTROL's characters is then in the text exactly when its encoding is
# in the bytes (ASCII bytes always decode as themselves; C2 8x and EF BF BE/BF always as U+008x and
# U+FFFE/F)
_UTF8_ROUTES = ("bom", "http", "meta", "utf8")


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode an HTML payload; the text is ready for lxml (control characters and XML declaration gone)."""
    text, enc, how = _decode(body, content_type)
    if enc == "utf-8" and how in _UTF8_ROUTES and not _utf8_has_controls(body):
        return Decoded(_strip_xml_decl(text), enc, how)  # nothing for _CONTROL to remove
    return Decoded(clean_text_for_lxml(text), enc, how)


def _utf8_has_controls(body: bytes) -> bool:
    """Whether UTF-8 ``body`` encodes a character of ``_CONTROL`` (byte scans in C, ~4x cheaper than
    running the pattern over the text; a UTF-8 BOM in front changes nothing)."""
    return (len(body.translate(None, _C0_BYTES)) != len(body)
            or (b"\xc2" in body and _C1_UTF8.search(body) is not None)
            or (b"\xef" in body and _NONCHAR_UTF8.search(body) is not None))


def clean_text_for_lxml(text: str) -> str:
    """Strip NUL/control characters (lxml stops or fails on them) and a leading XML declaration
    (lxml refuses a str that declares an encoding)."""
    return _strip_xml_decl(_CONTROL.sub("", text))


def _strip_xml_decl(text: str) -> str:
    decl = _XML_DECL.match(text)  # anchored at the start: no need to scan the page for it
    return text[decl.end():] if decl else text


def _decode(body: bytes, content_type: str | None) -> tuple[str, str, str]:
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(enc, "replace"), enc, "bom"
    for how, label in (("http", _http_label(content_type)), ("meta", _meta_label(body))):
        enc = _codec(label)
        if enc is None:
            continue
        if how == "meta" and enc.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
            enc = "utf-8"  # a meta tag readable as ASCII cannot be in UTF-16 (WHATWG rule)
        try:
            return body.decode(enc), enc, how
        except UnicodeDecodeError:
            if enc == "utf-8":
                return _utf8_cp1252(body), "utf-8", "utf8_cp1252_repair"
            break  # declared charset is wrong: detect
    return _detect(body)


def _detect(body: bytes) -> tuple[str, str, str]:
    try:
        return body.decode("utf-8"), "utf-8", "utf8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    enc = _codec(best.encoding) if best is not None else None
    if enc is not None:
        try:
            return body.decode(enc), enc, "detected"
        except UnicodeDecodeError:
            pass
    return _utf8_cp1252(body), "utf-8", "fallback_replace"


def _http_label(content_type: str | None) -> str | None:
    m = _HTTP_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def _meta_label(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:SNIFF_BYTES])
    return m.group(1).decode("ascii") if m else None


def _codec(label: str | None) -> str | None:
    """Python codec for an encoding label, or None if unknown."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name in ("utf-8", "utf_8") else name


def _cp1252_handler(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start:err.end]
    # cp1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined: read those as Latin-1 (browsers do the same)
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in bad), err.end


codecs.register_error("newscorpus-cp1252", _cp1252_handler)


def _utf8_cp1252(body: bytes) -> str:
    """UTF-8 where valid, each invalid byte as cp1252: repairs cp1252 pages labelled UTF-8 and
    UTF-8 pages with a few stray cp1252 bytes alike."""
    return body.decode("utf-8", "newscorpus-cp1252")

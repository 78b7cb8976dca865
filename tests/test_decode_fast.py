"""decode_html's byte pre-screen for control characters gives what the plain text pass gives."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.decode import Decoded, _decode, clean_text_for_lxml, decode_html

# pieces that hit every branch: controls of each kind, their look-alikes, BOMs, declarations, bad UTF-8
_PIECES = st.sampled_from([
    "a", "é", "\u00a0", "\x00", "\x07", "\x0b", "\x1f", "\x7f", "\t", "\n", "\r", "\x80", "\x85", "\x9f",
    "\u00c2", "\ufffd", "\ufffe", "\uffff", "\uffef", "\u20ac", "<p>", '<?xml version="1.0"?>',
    '<meta charset="utf-8">', '<meta charset="iso-8859-1">',
])
_RAW = st.sampled_from([b"\xc2", b"\x85", b"\xef\xbf", b"\xef\xbb\xbf", b"\xe0", b"\xf0\x90", b"\x81",
                        b"\xff\xfe"])


@st.composite
def payloads(draw) -> bytes:
    parts = draw(st.lists(st.one_of(_PIECES.map(lambda s: s.encode("utf-8")), _RAW), max_size=25))
    return draw(st.sampled_from([b"", codecs.BOM_UTF8])) + b"".join(parts)


def _plain(body: bytes, content_type: str | None) -> Decoded:
    text, enc, how = _decode(body, content_type)
    return Decoded(clean_text_for_lxml(text), enc, how)


@settings(max_examples=600, deadline=None)
@given(payloads(), st.sampled_from([None, "text/html; charset=utf-8", "text/html; charset=windows-1252"]))
def test_decode_html_equals_the_plain_control_pass(body: bytes, content_type: str | None) -> None:
    assert decode_html(body, content_type) == _plain(body, content_type)


def test_each_control_kind_is_still_removed() -> None:
    for ch in ("\x00", "\x1f", "\x7f", "\x85", "\ufffe", "\uffff"):
        out = decode_html(f"<p>a{ch}b</p>".encode(), "text/html; charset=utf-8")
        assert out.text == "<p>ab</p>" and out.how == "http"

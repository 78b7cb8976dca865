"""Charset decoding: HTTP header, meta tags, detection, and pages that lie about their encoding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.decode import clean_text_for_lxml, decode_html

FR = "Le secrétaire général de l’OTAN a présenté « l’évolution » des défenses – œuvre commune, déjà été."


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def test_http_charset_wins_over_meta() -> None:
    raw = page(FR, '<meta charset="iso-8859-15">').encode("utf-8")
    d = decode_html(raw, "text/html; charset=UTF-8")
    assert FR in d.text and d.how == "http" and d.encoding == "utf-8"


def test_latin1_page_with_meta_charset() -> None:
    text = "Défense européenne : réunion à Bruxelles, coût élevé, sûreté garantie."
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    raw = page(text, meta).encode("latin-1")
    d = decode_html(raw, "text/html")
    assert text in d.text and d.how == "meta"
    assert d.encoding == "cp1252"  # browsers read latin-1 labels as windows-1252


def test_meta_charset_short_form() -> None:
    raw = page(FR, "<meta charset='windows-1252'>").encode("cp1252")
    d = decode_html(raw, None)
    assert FR in d.text and d.how == "meta"


def test_cp1252_page_labelled_utf8_comes_out_readable() -> None:
    raw = page(FR, '<meta charset="utf-8">').encode("cp1252")
    d = decode_html(raw, "text/html; charset=utf-8")
    assert FR in d.text  # curly quote, guillemets, en dash, œ all repaired
    assert "\ufffd" not in d.text
    assert d.how == "utf8_cp1252_repair"


def test_utf8_page_with_a_stray_cp1252_byte_keeps_its_utf8() -> None:
    raw = page(FR).encode("utf-8").replace(b"commune", b"commune \x92")
    d = decode_html(raw, "text/html; charset=utf-8")
    assert "l’OTAN a présenté" in d.text and "commune ’" in d.text


def test_no_declaration_valid_utf8() -> None:
    d = decode_html(page(FR).encode("utf-8"))
    assert FR in d.text and d.how == "utf8"


def test_no_declaration_detected() -> None:
    text = ("Привет, мир! Это длинный русский текст, написанный в кодировке windows-1251 для проверки "
            "определения кодировки без объявления в заголовках или в метатегах страницы.")
    d = decode_html(page(text).encode("cp1251"))
    assert text in d.text and d.how == "detected"


def test_unknown_or_wrong_label_falls_back() -> None:
    raw = page(FR).encode("utf-8")
    assert FR in decode_html(raw, "text/html; charset=x-no-such-charset").text
    # an "ascii" label on a page with accents: browsers (and we) read it as windows-1252
    d = decode_html(page(FR).encode("cp1252"), "text/html; charset=us-ascii")
    assert FR in d.text and d.how == "http"


def test_bom_wins() -> None:
    raw = b"\xef\xbb\xbf" + page(FR).encode("utf-8")
    d = decode_html(raw, "text/html; charset=iso-8859-1")
    assert FR in d.text and d.how == "bom" and not d.text.startswith("\ufeff")


def test_utf16_bom_page() -> None:
    raw = page(FR).encode("utf-16")
    assert FR in decode_html(raw).text


@pytest.mark.parametrize("junk", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufffe"])
def test_control_characters_are_stripped(junk: str) -> None:
    d = decode_html(page(f"a{junk}b\tc").encode("utf-8"))
    assert "ab\tc" in d.text


def test_xml_declaration_removed_for_lxml() -> None:
    from lxml import html

    text = clean_text_for_lxml('<?xml version="1.0" encoding="utf-8"?>' + page(FR))
    assert html.fromstring(text).text_content().count("secrétaire") == 1


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=3000), ctype=st.one_of(st.none(), st.sampled_from([
    "text/html", "text/html; charset=utf-8", "text/html; charset=iso-8859-1", "text/html; charset=bogus",
    "text/html; charset=utf-16", "text/html; charset=shift_jis"])))
def test_any_bytes_decode_to_lxml_safe_text(body: bytes, ctype) -> None:
    from lxml import etree, html

    d = decode_html(body, ctype)
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in d.text)
    try:  # no ValueError (control characters, encoding declaration in a str)
        html.fromstring(d.text)
    except etree.ParserError:  # "Document is empty": nothing parseable, a fine answer
        pass


@given(text=st.text(max_size=500))
def test_utf8_text_round_trips(text: str) -> None:
    raw = text.encode("utf-8")
    assert decode_html(raw, "text/html; charset=utf-8").text == clean_text_for_lxml(text)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["", "  <?xml version='1.0' encoding='utf-8'?>", "<?XML?>\n"]))
def test_clean_text_for_lxml_drops_controls_and_a_leading_declaration(text: str, decl: str) -> None:
    import re

    from corpus.decode import _CONTROL, _XML_DECL

    page = decl + text
    assert clean_text_for_lxml(page) == _XML_DECL.sub("", _CONTROL.sub("", page), count=1)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", clean_text_for_lxml(page))

"""corpus.extraction.parse.parse_page gives the tree trafilatura's load_html gives (same markup, same
element classes), on real pages and on the odd inputs load_html has special paths for."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from trafilatura.utils import load_html

from corpus.decode import clean_text_for_lxml, decode_html
from corpus.extraction.parse import parse_page

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "article-extraction"


def shape(tree) -> tuple[bytes, list[str]] | None:
    """Markup and the Python class of every node (the classes decide which lxml.html methods exist)."""
    if tree is None:
        return None
    return etree.tostring(tree, encoding="utf-8"), [type(n).__name__ for n in tree.iter()]


def benchmark_texts() -> list[str]:
    if not BENCH.exists():
        pytest.skip("shared benchmark pages not available")
    keys = sorted(json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8")))
    return [decode_html(gzip.decompress((BENCH / "html" / f"{k}.html.gz").read_bytes())).text for k in keys]


def test_real_pages_parse_to_the_same_tree_and_classes() -> None:
    texts = benchmark_texts()
    for text in texts:
        ours = parse_page(text, controls_removed=True)
        assert shape(ours) == shape(load_html(text))
    kinds = {type(n).__name__ for text in texts[:40] for n in parse_page(text).iter()}
    assert {"HtmlElement", "FormElement", "InputElement"} <= kinds  # lxml.html's special classes kept


ODD = [
    "",  # nothing
    "<p>only a fragment</p>",  # dubious (no "html" in the first 50 chars) and one block: rejected
    "<div><p>one</p><p>two</p></div>",
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>declared</p></body></html>',  # bytes fallback
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/x.dtd"/>\n<html><body>x</body></html>',
    "<html/>\n<body><p>self-closing html tag</p></body>",
    "<html><body><p>a\x00b\x0bc\x1fd\ufffe</p><form><input name=q><label>L</label></form></body></html>",
    "<HTML><BODY><P>Upper case tags</P><SELECT><OPTION>o</SELECT><TEXTAREA>t</TEXTAREA></BODY></HTML>",
    "<html><body><!-- a comment --><?php echo 1 ?><p>pi and comment</p></body></html>",
]


@pytest.mark.parametrize("text", ODD)
def test_odd_inputs_follow_load_html(text: str) -> None:
    expected = shape(load_html(text)) if text else None
    assert shape(parse_page(text)) == expected
    assert shape(parse_page(clean_text_for_lxml(text), controls_removed=True)) == \
        (shape(load_html(clean_text_for_lxml(text))) if text else None)


_HTML_BITS = st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<div class='a'>", "</div>", "<form>",
                              "<input>", "<br/>", "<!DOCTYPE html>", "<html/>", "<svg><path/></svg>", "&amp;",
                              "&nbsp;",
                              "<?xml version='1.0'?>", "text", " ", "\n", "<", ">", "\x00", "é", "<label>"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_HTML_BITS, st.text(max_size=5)), max_size=30).map("".join))
def test_any_text_follows_load_html(text: str) -> None:
    if not text.strip():
        return  # the callers never parse blank text (load_html would log an error and return None)
    assert shape(parse_page(text)) == shape(load_html(text))
    cleaned = clean_text_for_lxml(text)
    if cleaned.strip():
        assert shape(parse_page(cleaned, controls_removed=True)) == shape(load_html(cleaned))

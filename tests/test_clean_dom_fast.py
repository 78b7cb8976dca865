"""DomChrome's text length of an element, read through XPath's string value, equals the itertext form."""

from __future__ import annotations

import gzip
from pathlib import Path

from hypothesis import given, settings

from cleaners.dom import _text_len
from corpus.extraction.parse import parse_page
from tests.htmlgen import html_pages

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / "html"


def _plain(el) -> int:
    return len("".join(el.itertext()).strip()) if isinstance(el.tag, str) else 0


@settings(max_examples=60, deadline=None)
@given(html_pages(["div", "p", "span", "script", "b"], ["class"], ["x"],
                  texts=("text", " ", "", "a &amp; b", "<!-- c -->x", "<?pi y?>z", "\n\t ")))
def test_text_len_equals_itertext_on_generated_pages(body: str) -> None:
    tree = parse_page(f"<html><body>{body}</body></html>")
    assert tree is not None
    for el in tree.iter():
        assert _text_len(el) == _plain(el)


def test_text_len_equals_itertext_on_real_pages() -> None:
    pages = sorted(BENCH.glob("*.html.gz"))[::12]
    assert len(pages) >= 10
    for page in pages:
        tree = parse_page(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))
        for el in list(tree.iter())[::7]:
            assert _text_len(el) == _plain(el), page.name


@settings(max_examples=60, deadline=None)
@given(html_pages(["div", "p", "span", "b"], ["class"], ["x"],
                  texts=("word", " ", "", "two words", "x" * 150, " a\u00a0b\n c ", "é" * 60)))
def test_head_text_equals_the_joined_text_cut(body: str) -> None:
    from cleaners.dom import _head_text

    tree = parse_page(f"<html><body>{body}</body></html>")
    assert tree is not None
    for el in tree.iter():
        for limit in (0, 1, 7, 200):
            assert _head_text(el, limit) == " ".join(" ".join(el.itertext()).split())[:limit]

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


@settings(max_examples=50, deadline=None)
@given(html_pages(["div", "p", "span", "section", "body", "a"],
                  ["id", "class", "aria-label", "role", "aria-modal", "data-x", "ID"], ["", "x", "cookie"],
                  texts=("text", "<!-- c -->x", "<?pi y?>z", "</body><p id='after'>p</p>")))
def test_elements_with_attributes_are_those_of_the_xpath(body: str) -> None:
    import lxml.html

    from cleaners.dom import _WITH_ATTRS, _with_attrs

    for page in (f"<html><body>{body}</body></html>", body or "<p>x</p>"):
        for parser in (None, lxml.html.HTMLParser(remove_comments=False, remove_pis=False)):
            root = lxml.html.fromstring(page, parser=parser).getroottree().getroot()
            assert _with_attrs(root) == _WITH_ATTRS(root)


def test_elements_with_attributes_on_real_pages() -> None:
    from cleaners.dom import _WITH_ATTRS, _with_attrs

    pages = sorted(BENCH.glob("*.html.gz"))[::9]
    assert len(pages) >= 20
    found = 0
    for page in pages:
        root = parse_page(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))
        assert _with_attrs(root) == _WITH_ATTRS(root)
        found += len(_WITH_ATTRS(root))
    assert found > 100 * len(pages)  # real pages have hundreds of such elements

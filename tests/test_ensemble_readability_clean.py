"""FastCleaner (the readability view's HTML cleaner, its element loop in C) cleans as lxml_html_clean's
Cleaner with the same options."""

from __future__ import annotations

import gzip
from copy import deepcopy
from pathlib import Path

from hypothesis import given, settings
from lxml import etree
from lxml_html_clean import Cleaner

from corpus.ensemble.readability_clean import FastCleaner
from corpus.ensemble.readability_view import _CLEANER
from corpus.extraction.parse import parse_page
from tests.htmlgen import html_pages

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / "html"
OPTIONS = dict(scripts=True, javascript=False, comments=True, style=True, links=True, meta=False,
               add_nofollow=False, page_structure=False, processing_instructions=True, embedded=False,
               frames=False, forms=False, annoying_tags=False, remove_tags=None, remove_unknown_tags=False,
               safe_attrs_only=False)


def _same(tree: etree._Element, fast: Cleaner, plain: Cleaner) -> None:
    ours, theirs = deepcopy(tree), deepcopy(tree)
    fast(ours)
    plain(theirs)
    assert etree.tostring(ours) == etree.tostring(theirs)


def test_the_view_uses_the_mirror() -> None:
    assert isinstance(_CLEANER, FastCleaner) and _CLEANER._mirrored()
    assert not FastCleaner(**{**OPTIONS, "javascript": True})._mirrored()  # other options: Cleaner's own


def test_fast_cleaner_equals_cleaner_on_real_pages() -> None:
    fast, plain = FastCleaner(**OPTIONS), Cleaner(**OPTIONS)
    pages = sorted(BENCH.glob("*.html.gz"))[::6]
    assert len(pages) >= 25
    for page in pages:
        _same(parse_page(gzip.decompress(page.read_bytes()).decode("utf-8", "replace")), fast, plain)


@settings(max_examples=60, deadline=None)
@given(html_pages(["div", "script", "style", "link", "image", "p", "noscript", "span"],
                  ["style", "class", "href"], ["color:red", "x", "a.css"],
                  texts=("text", "<!-- c -->", "<?pi x?>", "<script>s()</script>", "<style>p{}</style>", "")))
def test_fast_cleaner_equals_cleaner_on_generated_pages(body: str) -> None:
    tree = parse_page(f"<html><head><link rel='stylesheet' href='a.css'></head><body>{body}</body></html>")
    assert tree is not None
    _same(tree, FastCleaner(**OPTIONS), Cleaner(**OPTIONS))
    _same(tree, FastCleaner(**{**OPTIONS, "javascript": True}), Cleaner(**{**OPTIONS, "javascript": True}))

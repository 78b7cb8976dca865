"""corpus.extraction.author finds the author trafilatura's extract_author finds, element for element."""

from __future__ import annotations

import gzip
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html
from trafilatura import metadata as tm

from corpus.extraction import author
from corpus.extraction.parse import parse_page
from corpus.extraction.screen import expression_key
from tests.htmlgen import html_pages

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / "html"
EXPRESSIONS = [*tm.AUTHOR_DISCARD_XPATHS, *tm.AUTHOR_XPATHS]
# attribute values around every pattern's needles and anchors: matches, near misses, case
WORDS = ["author", "Author", "autor", "author-name", "authorName", "AuthorName", "byline", "Byline", "byl",
         "BBL", "bbl", "username", "screenname", "writer", "channel-name", "zuozhe", "bianji", "xiaobian",
         "submitted-by", "posted-by", "journalist-name", "comments", "xcomments", "Comments", "commentlist",
         "comment-list", "commentslist", "ProductReviews", "title", "date", "sidebar", "is-hidden", "quote",
         "embedly-instagram", "article-share", "article-support", "article-x", "print", "category",
         "meta-date", "meta-reviewer", "meta", "AuthorCard", "AuthorURL", "author name", "me", "Figure", "x",
         ""]
TAGS = ["a", "address", "div", "link", "p", "span", "strong", "section", "h3", "h4", "time", "figure",
        "author", "article", "li"]
ATTRIBUTES = ["id", "class", "rel", "itemprop", "data-testid", "data-component"]


def pages() -> st.SearchStrategy[str]:
    return html_pages(TAGS, ATTRIBUTES, WORDS, max_attributes=3,
                      texts=("By Jane Doe", "x", "Jean Dupont et Marie Curie", ""))


def _tree(body: str) -> etree._Element:
    tree = parse_page(f"<html><head><title>t</title></head><body>{body}</body></html>")
    assert tree is not None
    return tree


def test_the_installed_trafilatura_is_mirrored() -> None:
    assert author.MIRRORS_INSTALLED


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_each_screened_expression_selects_what_it_selects(body: str) -> None:
    tree = _tree(body)
    for expression in EXPRESSIONS:
        screened = author.Screened(expression, author.SCREENS[expression_key(expression)])
        assert screened(tree) == expression(tree), expression.path


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_author_is_trafilaturas(body: str) -> None:
    tree = _tree(body)
    assert author.extract_author(tree) == tm.extract_author(tree)


def test_a_rel_child_falls_back_to_the_expression() -> None:
    tree = _tree("<p><span class='x'>Jane Doe Smith<rel>me</rel></span></p>")
    expression = tm.AUTHOR_XPATHS[0]
    selected = author.Screened(expression, author.SCREENS[expression_key(expression)])(tree)
    assert [e.get("class") for e in selected] == ["x"] == [e.get("class") for e in expression(tree)]
    assert author.extract_author(tree) == tm.extract_author(tree) is not None


def test_other_expressions_are_not_screened() -> None:
    assert author._screened([etree.XPath("//p")]) is None
    assert author._screened(tm.AUTHOR_XPATHS) is not None


def test_real_pages_give_trafilaturas_author() -> None:
    pages = sorted(BENCH.glob("*.html.gz"))[:60]
    assert len(pages) == 60
    found = 0
    for page in pages:
        tree = html.fromstring(gzip.decompress(page.read_bytes()))
        expected = tm.extract_author(tree)
        assert author.extract_author(tree) == expected, page.name
        found += expected is not None
    assert found > 10  # the comparison is not only between two Nones

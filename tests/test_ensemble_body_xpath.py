"""corpus.ensemble.body_xpath finds the element trafilatura's BODY_XPATH finds first; the link-density
pass of corpus.ensemble.sections deletes what trafilatura's deletes."""

from __future__ import annotations

import gzip
from copy import deepcopy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from trafilatura import htmlprocessing, main_extractor
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.xpaths import BODY_XPATH

from corpus.ensemble import sections
from corpus.ensemble.body_xpath import FirstMatch, screened
from corpus.ensemble.trafilatura_runs import options_for
from corpus.extraction.parse import parse_page
from tests.htmlgen import html_pages

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / "html"
SCREENED = screened(BODY_XPATH)
# the expressions' tokens and near misses (case, anchors, spaces, partial words)
WORDS = ["post", "entry", "post-text", "post_text", "postentry", "post-entry", "postContent", "post-content",
         "articleBody", "articlebody", "article-body", "article__body", "ArticleContent", "articleContent",
         "article__content", "article__container", "entry-content", "page-content", "Page-Content",
         "art-content", "text-content", "body-text", "Body-text", "article", "article x", "x article ",
         "story", "Story", "story-body", "storycontent", "story-content", "primary", "xprimary", "postarea",
         "art-postcontent", "text", "cell", "fulltext", "FullText", "FULLTEXT", "fullText", "full-text",
         "post-bodycopy", "theme-content", "single-content", "single-post", "main-column", "wpb_text_column",
         "field-body", "content", "Content", "content-main", "content_main", "content-body", "content__body",
         "contentBody", "main-content", "Main-Content", "MAIN-CONTENT", "main", "Main", "mainx", "xmain",
         "x", ""]
TAGS = ["div", "section", "article", "main", "p", "span", "aside"]
ATTRIBUTES = ["id", "class", "role", "itemprop"]


def _first(expression, tree: etree._Element) -> etree._Element | None:
    """What trafilatura's ``_extract`` reads of an expression's result."""
    return next((s for s in expression(tree) if s is not None), None)


def test_the_regular_expression_ones_are_screened_and_trafilatura_is_untouched() -> None:
    assert [isinstance(x, FirstMatch) for x in SCREENED] == [True, False, True, True, True]
    assert sections.MIRRORS_INSTALLED
    assert sections._namespace()["BODY_XPATH"] is not main_extractor.BODY_XPATH
    assert all(isinstance(x, etree.XPath) for x in main_extractor.BODY_XPATH)
    assert str(SCREENED[0]) == str(BODY_XPATH[0])  # the debug message names the same expression


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_pages(TAGS, ATTRIBUTES, WORDS, max_attributes=3))
def test_screened_expressions_find_the_same_first_element(body: str) -> None:
    tree = parse_page(f"<html><body>{body}<main>{body}</main></body></html>")
    assert tree is not None
    for context in (tree, tree.find(".//body"), tree.find(".//main")):
        for expression, ours in zip(BODY_XPATH, SCREENED, strict=True):
            assert _first(ours, context) is _first(expression, context), expression.path[:60]


def test_a_frame_needs_a_descendant_and_the_expression_itself() -> None:
    tree = parse_page("<html><body><div class='post'><div class='postscript'>a</div>"
                      "<section class='entry'>b</section></div></body></html>")
    frame = tree.find(".//div")
    assert _first(SCREENED[0], tree) is frame
    # the frame itself is not its own descendant; "postscript" holds "post" but is not @class='post'
    assert _first(SCREENED[0], frame) is frame.find("section") is _first(BODY_XPATH[0], frame)
    assert _first(SCREENED[4], tree) is None is _first(BODY_XPATH[4], tree)


@pytest.mark.slow
def test_real_pages_find_the_same_frames() -> None:
    options = options_for("recall", None)
    pages = sorted(BENCH.glob("*.html.gz"))[::3]
    assert len(pages) >= 50
    found = 0
    for page in pages:
        tree = parse_page(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))
        cleaned = convert_tags(tree_cleaning(deepcopy(tree), options), options, None)
        for context in (tree, cleaned):
            for expression, ours in zip(BODY_XPATH, SCREENED, strict=True):
                theirs = _first(expression, context)
                assert _first(ours, context) is theirs, (page.name, expression.path[:60])
                found += theirs is not None
    assert found > len(pages)  # most pages have a frame some expression finds


def _linked_page() -> etree._Element:
    return parse_page("<html><body><div><p>Some words of a paragraph without any link in it at all.</p>"
                      "<p><a href='/a'>read more</a></p>"
                      "<div><a href='/b'>b</a> <a href='/c'>c</a></div></div></body></html>")


@pytest.mark.parametrize("tag", ["div", "list", "p"])
@pytest.mark.parametrize("backtracking", [False, True])
def test_link_density_pass_deletes_what_trafilatura_deletes(tag: str, backtracking: bool) -> None:
    options = options_for("recall", None)
    cleaned = convert_tags(tree_cleaning(_linked_page(), options), options, None)
    assert cleaned.find(".//ref") is not None
    ours = sections.delete_by_link_density(deepcopy(cleaned), tag, backtracking)
    theirs = htmlprocessing.delete_by_link_density(deepcopy(cleaned), tag, backtracking)
    assert etree.tostring(ours) == etree.tostring(theirs)
    if tag == "p":
        assert b"read more" not in etree.tostring(ours)  # the test page does delete something


def test_a_frame_without_links_is_left_as_it_is() -> None:
    frame = parse_page("<html><body><div><p>a</p><div>b</div></div></body></html>")
    before = etree.tostring(frame)
    for tag in ("div", "list", "p"):
        assert sections.delete_by_link_density(frame, tag, True) is frame
    assert etree.tostring(frame) == before

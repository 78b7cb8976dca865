"""corpus.ensemble.sections selects what OVERALL_DISCARD_XPATH selects and extracts what trafilatura does."""

from __future__ import annotations

import gzip
from copy import deepcopy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from trafilatura import main_extractor
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.htmlprocessing import prune_unwanted_nodes as trafilatura_prune

from corpus.ensemble import sections
from corpus.ensemble.trafilatura_runs import options_for
from corpus.extraction.parse import parse_page
from tests.htmlgen import html_pages

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / "html"
OVERALL = main_extractor.OVERALL_DISCARD_XPATH
# tokens of both expressions and near misses around them (case, anchors, spaces, partial words)
WORDS = ["share", "Share", "shar", "sharing", "xshare", "social", "sociable", "Sociable", "viral",
         "newsletter", "tags", "tag-list", "sidebar", "banner", "breadcrumb", "bread-crumb", "button",
         "author", "cookie", "Cookie", "jp-x", "xjp-", "dpsp-content", "bmdh", "footer", "Footer", "nav",
         "Nav", "Navigation", "navigation", "post-nav", "ZendeskForm", "menu", "related", "Related",
         "message-container", "premium", "ad-top", "x-ad-y", "ad", " ad ", "bad-", "dfpAd", "dfpad",
         "outbrain", "paid-content", "paidcontent", "widget", "byline", "Byline", "embedded", "consent",
         "modal-content", "permission", "elated", "next-", "-stories", "most-popular", "more-on", "meta",
         "rating", "-icon", "slide", "overlay", "options", "expand", "blurred", "yin", "nfoline", "bar",
         "comments-title", "reply-x", "x-reply-y", "hide-x", "x-hide-y", "hide-print", "hidden",
         "hidden-xs", "hide", "nocomments", "message", "akismet", "suggest-links", "noprint", "notloaded",
         "reader-comments", "display:none", "display: none", "color: red", "true", "false", "x", ""]
TAGS = ["div", "p", "span", "section", "item", "list", "a", "article", "head", "li", "ul"]
ATTRIBUTES = ["id", "class", "role", "style", "aria-hidden", "data-component", "data-lp-replacement-content"]


def pages() -> st.SearchStrategy[str]:
    return html_pages(TAGS, ATTRIBUTES, [*WORDS, "MostPopularStories", "navigation"], max_attributes=3,
                      texts=("some text here",))


def test_the_installed_trafilatura_is_mirrored() -> None:
    assert sections.MIRRORS_INSTALLED
    assert sections.extract_content is not main_extractor.extract_content
    assert main_extractor.prune_unwanted_nodes is trafilatura_prune  # trafilatura's module is untouched


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_screened_expressions_select_what_they_select(body: str) -> None:
    tree = parse_page(f"<html><body><main>{body}</main></body></html>")
    assert tree is not None
    for context in (tree.find(".//body"), tree.find(".//main")):
        for expression, screened in zip(OVERALL, sections._OVERALL, strict=True):
            assert screened(context) == expression(context), expression.path[:60]
    for backup in (False, True):
        ours, theirs = deepcopy(tree), deepcopy(tree)
        sections.prune_unwanted_nodes(ours, OVERALL, with_backup=backup)
        trafilatura_prune(theirs, OVERALL, with_backup=backup)
        assert etree.tostring(ours) == etree.tostring(theirs)


def test_other_lists_are_pruned_by_trafilatura() -> None:
    tree = parse_page("<html><body><div class='teaser'>a</div><p>b</p></body></html>")
    pruned = sections.prune_unwanted_nodes(deepcopy(tree), main_extractor.TEASER_DISCARD_XPATH)
    expected = trafilatura_prune(deepcopy(tree), main_extractor.TEASER_DISCARD_XPATH)
    assert etree.tostring(pruned) == etree.tostring(expected)
    assert b"teaser" not in etree.tostring(pruned)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["recall", "precision"])
def test_real_pages_extract_what_trafilatura_extracts(mode: str) -> None:
    options = options_for(mode, None)
    pages = sorted(BENCH.glob("*.html.gz"))[::4]
    assert len(pages) >= 40
    for page in pages:
        tree = parse_page(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))
        cleaned = convert_tags(tree_cleaning(deepcopy(tree), options), options, None)
        ours = sections.extract_content(deepcopy(cleaned), options)
        theirs = main_extractor.extract_content(deepcopy(cleaned), options)
        assert (etree.tostring(ours[0]), ours[1]) == (etree.tostring(theirs[0]), theirs[1]), page.name

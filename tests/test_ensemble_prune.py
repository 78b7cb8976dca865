"""corpus.ensemble.prune removes exactly what trafilatura's prune_unwanted_nodes removes."""

from __future__ import annotations

from copy import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from trafilatura import core, main_extractor
from trafilatura.htmlprocessing import prune_unwanted_nodes

from corpus.ensemble.prune import Pruner
from corpus.extraction.parse import parse_page
from tests.htmlgen import html_pages

LISTS = {"raw": core.RAW_TREE_PRUNE_XPATH, "comments_and_lists": core.REMOVE_COMMENTS_AND_LISTS_XPATH,
         "comments": core.REMOVE_COMMENTS_XPATH, "images": main_extractor.DISCARD_IMAGE_ELEMENTS}
# attribute values around every pattern's edges: matches, near misses, case, anchors
WORDS = ["comment", "Comment", "commentary", "comments-list", "xcomment", "comol", "disqus_thread",
         "dsq-comments", "article-comments", "post-comments", "infinite-scroll", "infinitescroll",
         "infinite", "mvp-post-add-box", "mvp-post-add-wrap", "mvp-post-add-x", "elementor-share-buttons",
         "elementor-share", "social", "main", "caption", "wp-caption", "Caption", "captions x", ""]
TAGS = ["div", "section", "aside", "list", "details", "ol", "ul", "p", "article", "h1", "span", "item"]


def pages() -> st.SearchStrategy[str]:
    return html_pages(TAGS, ["id", "class"], WORDS)


def test_the_installed_trafilatura_expressions_are_all_screened() -> None:
    for name, expressions in LISTS.items():
        assert Pruner(expressions)._screened is not None, name


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_prune_removes_what_trafilatura_removes(body: str) -> None:
    tree = parse_page(f"<html><body><main>{body}</main></body></html>")
    if tree is None:
        return
    for expressions in LISTS.values():
        expected = prune_unwanted_nodes(copy(tree), expressions)
        assert etree.tostring(Pruner(expressions)(copy(tree))) == etree.tostring(expected)
    for expression in (x for xs in LISTS.values() for x in xs):
        screened = Pruner([expression])._screened
        assert screened is not None and screened[0](tree) == expression(tree)


def test_other_expressions_go_through_trafilatura() -> None:
    tree = parse_page("<html><body><div class='x'><p>a</p></div><p>b</p></body></html>")
    pruner = Pruner([etree.XPath(".//p")])
    assert pruner._screened is None
    assert etree.tostring(pruner(copy(tree))) == etree.tostring(prune_unwanted_nodes(copy(tree),
                                                                                        [etree.XPath(".//p")]))

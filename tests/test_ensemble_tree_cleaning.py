"""corpus.ensemble.tree_cleaning cleans a tree as trafilatura's tree_cleaning does."""

from __future__ import annotations

import gzip
from copy import deepcopy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from trafilatura import htmlprocessing
from trafilatura.htmlprocessing import MANUALLY_CLEANED
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.settings import Extractor as TrafilaturaOptions

from corpus.ensemble import tree_cleaning as ours
from corpus.extraction.parse import parse_page

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / "html"
TAGS = ["div", "p", "aside", "nav", "footer", "form", "figure", "table", "td", "math", "img", "span",
        "script", "button", "time", "svg", "picture", "source", "noscript", "section", "label", "input",
        "small"]


def _options(**changes: object) -> TrafilaturaOptions:
    kwargs = dict(config=DEFAULT_CONFIG, output_format="txt", fast=True, precision=False, recall=False,
                  comments=False, formatting=None, links=False, images=False, tables=True, dedup=False,
                  lang=None, url=None, with_metadata=False)
    return TrafilaturaOptions(**{**kwargs, **changes})


OPTIONS = [_options(recall=True), _options(precision=True), _options(), _options(tables=False),
           _options(recall=True, images=True)]


@st.composite
def _pages(draw: st.DrawFn, depth: int = 3) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.sampled_from(["", ' role="presentation"', ' alttext="x^2"', ' class="c"']))
        inner = draw(_pages(depth - 1)) if depth > 0 else ""
        parts.append(f"<{tag}{attrs}>{draw(st.sampled_from(['', 'text', ' ']))}{inner}</{tag}>"
                     f"{draw(st.sampled_from(['', 'tail']))}")
    return "".join(parts)


def _same(tree: etree._Element) -> None:
    for options in OPTIONS:
        theirs = htmlprocessing.tree_cleaning(deepcopy(tree), options)
        assert etree.tostring(ours.tree_cleaning(deepcopy(tree), options)) == etree.tostring(theirs)


def test_the_installed_trafilatura_is_mirrored() -> None:
    assert ours.MIRRORS_INSTALLED


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pages())
def test_generated_pages_are_cleaned_as_trafilatura_cleans_them(body: str) -> None:
    tree = parse_page(f"<html><head><title>t</title></head><body>{body}<p>last</p></body></html>")
    assert tree is not None
    _same(tree)


def test_held_tags_are_those_an_element_has_in_list_order() -> None:
    tree = parse_page("<html><body><nav>a</nav><aside>b</aside><p>c</p></body></html>")
    assert ours.held_tags(tree, ["p", "script", "aside", "nav", "html"]) == ["p", "aside", "nav", "html"]
    assert ours.held_tags(tree, ["{*}p", "x"]) == ["{*}p", "x"]  # not plain names: all of them
    cleaned = ours.tree_cleaning(tree, _options())
    assert cleaned.find(".//nav") is None and cleaned.find(".//aside") is None


@pytest.mark.slow
def test_real_pages_are_cleaned_as_trafilatura_cleans_them() -> None:
    pages = sorted(BENCH.glob("*.html.gz"))[::4]
    assert len(pages) >= 40
    for page in pages:
        _same(parse_page(gzip.decompress(page.read_bytes()).decode("utf-8", "replace")))


def test_held_tags_on_real_pages_are_the_tags_iter_finds() -> None:
    tags = [*MANUALLY_CLEANED, "p", "div", "a", "html", "body", "x-none"]
    for page in sorted(BENCH.glob("*.html.gz"))[::9]:
        tree = parse_page(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))
        assert ours.held_tags(tree, tags) == [t for t in tags if next(tree.iter(t), None) is not None]

"""corpus.ensemble.frame is trafilatura's ``_extract`` with two queries compiled once, and
corpus.extraction.parse.parse_fragment is ``lxml.html.fromstring`` with the fragment parser."""

from __future__ import annotations

import inspect

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from trafilatura import main_extractor

from corpus.ensemble import frame, sections
from corpus.ensemble.readability_view import Readability
from corpus.extraction.parse import fragment_parser, parse_fragment, parse_page
from tests.scoring import load_pages

PIECES = ["<p>a</p>", "<div>b</div>", "text", " ", "<b>c</b>", "<title>t</title>", "<meta charset=utf-8>",
          "<html>", "<body>", "</body>", "<!DOCTYPE html>", "<head>", "<span>x</span>", "<br>", "<li>i", "\n"]


def test_frame_is_trafilaturas_extract_but_for_its_two_queries() -> None:
    ours = [line.split("  # noqa: E501")[0] for line in inspect.getsource(frame._extract).splitlines()]
    theirs = inspect.getsource(main_extractor._extract).splitlines()
    assert ours[0] == theirs[0] and ours[1].lstrip().startswith('"""')  # signature, then our docstring
    changed = [(a, b) for a, b in zip(ours[2:], theirs[1:], strict=True) if a != b]
    assert [a.split("#")[0].strip() for a, _ in changed] == ["ptest = _P_TEXTS(subtree)",
                                                             "subelems = _DESCENDANTS(subtree)"]
    assert [b.strip() for _, b in changed] == ['ptest = subtree.xpath("//p//text()")',
                                               'subelems = subtree.xpath(".//*")']
    assert sections.MIRRORS_INSTALLED
    assert sections._namespace()["_extract"].__code__ is frame._extract.__code__


def test_compiled_queries_select_what_the_element_queries_do() -> None:
    for page in load_pages():
        tree = parse_page(page.html)
        for frame_root in [tree, *list(tree.iter("div", "article", "main"))[:20]]:
            assert frame._P_TEXTS(frame_root) == frame_root.xpath("//p//text()")
            assert frame._DESCENDANTS(frame_root) == frame_root.xpath(".//*")
            assert all(type(t) is str for t in frame._P_TEXTS(frame_root))


def _same(a: etree._Element, b: etree._Element) -> bool:
    return (type(a) is type(b) and a.tag == b.tag and etree.tostring(a) == etree.tostring(b)
            and etree.tostring(a.getroottree()) == etree.tostring(b.getroottree()))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join))
def test_parse_fragment_equals_lxml_fromstring(text: str) -> None:
    try:
        expected = lxml.html.fromstring(text, parser=fragment_parser())
    except etree.ParserError as e:
        try:
            parse_fragment(text)
        except etree.ParserError as ours:
            assert str(ours) == str(e)
            return
        raise AssertionError("parse_fragment parsed what lxml.html.fromstring rejects") from None
    assert _same(parse_fragment(text), expected)


def test_parse_fragment_on_readability_summaries() -> None:
    for page in load_pages():
        summary = Readability(parse_page(page.html)).summary(html_partial=True)
        assert _same(parse_fragment(summary), lxml.html.fromstring(summary, parser=fragment_parser()))

"""The metadata readers give the same answers from one walk of the page (corpus.extraction.tags) as
from their XPaths."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.ensemble import metadata as em
from corpus.extract import _noindex
from corpus.extraction.meta import read_head_meta
from corpus.extraction.parse import parse_page
from corpus.extraction.tags import by_tag
from tests.scoring import load_pages

_DATES = ["2024-05-01T10:00:00Z", "2021-02-03", "2019-11-30T08:00:00+01:00", "2023-13-40", ""]
_URLS = ["https://a.test/x", "/rel/path", "", "mailto:x@y.test"]
_NAMES = ["robots", "author", "description", "og:title", "article:published_time", "datePublished", ""]
# attribute -> values, per tag
_ATTRS = {
    "meta": {"name": _NAMES, "property": _NAMES, "itemprop": _NAMES,
             "content": ["noindex, nofollow", "A Title", "", *_DATES]},
    "link": {"rel": ["canonical", "alternate", "stylesheet", ""], "href": _URLS,
             "hreflang": ["fr", "x-default", ""]},
    "time": {"datetime": _DATES, "itemprop": ["datePublished", "dateModified"], "pubdate": [""]},
    "h1": {"class": ["x"]}, "title": {"id": ["y"]},
}
_TEXTS = ["A Title", "Another title", "", *_DATES]


@st.composite
def elements(draw) -> str:
    tag = draw(st.sampled_from(sorted(_ATTRS)))
    names = draw(st.lists(st.sampled_from(sorted(_ATTRS[tag])), max_size=3, unique=True))
    attrs = "".join(f' {a}="{draw(st.sampled_from(_ATTRS[tag][a]))}"' for a in names)
    if tag in ("meta", "link"):
        return f"<{tag}{attrs}>"
    return f"<{tag}{attrs}>{draw(st.sampled_from(_TEXTS))}</{tag}>"


def _answers(tree, found) -> tuple:
    meta = em.PageMetadata()
    em.from_open_graph(tree, meta, found)
    em.from_time_element(tree, meta, found)
    em.from_headings(tree, meta, found)
    head_found = None if found is None else {k: found[k] for k in ("meta", "link")}
    return (read_head_meta(tree, "https://site.test/a/b", head_found), _noindex(tree, {}, found),
            em.meta_index(tree, found), meta)


def _check(tree) -> None:
    found = by_tag(tree, ("meta", "link", "time", "h1", "title"))
    assert found is not None
    assert _answers(tree, found) == _answers(tree, None)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(elements(), max_size=8), st.lists(elements(), max_size=8))
def test_one_walk_answers_as_the_xpaths(head: list[str], body: list[str]) -> None:
    tree = parse_page(f"<html><head>{''.join(head)}</head><body><div>{''.join(body)}</div></body></html>")
    if tree is not None:
        _check(tree)


def test_fixture_pages_answer_alike_and_fragments_fall_back() -> None:
    for page in load_pages():
        _check(parse_page(page.html))
    tree = parse_page("<html><body><div><meta name='robots' content='noindex'></div></body></html>")
    assert by_tag(tree.find(".//div"), ("meta",)) is None  # not a whole document: the XPaths decide

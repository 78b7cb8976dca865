"""The ensemble's cheaper runs of its extractors return what the plain library calls return:
readability (corpus.ensemble.readability_view) against readability-lxml's own methods, trafilatura
(corpus.ensemble.trafilatura_runs) against trafilatura.extract, on real, fixture and generated pages."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from readability import Document as ReadabilityDocument
from readability.readability import REGEXES

from corpus.decode import decode_html
from corpus.ensemble import readability_view, trafilatura_runs
from corpus.ensemble.readability_view import Readability
from corpus.ensemble.trafilatura_runs import TrafilaturaRuns, extract_text
from corpus.extraction.parse import parse_page
from tests.scoring import load_pages

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "article-extraction"


class Reference(ReadabilityDocument):
    """readability-lxml's algorithm as published (every method but the tree loading is upstream's)."""

    _parse = Readability._parse


def page_trees() -> list[etree._Element]:
    texts = [p.html for p in load_pages()]
    if BENCH.exists():
        keys = sorted(json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8")))[::6]
        pages = [gzip.decompress((BENCH / "html" / f"{k}.html.gz").read_bytes()) for k in keys]
        texts += [decode_html(page).text for page in pages]
    return [parse_page(t) for t in texts]


@pytest.fixture(scope="module")
def trees() -> list[etree._Element]:
    return page_trees()


@pytest.mark.slow
def test_readability_summaries_equal_upstream(trees) -> None:
    for tree in trees:
        assert Readability(tree).summary(html_partial=True) == Reference(tree).summary(html_partial=True)


@pytest.mark.slow
def test_trafilatura_runs_equal_trafilatura_extract(trees) -> None:
    for tree in trees:
        runs = TrafilaturaRuns(tree, "https://example.test/a")
        for mode in ("precision", "recall"):  # either order: the shared tree is left as it was
            assert runs.text(mode) == extract_text(tree, "https://example.test/a", mode)


FORUM = ("<html><head><script type='application/ld+json'>{\"@type\": \"DiscussionForumPosting\"}"
         "</script></head><body><div class='comments'>{}</div></body></html>")


def test_forum_and_empty_pages_and_other_versions_use_trafilatura_itself(monkeypatch) -> None:
    posts = "".join(f"<div class='comment'><p>Post number {i} says something long enough to be kept as text "
                    f"by the extractor, with a few words more.</p></div>" for i in range(6))
    for html in (FORUM.replace("{}", posts), "<html><body><p>Short.</p></body></html>"):
        tree = parse_page(html)
        for mode in ("recall", "precision"):
            assert TrafilaturaRuns(tree, None).text(mode) == extract_text(tree, None, mode)
    monkeypatch.setattr(trafilatura_runs, "MIRRORED_VERSION", "0.0")
    tree = page_trees()[0]
    runs = TrafilaturaRuns(tree, None)
    assert runs.text("recall") == extract_text(tree, None, "recall") and runs._shared is None
    with pytest.raises(ValueError):
        runs.text("balanced")


_BLOCKS = ["div", "p", "span", "a", "img", "ul", "li", "pre", "table", "td", "param", "picture", "b", "br",
           "section", "blockquote", "dl", "ol", "code", "main", "article"]
_CLASSES = ["", "sidebar", "comment-list", "main-content", "footer", "SideBar", "article", "\u017fhoutbox",
            "\u212aomb", "s\u0130debar", "menu-and-more", "x"]


@st.composite
def nested_page(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        tag, cls = draw(st.sampled_from(_BLOCKS)), draw(st.sampled_from(_CLASSES))
        text = draw(st.sampled_from(["", "Some words, here.", "A longer sentence that goes on and on. " * 3]))
        inner = draw(nested_page(depth + 1))
        attr = f' class="{cls}"' if cls else ""
        parts.append(f"<{tag}{attr}>{text}{inner}</{tag}>{draw(st.sampled_from(['', ' tail text ']))}")
    return "".join(parts)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested_page())
def test_readability_equals_upstream_on_generated_pages(body: str) -> None:
    tree = parse_page(f"<html><head><title>t</title></head><body>{body}</body></html>")
    if tree is None:
        return
    assert Readability(tree).summary(html_partial=True) == Reference(tree).summary(html_partial=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(REGEXES["unlikelyCandidatesRe"].pattern.split("|")),
                          st.sampled_from(list("aAsSkKiI -_\u0130\u0131\u017f\u212a\u00df")),
                          st.characters()), max_size=10).map("".join))
def test_unlikely_candidate_search_equals_the_regex(s: str) -> None:
    assert readability_view._unlikely(s) == bool(REGEXES["unlikelyCandidatesRe"].search(s))
    assert readability_view._unlikely(s.upper()) == bool(REGEXES["unlikelyCandidatesRe"].search(s.upper()))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested_page())
def test_block_descendant_test_equals_the_serialisation_search(body: str) -> None:
    tree = parse_page(f"<html><body><div>{body}</div></body></html>")
    if tree is None:
        return
    for div in tree.iter("div"):
        serialised = str(b"".join(etree.tostring(s, encoding="utf-8") for s in div))
        expected = bool(re.search(REGEXES["divToPElementsRe"], serialised))
        assert readability_view._has_block_descendant(div) == expected


def test_shared_prechecks_give_the_same_decisions(trees) -> None:
    from corpus.ensemble import EnsembleOptions
    from corpus.ensemble.page_signals import PageSignals
    from corpus.ensemble.views import add_precision, collect_views
    from corpus.ensemble.vote import Prechecks, decide, needs_precision, readable_index

    options = EnsembleOptions()
    for tree in trees[:12]:
        views = collect_views(tree, None)
        add_precision(views, tree, None)
        page = PageSignals.from_page(tree, ["Some title"])
        readable = readable_index(views, options)
        prechecks = Prechecks(readable, options, page)
        assert needs_precision(views, options, readable, page, prechecks) == \
            needs_precision(views, options, readable, page)
        assert decide(views, options, page, readable, prechecks) == decide(views, options, page, readable)
        with pytest.raises(ValueError):
            decide(views, EnsembleOptions(support=0.6), page, readable, prechecks)


_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\r", "\xa0", "\u2003", "a", "b.", "\x0b", " \n ", "\n\n"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.lists(_SPACES, max_size=40).map("".join),
                 st.lists(_SPACES, min_size=250, max_size=400).map("".join), st.text()))
def test_text_clean_equals_readability_clean(text: str) -> None:
    from readability.readability import clean as upstream

    assert readability_view.clean(text) == upstream(text)


_WHITE = st.sampled_from([" ", "\t", "\n", "\r", "\xa0", "\u3000", "\x85", "\x1c"])
_LONG_RUNS = st.lists(st.one_of(
    st.tuples(_WHITE, st.sampled_from([1, 2, 127, 128, 129, 254, 255, 256, 400])).map(lambda p: p[0] * p[1]),
    st.tuples(_WHITE, _WHITE, st.sampled_from([64, 127, 128, 200])).map(lambda p: (p[0] + p[1]) * p[2]),
    st.sampled_from(["a", "mot", "\u200b", "x y"])), max_size=8).map("".join)


@settings(max_examples=150, deadline=None)
@given(_LONG_RUNS)
def test_text_clean_equals_readability_clean_on_long_white_space_runs(text: str) -> None:
    from readability.readability import clean as upstream

    assert readability_view.clean(text) == upstream(text)
    if re.search(r"\s{255,}", text):
        assert readability_view._may_hold_long_space(text)


def test_readability_methods_use_our_clean_and_leave_the_library_alone() -> None:
    import readability.readability as upstream

    for name in ("sanitize", "select_best_candidate", "get_semantic_main_candidate", "is_toc_list"):
        ours = getattr(Readability, name)
        assert ours is not getattr(upstream.Document, name) and ours.__code__ is getattr(upstream.Document,
                                                                                             name).__code__
        assert ours.__globals__["clean"] is readability_view.clean
        assert ours.__globals__["text_length"] is readability_view.text_length
    assert upstream.Document.sanitize.__globals__["clean"] is upstream.clean  # the library is unchanged


_ANY_SPACE = st.sampled_from([" ", "\n", "\t", "\r", "\x0b", "\x1c", "\x85", "\xa0", "\u2028", "\u3000",
                              "a", "b c"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.lists(_ANY_SPACE, max_size=30).map("".join), st.text()))
def test_newline_space_equals_the_regex(text: str) -> None:
    assert readability_view._newline_space(text) == re.sub(r"\s*\n\s*", "\n", text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "force", "Ünité", "d'une", "2024", "...", " ", "\n", "x_y"]),
                max_size=12).map(" ".join))
def test_block_tokens_equal_plain_tokenisation(text: str) -> None:
    from corpus.ensemble.text_index import BlockTokens, words

    tokens = BlockTokens()
    expected = words(text)
    grams = {tuple(expected[i:i + 3]) for i in range(len(expected) - 2)}  # the n-gram definition
    for _ in range(2):  # the second answer comes from the cache
        assert tokens.words(text) == tuple(expected) and tokens.grams(text) == grams


def test_consuming_extraction_decides_as_the_copying_one(trees) -> None:
    from copy import deepcopy

    from corpus.ensemble import extract_tree

    pruned = 0
    for tree in trees[:15]:
        before = etree.tostring(tree)
        kept = extract_tree(tree, "https://example.test/a", max_date="2024-05-01")
        assert etree.tostring(tree) == before  # the default leaves the page as it was
        own = deepcopy(tree)
        consumed = extract_tree(own, "https://example.test/a", max_date="2024-05-01", consume=True)
        assert consumed == kept
        pruned += etree.tostring(own) != before  # the consuming run pruned the page itself
    assert pruned


def test_consuming_runs_equal_trafilatura_extract(trees) -> None:
    from copy import deepcopy

    for tree in trees[:10]:
        url = "https://example.test/a"
        expected = [extract_text(tree, url, mode) for mode in ("recall", "precision")]
        own = deepcopy(tree)
        runs = TrafilaturaRuns(own, url, consume=True)
        assert [runs.text("recall"), runs.text("precision", last=True)] == expected
        if runs._shared is not None:  # not a forum page: the last run cleaned the shared tree itself
            with pytest.raises(RuntimeError):
                runs.text("recall")


def _reference_blocks(root: etree._Element) -> list[tuple[str, float]]:
    """dom_blocks as first written: characters counted per text piece."""
    from corpus.ensemble.dom_blocks import BLOCK_TAGS, SKIP_TAGS

    blocks, parts, chars, link_chars, links, skip = [], [], 0, 0, 0, 0

    def add(text, in_link):
        nonlocal chars, link_chars
        if text:
            parts.append(text)
            n = len("".join(text.split()))
            chars += n
            link_chars += n if in_link else 0

    def flush():
        nonlocal parts, chars, link_chars
        text = " ".join("".join(parts).split())
        if text:
            blocks.append((text, link_chars / chars if chars else 0.0))
        parts, chars, link_chars = [], 0, 0

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in SKIP_TAGS or not tag:
                skip += 1
                continue
            if tag in BLOCK_TAGS:
                flush()
            links += tag == "a"
            if not skip:
                add(el.text, links > 0)
            continue
        if tag in SKIP_TAGS or not tag:
            skip -= 1
        else:
            links -= tag == "a"
            if tag in BLOCK_TAGS:
                flush()
        if not skip and el is not root:
            add(el.tail, links > 0)
    flush()
    return blocks


_PIECES = st.sampled_from(["<p>", "</p>", "<a href='x'>", "</a>", "<div>", "</div>", "<br>", "<span>",
                           "</span>", "<script>var a;</script>", "<!-- c -->", " ", "\n", "\xa0", "\x1c",
                           "mot ", "lien", "caf\u00e9 ", "  \t", "<li>", "</li>"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_dom_blocks_count_characters_as_the_reference(body: str) -> None:
    import lxml.html

    from corpus.ensemble.dom_blocks import dom_blocks

    root = lxml.html.fromstring(f"<div>{body}x</div>")
    assert [(b.text, b.link_density) for b in dom_blocks(root)] == _reference_blocks(root)


def test_sanitize_reads_element_text_for_its_debug_message_only_when_logged(caplog) -> None:
    import logging

    import lxml.html
    from readability.debug import text_content as upstream_text

    assert Readability.sanitize.__globals__["text_content"] is readability_view._debug_text
    elem = lxml.html.fromstring("<div><p>Some   words\n of a paragraph, long enough to be cut.</p></div>")
    caplog.set_level(logging.INFO, logger="readability.readability")
    assert readability_view._debug_text(elem) == ""
    caplog.set_level(logging.DEBUG, logger="readability.readability")
    assert readability_view._debug_text(elem) == upstream_text(elem) != ""

"""Shortcuts of the ensemble that must answer as the plain computation: the text index's lazy 3-grams,
readability's tag lists and debug descriptions, the trafilatura options template's date parameters."""

from __future__ import annotations

import logging

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html
from readability import Document as ReadabilityDocument

from cleaners.memo import LowerRuns
from corpus.ensemble import readability_view
from corpus.ensemble.readability_view import Readability
from corpus.ensemble.text_index import NGRAM, BlockTokens, TextIndex, words
from corpus.ensemble.trafilatura_runs import _build_options, options_for

_WORDS = st.sampled_from(["the", "The", "force", "Ünité", "d'une", "2024", "x_y", "alliance", "said"])
_TEXTS = st.lists(_WORDS, max_size=7).map(" ".join)


def _plain_support(texts: list[str], block: str) -> float:
    """TextIndex.support written out from its definition, without any memo or shortcut."""
    tokens = words(block)
    if not tokens:
        return 1.0
    if len(tokens) < NGRAM:
        needle = f" {' '.join(tokens)} "
        return 1.0 if any(needle in f" {' '.join(words(t))} " for t in texts) else 0.0
    grams = {tuple(tokens[i:i + NGRAM]) for i in range(len(tokens) - NGRAM + 1)}
    index = {tuple(w[i:i + NGRAM]) for t in texts for w in [words(t)] for i in range(len(w) - NGRAM + 1)}
    return len(grams & index) / len(grams)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, max_size=5), st.lists(_TEXTS, max_size=5))
def test_support_equals_the_plain_computation(texts: list[str], others: list[str]) -> None:
    index = TextIndex(texts, BlockTokens())
    assert index.n_words == sum(len(words(t)) for t in texts)
    for block in texts + others:  # the index's own texts (answered without 3-grams) and others
        assert index.support(block) == _plain_support(texts, block), block


def test_own_texts_need_no_grams() -> None:
    index = TextIndex(["one two three four", "five six"], BlockTokens())
    assert index.support("five six") == 1.0 and index.support("one two three four") == 1.0
    assert index._gathered is None  # not gathered for the index's own texts
    assert index.support("two three four five") == 0.5  # "two three four" is in it, "three four five" not
    assert index._gathered is not None


def test_block_tokens_share_the_page_runs() -> None:
    runs = LowerRuns()
    tokens = BlockTokens(runs)
    assert tokens.words("The Alliance, said X") == ("the", "alliance", "said", "x")
    assert runs.of("The Alliance, said X") is tokens.words("The Alliance, said X")  # one tokenisation


_PAGE = """<html><body><div id="main"><h2 class="x">Title of it</h2><div><p>First paragraph, long enough
to be scored by readability, with some words, commas, and more.</p><p>Second paragraph of the same article,
again with commas, words and a <a href="/x">link</a>.</p><ul><li>a</li><li>b</li></ul></div>
<form><p>Subscribe</p></form><div class="sidebar"><p>Other things</p></div></div></body></html>"""


def test_tags_list_what_findall_lists() -> None:
    tree = html.fromstring(_PAGE)
    doc = Readability(tree)
    for names in (("p",), ("div", "p"), ("h1", "h2", "h3"), ("li", "form"), ("nothing",)):
        expected = [e for name in names for e in tree.findall(f".//{name}")]
        assert list(doc.tags(tree, *names)) == expected
        expected = [e for name in names for e in reversed(tree.findall(f".//{name}"))]
        assert list(doc.reverse_tags(tree, *names)) == expected


def test_summary_equals_upstream_with_and_without_debug_logging(caplog) -> None:
    ours = Readability(html.fromstring(_PAGE)).summary(html_partial=True)
    assert ours == ReadabilityDocument(_PAGE).summary(html_partial=True)
    tree = html.fromstring(_PAGE)
    assert readability_view._describe(tree) == ""  # debug logging off: nothing described
    with caplog.at_level(logging.DEBUG, logger="readability.readability"):
        assert readability_view._describe(tree) != ""
        assert Readability(html.fromstring(_PAGE)).summary(html_partial=True) == ours
    assert any("Top 5" in r.getMessage() and "div" in r.getMessage() for r in caplog.records)


def test_options_date_params_are_the_constructors_keys() -> None:
    built, ours = _build_options("recall"), options_for("recall", "https://example.test/a")
    assert set(ours.date_params) == set(built.date_params)
    assert {k: v for k, v in ours.date_params.items() if k != "max_date"} == {
        k: v for k, v in built.date_params.items() if k != "max_date"}
    assert ours.date_params is not options_for("recall", "https://example.test/a").date_params  # fresh


def test_options_copy_holds_the_same_slot_values_as_copy_copy() -> None:
    from copy import copy

    from corpus.ensemble.trafilatura_runs import _SLOTS, _shallow_copy

    template = _build_options("precision")
    ours, theirs = _shallow_copy(template), copy(template)
    assert type(ours) is type(theirs) and len(_SLOTS) > 10
    for name in _SLOTS:
        assert getattr(ours, name) is getattr(theirs, name), name


def test_templates_follow_config_changes() -> None:
    from trafilatura.settings import DEFAULT_CONFIG

    old = DEFAULT_CONFIG["DEFAULT"]["MIN_EXTRACTED_SIZE"]
    try:
        DEFAULT_CONFIG["DEFAULT"]["MIN_EXTRACTED_SIZE"] = str(int(old) + 7)
        assert options_for("recall", None).min_extracted_size == int(old) + 7
    finally:
        DEFAULT_CONFIG["DEFAULT"]["MIN_EXTRACTED_SIZE"] = old
    assert options_for("recall", None).min_extracted_size == int(old)


def test_classed_elements_are_those_with_a_class_or_id() -> None:
    from corpus.ensemble.readability_view import _CLASSED

    tree = html.fromstring(
        '<html><body><div class="">a<p id="x">b</p><span class=" ">c</span><!-- k --><b id="">d</b>'
        '<i class="y" id="">e</i></div></body></html>')
    expected = [e for e in tree.iterdescendants() if e.get("class") or e.get("id")]
    assert _CLASSED(tree) == expected and [e.tag for e in expected] == ["p", "span", "i"]

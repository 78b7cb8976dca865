"""corpus.extraction.trafilatura_sequence.sequence returns what trafilatura_sequence returns."""

from __future__ import annotations

import gzip
from copy import deepcopy
from pathlib import Path

import pytest
from lxml import etree
from trafilatura import core
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.settings import Extractor as TrafilaturaOptions

from corpus.extraction import trafilatura_sequence as ts
from corpus.extraction.parse import parse_page

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / "html"
PARAGRAPH = "<p>" + "Allied ministers met in Brussels to discuss the alliance's posture. " * 4 + "</p>"
FORUM = ('<script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script>')
SYNTHETIC = {
    # comment boxes and lists pruned from the raw tree; an infinite-scroll box; a share bar
    "pruned": (f"<article>{PARAGRAPH * 3}<div id='comments'>{PARAGRAPH}</div>"
               f"<ul class='comment-list'><li>{PARAGRAPH}</li></ul></article>"
               f"<div class='infinite-scroll'><h2>Next</h2>{PARAGRAPH}</div>"
               "<section class='elementor-share-buttons'>share</section>"),
    # a forum thread: comment containers are content, not pruned
    "forum": f"{FORUM}<div class='comments'>{PARAGRAPH * 2}</div><div>{PARAGRAPH}</div>",
    # little text: the baseline rescue and the recall escalation run
    "short": "<div><span>Short note.</span></div><nav>" + "<a href='/x'>link</a>" * 30 + "</nav>",
    # a short article on a page of other text: the recall escalation runs
    "escalation": (f"<article>{PARAGRAPH * 2}</article><div class='sidebar'>"
                   + "<p>Unrelated sidebar words here and there.</p>" * 80 + "</div>"),
    "teaser": (f"<div class='main'><div>{PARAGRAPH[:120]}</p></div></div>"
               + "<aside><p>" + "Unrelated sidebar words here. " * 40 + "</p></aside>"),
}


def options(*, fast: bool = True, comments: bool = False, focus: str = "balanced") -> TrafilaturaOptions:
    return TrafilaturaOptions(
        config=DEFAULT_CONFIG, output_format="python", fast=fast, precision=focus == "precision",
        recall=focus == "recall", comments=comments, formatting=None, links=False, images=False, tables=True,
        dedup=False, lang=None, url=None, with_metadata=False, only_with_metadata=False,
        author_blacklist=None,
        url_blacklist=None, date_params=None,
    )


def outputs(result: tuple) -> tuple:
    body, text, comments, comment_text = result
    return etree.tostring(body), text, etree.tostring(comments), comment_text


def same_as_trafilatura(tree: etree._Element, opts: TrafilaturaOptions) -> None:
    ours, theirs = deepcopy(tree), deepcopy(tree)
    assert outputs(ts.sequence(ours, opts, "https://example.test/a")) == outputs(
        core.trafilatura_sequence(theirs, opts, "https://example.test/a"))
    assert etree.tostring(ours) == etree.tostring(theirs)  # the page is pruned in place the same way


def test_the_installed_trafilatura_is_mirrored() -> None:
    assert ts.MIRRORS_INSTALLED
    assert ts.mirrored(options())
    assert not ts.mirrored(options(fast=False))
    assert not ts.mirrored(options(comments=True))
    assert not ts.mirrored(options(focus="precision"))


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_synthetic_pages(name: str) -> None:
    tree = parse_page(f"<html><head><title>t</title></head><body>{SYNTHETIC[name]}</body></html>")
    assert tree is not None
    same_as_trafilatura(tree, options())


def test_the_escalation_page_is_retried(monkeypatch) -> None:
    retried = []
    real = core._recall_retry
    monkeypatch.setattr(core, "_recall_retry", lambda *a: retried.append(a) or real(*a))
    ts.sequence(parse_page(f"<html><body>{SYNTHETIC['escalation']}</body></html>"), options(), None)
    assert len(retried) == 1


def test_the_raw_tree_is_pruned() -> None:
    tree = parse_page(f"<html><body>{SYNTHETIC['pruned']}</body></html>")
    ts.sequence(tree, options(), None)
    assert tree.find(".//ul") is None and tree.find(".//section") is None
    assert tree.find(".//article") is not None


def test_other_options_go_through_trafilatura(monkeypatch) -> None:
    tree = parse_page(f"<html><body>{SYNTHETIC['pruned']}</body></html>")
    calls = []
    real = core.trafilatura_sequence
    monkeypatch.setattr(core, "trafilatura_sequence", lambda *a: calls.append(a) or real(*a))
    for opts in (options(fast=False), options(comments=True), options(focus="precision")):
        ts.sequence(deepcopy(tree), opts, None)
    assert len(calls) == 3
    ts.sequence(deepcopy(tree), options(), None)
    assert len(calls) == 3


@pytest.mark.slow
def test_real_pages() -> None:
    pages = sorted(BENCH.glob("*.html.gz"))[::4]
    assert len(pages) >= 40
    for page in pages:
        tree = parse_page(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))
        if tree is not None:
            same_as_trafilatura(tree, options())

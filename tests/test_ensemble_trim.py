"""The collapsed-text shortcut (corpus.ensemble.trim) and the code that uses it give what they stand for:
trafilatura's ``trim``, readability's ``clean``, the block splitting of ``dom_blocks`` (against a plain
reference: split, join, count), and trafilatura's content extraction bound to our ``trim``."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from readability.readability import clean as readability_clean
from trafilatura import htmlprocessing, main_extractor
from trafilatura.utils import trim as trafilatura_trim

from corpus.decode import decode_html
from corpus.ensemble import readability_view, sections
from corpus.ensemble import trim as trim_module
from corpus.ensemble.dom_blocks import BLOCK_TAGS, SKIP_TAGS, dom_blocks
from corpus.ensemble.readability_view import Readability
from corpus.ensemble.trim import is_collapsed, trim
from corpus.extraction.parse import parse_fragment, parse_page
from tests.scoring import load_pages

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction"
# white space of every kind, printable and not, and the characters around it
SPACES = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2009", "\u2028", "\u3000"]
PIECES = [*SPACES, "  ", " " * 260, "a", "word", "é", "Ж", "字", "\U0001f600", "-", ".",
          "\x00", "\x07", "\ufeff"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


def real_texts() -> list[str]:
    texts = [p.html for p in load_pages()]
    if BENCH.exists():
        keys = sorted(json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8")))[::3]
        texts += [decode_html(gzip.decompress((BENCH / "html" / f"{k}.html.gz").read_bytes())).text
                  for k in keys]
    return texts


@pytest.fixture(scope="module")
def trees() -> list[etree._Element]:
    return [t for t in (parse_page(text) for text in real_texts()) if t is not None]


def test_the_only_printable_white_space_is_the_ascii_space() -> None:
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()]
    assert spaces == [" "]


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_trim_equals_trafilatura_trim(text: str) -> None:
    assert trim(text) == trafilatura_trim(text)
    assert is_collapsed(text) <= (" ".join(text.split()) == text)  # never claims a text that is not
    assert readability_view.clean(text) == readability_clean(text)


def test_trim_on_real_text_and_odd_inputs(trees) -> None:
    assert trim_module.MIRRORS_INSTALLED and trim is trim_module._trim
    texts = [t for tree in trees[:20] for t in tree.itertext()]
    assert len(texts) > 1000 and sum(map(is_collapsed, texts)) > 100  # the shortcut is taken, and not always
    for text in texts:
        assert trim(text) == trafilatura_trim(text)
        assert readability_view.clean(text) == readability_clean(text)
    for odd in (None, 3, b"a b"):
        assert trim(odd) == trafilatura_trim(odd) == ""
    smart = etree.fromstring("<p>a b</p>").xpath("//text()")[0]  # a str subclass: trafilatura's own code
    assert type(trim(smart)) is str and trim(smart) == "a b"


def _reference_blocks(root: etree._Element) -> list[tuple[str, float]]:
    """dom_blocks by its definition: text nodes joined per block, split and rejoined, link characters
    counted without white space (recursive; the test trees are shallow enough)."""
    blocks: list[tuple[str, float]] = []
    parts: list[tuple[str, bool]] = []

    def close() -> None:
        words = "".join(t for t, _ in parts).split()
        if words:
            linked = sum(len("".join(t.split())) for t, in_link in parts if in_link)
            blocks.append((" ".join(words), linked / len("".join(words))))
        parts.clear()

    def walk(el: etree._Element, in_link: bool) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None or tag in SKIP_TAGS:
            return
        block, in_link = tag in BLOCK_TAGS, in_link or tag == "a"
        if block:
            close()
        if el.text:
            parts.append((el.text, in_link))
        for child in el:
            walk(child, in_link)
            if child.tail:
                parts.append((child.tail, in_link))
        if block:
            close()

    walk(root, False)
    close()
    return blocks


def test_dom_blocks_match_the_reference_on_real_pages(trees) -> None:
    checked = 0
    for tree in trees:
        summary = parse_fragment(Readability(tree).summary(html_partial=True))
        for root in (summary, tree.find("body")):
            if root is not None:
                assert [(b.text, b.link_density) for b in dom_blocks(root)] == _reference_blocks(root)
                checked += 1
    assert checked > 50


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["p", "a", "b", "div", "script", "br", "SPAN", "A"]), TEXT, TEXT),
                max_size=8))
def test_dom_blocks_match_the_reference_on_generated_trees(spec) -> None:
    root = etree.Element("div")
    parent = root
    for tag, text, tail in spec:
        clean = "".join(c for c in text + tail if c not in "\x00\x07\x0b\x0c\x1c\ufeff\r")
        el = etree.SubElement(parent, tag)
        el.text, el.tail = clean[:len(clean) // 2] or None, clean[len(clean) // 2:] or None
        parent = el if tag in ("a", "b", "div", "A") else parent
    assert [(b.text, b.link_density) for b in dom_blocks(root)] == _reference_blocks(root)


def test_content_extraction_runs_trafilatura_code_with_our_trim() -> None:
    namespace = sections._namespace()
    assert namespace["trim"] is trim
    for name in ("handle_paragraphs", "handle_textelem", "recover_wild_text", "_elem_text"):
        function = namespace[name]
        assert function.__code__ is getattr(main_extractor, name).__code__
        assert function.__globals__ is namespace
    process_node = namespace["process_node"]
    assert process_node.__code__ is htmlprocessing.process_node.__code__
    assert process_node.__globals__["trim"] is trim
    assert vars(main_extractor)["trim"] is trafilatura_trim  # trafilatura's modules are left as they are
    assert vars(htmlprocessing)["trim"] is trafilatura_trim

"""corpus.ensemble.text_output: trafilatura's text output with the printable-lines shortcut of ``sanitize``
returns what trafilatura's own ``determine_returnstring`` / ``sanitize`` return."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from trafilatura import core
from trafilatura import xml as trafilatura_xml
from trafilatura.utils import sanitize as trafilatura_sanitize

from corpus.ensemble import text_output
from corpus.ensemble.trafilatura_runs import TrafilaturaRuns, extract_text
from corpus.extraction.parse import parse_page
from tests.scoring import load_pages

PIECES = ["a", "word", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\x0b", "\x85", "\u2028", "\u2424", "&",
          "&nbsp;", "&#10;", "&#13;", "\x00", "\x07", "\xa0", "é", "Ж", "\U0001f600", "\ufeff"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join), st.booleans(), st.booleans())
def test_sanitize_equals_trafilatura_sanitize(text: str, preserve_space: bool, trailing_space: bool) -> None:
    assert text_output.sanitize(text, preserve_space, trailing_space) == trafilatura_sanitize(
        text, preserve_space, trailing_space)


def test_sanitize_on_odd_inputs() -> None:
    assert text_output.sanitize(None, True) is trafilatura_sanitize(None, True) is None  # type: ignore[arg-type]


def test_text_output_is_trafilaturas_code_with_our_sanitize() -> None:
    assert text_output.MIRRORS_INSTALLED
    ours = text_output.determine_returnstring
    assert ours.__code__ is core.determine_returnstring.__code__
    xmltotxt = ours.__globals__["xmltotxt"]
    assert xmltotxt.__code__ is trafilatura_xml.xmltotxt.__code__
    assert xmltotxt.__globals__["sanitize"] is text_output.sanitize
    assert vars(trafilatura_xml)["sanitize"] is trafilatura_sanitize  # trafilatura's module is left as is


def test_runs_still_return_trafilatura_extract_text() -> None:
    for page in load_pages():
        tree = parse_page(page.html)
        runs = TrafilaturaRuns(tree, "https://example.test/a")
        for mode in ("recall", "precision"):
            assert runs.text(mode) == extract_text(tree, "https://example.test/a", mode)

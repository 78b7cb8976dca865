"""The table normalization of a text's lines (corpus.stages.foldtable) against CCNet's step-by-step
definition: every BMP character alone, combining sequences, random texts, and the texts it declines."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.stages.foldtable import build_table, fold_lines
from corpus.stages.textnorm import normalize_lines


def definition(text: str) -> str:
    """CCNet's normalize_line, step by step (as in tests/test_stages_equivalence.py)."""
    text = re.sub(r"[\u0300-\u036f]", "", unicodedata.normalize("NFD", text.casefold()))
    text = re.sub(r"\d", "0", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _bmp_chars() -> list[str]:
    return [chr(c) for c in range(0x10000) if c != 10 and not 0xD800 <= c <= 0xDFFF]


def test_every_bmp_character_alone_is_normalized_as_the_definition_does():
    chars = _bmp_chars()
    lines = fold_lines("\n".join(chars))
    assert lines is not None and len(lines) == len(chars)
    wrong = [hex(ord(c)) for c, got in zip(chars, lines, strict=True) if got != definition(c)]
    assert wrong == []


def test_no_kept_non_starter_is_a_word_character():
    """NFD reorders non-starters; the table ignores that because each one is stripped or a space."""
    bad = [hex(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF
           and unicodedata.combining(chr(c)) and not 0x300 <= c <= 0x36F
           and (chr(c).isalnum() or chr(c) == "_")]
    assert bad == []


# letters that casefold or decompose to several characters, marks of different combining classes (so NFD
# reorders them), stripped marks, digits of other scripts, Unicode spaces, punctuation and "_"
PIECES = st.sampled_from(
    list("aZ9 _.,'-\t\r\x0b\x1c") + list("éÉßﬁİΣςЖё한각") + ["\u0301", "\u0327", "\u05b0", "\u0e38", "\u0345",
                                                           "\u0323\u0302", "\u034f", "\u1dc0"]
    + list("٣０²½") + ["\xa0", "\u2009", "\u3000", "\u2028", "\x85", "\u2019", "«", "\n", "\n\n"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_random_texts_match_the_definition_line_by_line(text):
    assert fold_lines(text) == [definition(line) for line in text.split("\n")]


@pytest.mark.parametrize("text", ["", "\n", " ", " \n ", "a\n", "\nb", "  a  b  \n\n c ", "\u0301",
                                  "\u0301\n"])
def test_edges(text):
    assert fold_lines(text) == [definition(line) for line in text.split("\n")]


@pytest.mark.parametrize("text", ["emoji \U0001f600 here", "lone \ud800 surrogate", "\U00010400"])
def test_texts_beyond_the_plane_are_declined_and_normalized_line_by_line(text):
    assert fold_lines(text) is None
    assert normalize_lines(text + "\nÉté") == [definition(line) for line in (text + "\nÉté").split("\n")]


def test_the_table_is_a_pure_function_of_the_unicode_database():
    a, b = build_table(), build_table()
    assert (a.one == b.one).all() and (a.wide == b.wide).all()
    assert a.one.nbytes + a.wide.nbytes < 2 << 20

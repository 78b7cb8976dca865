"""Word counts from code point tables (corpus.stages.wordcount) against the words themselves."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.document import Document
from corpus.stages.quality import QualityFilter, QualityOptions, alpha_words
from corpus.stages.wordcount import build_classes, word_counts

LETTER = re.compile(r"[^\W\d_]")


def definition(text: str) -> tuple[int, int]:
    words = re.findall(r"\S+", text)
    return len(words), sum(1 for w in words if LETTER.search(w))


def test_tables_agree_with_str_and_the_regex_on_every_bmp_code_point():
    c = build_classes()
    chars = [chr(k) for k in range(0x10000)]
    assert [k for k, ch in enumerate(chars) if bool(c.space[k]) != ch.isspace()] == []
    assert [k for k, ch in enumerate(chars) if bool(c.letter[k]) != bool(LETTER.fullmatch(ch))] == []
    # every whitespace character is in the plane (so a character beyond it never splits words)
    assert not any(chr(k).isspace() for k in range(0x10000, 0x110000))


PIECES = st.sampled_from(list("ab9_.,'- \t\n\r\x0b\x0c\x1c\x1f") + list("éßЖ한٣²½Ⅻ")
                         + ["\xa0", "\u2009", "\u3000", "\u2028", "\x85", "\u200b", "\u0301", "\ufeff"]
                         + ["\U0001f600", "\U00010400", "\U0001d400", "\U0001d7ce", "\U00020000"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=50).map("".join))
def test_counts_equal_the_split_words(text):
    words = text.split()
    assert word_counts(text) == definition(text) == (len(words), alpha_words(words))


@pytest.mark.parametrize("text", ["", " ", "\n\n", "a", " a ", "1 2 3", "x1 22 _ é"])
def test_edges(text):
    assert word_counts(text) == definition(text)


def test_a_lone_surrogate_is_declined_and_the_filter_splits_instead():
    text = "word \ud800 " * 30
    assert word_counts(text) is None
    qf = QualityFilter(QualityOptions(min_words=50, min_alpha_word_ratio=0.5), {})
    assert qf.reason(Document("https://x.test/a", text)) is None  # 60 words, half with letters
    assert qf.reason(Document("https://x.test/b", "\ud800 " * 40 + "word " * 20)) == "non_letters"

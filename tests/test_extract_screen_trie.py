"""corpus.extraction.screen.literals_pattern: the trie-shaped alternation is found in a text exactly when
one of its strings is in it (what the plain alternation of the escaped strings answers)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.ensemble.sections import SCREENS
from corpus.extraction.screen import literals_pattern

CHARS = st.sampled_from(list("abAB .*|()[]?+\\-é"))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(CHARS, max_size=4), max_size=6), st.text(CHARS, max_size=12))
def test_trie_pattern_finds_what_the_alternation_finds(strings: list[str], text: str) -> None:
    plain = re.compile("|".join(map(re.escape, strings)))
    found = bool(re.search(literals_pattern(strings), text))
    assert found == bool(plain.search(text))
    assert found == (any(s in text for s in strings) or not strings)


def test_trie_pattern_on_the_screens_needles() -> None:
    values = ["sidebar-left", "nav navbar", "Navigation", "ad-slot", "x ad y", "footer", "content", "",
              "main article-body", "share-buttons", "dfpAd", "comments-title", "hidden-xs", "taboola-feed"]
    for screen in SCREENS.values():
        for _, strings in screen.needles:
            plain = re.compile("|".join(map(re.escape, strings)))
            trie = re.compile(literals_pattern(strings))
            assert [bool(trie.search(v)) for v in values] == [bool(plain.search(v)) for v in values]

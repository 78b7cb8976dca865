"""Cleaning-stage shortcuts compared with the plain form they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.stages.off_language import FUNCTION_WORDS, _clearly

_WORDS = sorted(FUNCTION_WORDS["fr"] | FUNCTION_WORDS["en"]) + ["nato", "alliance", "x", "a", "on"]


def _plain_clearly(lang: str, tokens: list[str], minimum: int) -> bool:
    """The loop the stage used: False at the first function word of the other language."""
    own_words = FUNCTION_WORDS[lang]
    other_words = frozenset().union(*(w for lg, w in FUNCTION_WORDS.items() if lg != lang))
    own = 0
    for t in tokens:
        if t in other_words:
            return False
        if t in own_words:
            own += 1
    return own >= minimum


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(sorted(FUNCTION_WORDS)), st.lists(st.sampled_from(_WORDS), max_size=30),
       st.integers(0, 5))
def test_clearly_equals_the_plain_loop(lang: str, tokens: list[str], minimum: int) -> None:
    assert _clearly(lang, tokens, minimum) == _plain_clearly(lang, tokens, minimum)

"""The cheaper computations of the cleaners give the answers of the plain ones they replace: folded
regexes (case-sensitive on lower-cased text) against the case-insensitive originals, word heads,
lower-cased words, unglue with its count, white-space normalization."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import features as F
from cleaners.folded import _safe_char, fold, lowered
from cleaners.memo import TextFeatures
from cleaners.prefilter import _lowers_alike, word_heads
from cleaners.stages import caption, navigation, social

FOLDED = [navigation._LABEL_RE, navigation._SITE_NOTICE_RE, social._NETWORK_RE, social._PROMPT_RE,
          social._STRONG_RE, social._SHARE_FILLER_RE, caption._AGENCY_RE, caption._AGENCY_OR_CREDIT_RE,
          caption._ILLUSTRATION_RE]
_PIECES = ["Facebook", "TWITTER", "share on", "Partager", "Suivez-nous", "AFP", "Getty Images", "photo",
           "Retour en haut", "OK", "opens in a new tab", "S'ouvre dans une nouvelle fenêtre", "İnbox",
           "ſhare", "ınfo", "µ", "Μ", "ß", "ẞ", "K", "Привет", "É", "é", "’", "'", " ", " ", ", ", ". ",
           "|", "-", "_", "3", "@nato", "Photo d’illustration", "(Reuters)", "X", "x"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


def test_every_stage_regex_has_a_twin() -> None:
    assert all(fold(p).lower is not None for p in FOLDED)  # otherwise the speed-up silently vanishes


def test_unsafe_patterns_keep_the_case_insensitive_regex() -> None:
    assert fold(re.compile("µm", re.I)).lower is None  # "Μ" lower-cases to "μ", which "µ" also matches
    assert fold(re.compile("(?-i:[A-Z])x", re.I)).lower is None
    assert fold(re.compile(r"(a)\1", re.I)).lower is None
    assert fold(re.compile("abc")).lower is None  # not case-insensitive: nothing to fold
    assert lowered("İnbox") is None and lowered("ſhare") is None and lowered("Share") == "share"


def test_safe_characters_match_exactly_their_lower_case_images() -> None:
    """For every character a twin may name and every character of a text that may be lowered (all of
    Unicode), the case-insensitive regex matches it exactly when its lower case is that character."""
    alike = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and _lowers_alike(chr(c)))
    low = alike.lower()
    assert len(low) == len(alike)
    safe = [c for c in (*range(0x100), *range(0x2000, 0x2070)) if _safe_char(c)]
    assert len(safe) > 250 and not _safe_char(0xB5)
    for code in safe:
        p = re.escape(chr(code))
        plain = [m.start() for m in re.finditer(p, alike, re.IGNORECASE)]
        assert plain == [m.start() for m in re.finditer(p, low)], hex(code)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts)
def test_twins_find_the_same_matches(text: str) -> None:
    low = lowered(text)
    for pattern in FOLDED:
        twin, target = fold(pattern).on(text, low)
        assert [m.span() for m in twin.finditer(target)] == [m.span() for m in pattern.finditer(text)], text
        assert twin.sub(" ", target).lower() == pattern.sub(" ", text).lower()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts)
def test_memo_shortcuts_match_the_plain_computations(text: str) -> None:
    f = TextFeatures()
    assert f.lower_words(text) == [w.lower() for w in F.words(text)]
    assert f.unglue(text) == F.unglue(text) and f.glue_points(text) == len(F.GLUE_RE.findall(text))
    assert F.norm_space(text) == re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    heads = word_heads(text)
    if heads is not None:
        longest = set(re.findall(r"\b(?=(\w.{0,5}))", text.lower(), re.S))
        assert heads == frozenset().union(*({h[:k] for h in longest if len(h) >= k} for k in (4, 5, 6)))
    assert f.starts(text) == heads
    assert F.unquoted(text) == re.sub(r"«[^»]*»|“[^”]*”|\"[^\"]*\"", " ", text)

"""The word-run pre-screen of the vocabulary regexes (cleaners.runscreen) and the shared tokenisation of
the text memo (cleaners.memo): exact shortcuts, so each is compared with the plain computation."""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.features import WORD_RE, word_runs, words
from cleaners.folded import lowered
from cleaners.memo import LowerRuns, TextFeatures
from cleaners.prefilter import lowers_alike_everywhere
from cleaners.runscreen import RunScreen, required_runs
from cleaners.stages import account, consent, region, social
from cleaners.vocabulary import Vocabulary

SHARED = Path(__file__).resolve().parents[2] / "shared"
VOCABULARIES = sorted(
    {id(v): v for m in (account, consent, region, social) for v in vars(m).values()
     if isinstance(v, Vocabulary)}.values(), key=lambda v: v.strong_fragments)


def _texts_of_fragments() -> list[str]:
    """Texts made of the vocabularies' own words (regex syntax blanked out), so most of them match."""
    out = []
    for v in VOCABULARIES:
        for fragment in v.strong_fragments + v.weak_fragments:
            bare = re.sub(r"\\[wdsb][*+]?|[\\()?:|\[\]*+{}]", " ", fragment)
            out += [bare, f"Le {bare}.", f"{bare.upper()} here", f"x{bare}", f"{bare}s and more"]
    return out


def _benchmark_lines(limit: int = 60) -> list[str]:
    import lxml.html

    pages = sorted((SHARED / "benchmarks" / "article-extraction" / "html").glob("*.html.gz"))[:limit]
    lines = []
    for page in pages:
        text = lxml.html.fromstring(gzip.decompress(page.read_bytes())).text_content()
        lines += [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines


def _assert_screen_exact(texts: list[str]) -> int:
    """may_have_cue / may_have_strong answer the same with the screen as without; returns how many
    answers the screen settled without the regex."""
    ruled_out = 0
    for text in texts:
        low = lowered(text)
        if low is None:
            continue
        runs = word_runs(low)
        for v in VOCABULARIES:
            for name in ("may_have_cue", "may_have_strong"):
                plain = getattr(v, name)(text, low)
                screened = getattr(v, name)(text, low, runs)
                assert plain == screened, (name, v.strong_fragments[:2], text[:120])
            ruled_out += not v.any_runs.may_match(runs, low)
    return ruled_out


def test_required_runs_of_simple_fragments() -> None:
    assert required_runs("we use") == {frozenset({"we", "use"})}
    assert required_runs("cookies?") == {frozenset({"cookie"}), frozenset({"cookies"})}
    # "\d*" may glue digits to "partners" ("our 12partners"): that run is then not known whole
    found = required_runs(r"our \d* ?partners")
    assert frozenset({"our", "partners"}) in found and frozenset({"our"}) in found
    assert required_runs(r"j['’]accepte") == {frozenset({"j", "accepte"})}
    assert required_runs(r"(?:a|b)\w+") == {frozenset()}  # only pieces: no whole run


def test_screen_rules_out_only_texts_without_the_runs() -> None:
    screen = RunScreen.of(["we use", r"download\w*"])
    assert not screen.open
    assert screen.may_match(frozenset({"we", "use", "it"}), "we use it")
    assert not screen.may_match(frozenset({"we", "used", "it"}), "we used it")
    assert screen.may_match(frozenset({"downloads"}), "downloads")  # the piece is a substring
    assert RunScreen.of([r"\d+ comments?", "©"]).open  # a way that spells out no run or piece


def test_screen_is_exact_on_vocabulary_texts() -> None:
    texts = _texts_of_fragments()
    _assert_screen_exact(texts)


@pytest.mark.slow
def test_screen_is_exact_on_real_lines() -> None:
    lines = _benchmark_lines()
    assert len(lines) > 2000
    ruled_out = _assert_screen_exact(lines)
    assert ruled_out > len(lines)  # it settles most answers (several vocabularies per line)


_ALPHABET = st.sampled_from([*"abcdefgijklmnoprstuvwyzéèàç ' -’.,:!?0123456789_ΣσςİıſK", "\u00a0", "\n"])
_PIECES = [w for v in VOCABULARIES for f in v.strong_fragments[:20] for w in re.findall(r"[a-zéèàç]+", f)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(_ALPHABET, max_size=6)), max_size=14))
def test_screen_is_exact_on_generated_texts(parts: list[str]) -> None:
    _assert_screen_exact([" ".join(parts), "".join(parts)])


@pytest.mark.slow
def test_lowered_words_are_the_lower_cased_words_for_every_character() -> None:
    """Every character whose lower case stands for case folding is a letter, digit, word separator
    (' ’ -) exactly when its lower case is: the words of the lowered text are at the same places."""
    letter, separator = re.compile(r"[^\W\d_]"), re.compile(r"['’\-]")
    digit, word = re.compile(r"\d"), re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if not lowers_alike_everywhere(ch):
            continue
        low = ch.lower()
        assert len(low) == 1, hex(code)
        for pattern in (letter, separator, digit, word):
            assert bool(pattern.match(ch)) == bool(pattern.match(low)), hex(code)


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=40))
def test_memo_words_match_the_plain_functions(text: str) -> None:
    f = TextFeatures()
    expected = [w.lower() for w in words(text)]
    assert f.lower_words(text) == expected
    assert f.n_words(text) == len(expected)
    low = lowered(text)
    assert f.runs(text) == (None if low is None else word_runs(low))


def test_final_sigma_takes_the_plain_path() -> None:
    text = "ΟΔΟΣ.Α"  # str.lower writes σ here (a letter follows the full stop), ς in the word alone
    assert lowered(text) is not None
    assert WORD_RE.findall(lowered(text)) != [w.lower() for w in words(text)]
    assert TextFeatures().lower_words(text) == [w.lower() for w in words(text)]


def test_shared_tokens_give_the_same_runs() -> None:
    tokens = LowerRuns()
    text = "Nous utilisons des COOKIES, dit-il : l'été 2024"
    assert tokens.of(text) == tuple(re.findall(r"\w+", text.lower()))
    f = TextFeatures(tokens)
    assert f.runs(text) == word_runs(lowered(text))
    assert TextFeatures(tokens).runs("İstanbul") is None  # no lowered form: no runs, tokens or not

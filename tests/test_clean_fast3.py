"""Round 6 shortcuts of the cleaners, each compared with the plain computation it replaces: vocabularies
built on first use (a sum shares its parts' cues), the reader-address and site-voice screens on the
runs of the whole text (quotations included), word tokenisation with the letter class as BMP ranges."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import features as F
from cleaners.bmp import BMP_END, bmp_class, bmp_only, letter, word_char
from cleaners.folded import fold, lowered
from cleaners.memo import LowerRuns, TextFeatures
from cleaners.prefilter import _lowers_alike, fold_profile
from cleaners.stages import caption
from cleaners.stages.account import ACCOUNT_CUES
from cleaners.stages.consent import _BUTTON_CUES, CONSENT_CUES
from cleaners.stages.region import INTERFACE_CUES
from cleaners.vocabulary import Vocabulary, _word_re
from tests.scoring import seed_lines
from tests.test_clean_runscreen import _benchmark_lines

SEED_LINES = seed_lines()
# quotation marks, reader-address and site-voice words, imperatives, and characters whose lower case
# is special (final sigma, dotted I, long s) or that are no word characters
_PIECES = ["«", "»", "“", "”", '"', " ", ", ", ". ", ": ", "vous", "Vous", "you", "YOUR", "tu", "nous", "We",
           "our", "Cliquez", "cliquez", "Abonnez-vous", "chez", "assez", "Read", "read", "click", "Sign",
           "was", "is", "the", "Σ", "ΑΣ", "σ", "İ", "ſ", "K", "é", "É", "3", "_", "-", "’", "x", "Le", "said"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=16).map("".join)


def _check_voice(text: str) -> None:
    f = TextFeatures()
    assert f.addresses_reader(text) == F.addresses_reader(text), text
    assert f.speaks_as_site(text) == F.speaks_as_site(text), text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts)
def test_voice_screens_answer_as_the_regexes(text: str) -> None:
    _check_voice(text)


def test_voice_screens_on_quoted_examples() -> None:
    for text in ('Il a dit « vous verrez » hier.', 'He said "read this" then left.', '« Cliquez ici »',
                 'Nous avons « tout » vu.', '“We” are here', 'Texte. Cliquez « ici » maintenant',
                 'He came. "Read" was the word', 'ΑΣ « vous » ΣΑ', 'chez nous', 'the "you" and "our"'):
        _check_voice(text)
    f = TextFeatures()
    assert not f.addresses_reader('Il a dit « vous verrez » hier.')  # the quotation is not the reader
    assert f.addresses_reader('Vous verrez « ceci ».') and f.speaks_as_site("Nos équipes « ici »")


@pytest.mark.skipif(not SEED_LINES, reason="seeds not available")
def test_voice_screens_on_real_paragraphs() -> None:
    lines = SEED_LINES + _benchmark_lines(40)
    quoted = [ln for ln in lines if F.unquoted(ln) != ln]
    assert len(quoted) > 20  # paragraphs with quotations, where the screens stand for the unquoted runs
    addressed = 0
    for line in lines:
        _check_voice(line)
        addressed += F.addresses_reader(line)
    assert addressed > 10


def test_a_sum_of_vocabularies_shares_its_parts_cues() -> None:
    ids = {id(c) for c in CONSENT_CUES.cues + ACCOUNT_CUES.cues}
    assert all(id(c) in ids for c in INTERFACE_CUES.cues)
    n = len(CONSENT_CUES.strong_fragments)
    assert INTERFACE_CUES.cues[:n] == CONSENT_CUES.cues[:n]  # strong ones first, in order
    weights = [c.weight for c in INTERFACE_CUES.cues]
    assert weights == sorted(weights, reverse=True)
    with pytest.raises(ValueError):
        Vocabulary(["a"], ["b"], cues=CONSENT_CUES.cues[:2])


_VOCAB_PIECES = ["cookies", "Cookie", "tout accepter", "mot de passe", "se connecter", "Créer un compte",
                 "newsletter", "we use", "vous", "partenaires", "accept", "İnbox", "ſubscribe", " ", ", ",
                 ". "]


_WHOLE = Vocabulary(CONSENT_CUES.strong_fragments + ACCOUNT_CUES.strong_fragments,
                    CONSENT_CUES.weak_fragments + ACCOUNT_CUES.weak_fragments)  # its own cues


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(_VOCAB_PIECES), max_size=12).map("".join))
def test_a_sum_answers_as_a_vocabulary_built_from_its_fragments(text: str) -> None:
    whole = _WHOLE
    low, runs = lowered(text), F.word_runs(text.lower())
    for v in (INTERFACE_CUES, whole):
        assert v.found(text) == whole.found(text)
        assert v.strong(text) == whole.strong(text)
        assert v.may_have_strong(text, low, runs) == bool(whole.any_strong.search(text))
        assert v.may_have_cue(text, low, runs) == bool(whole.any_cue.search(text))


def test_lazy_parts_are_the_plain_regexes() -> None:
    for v in (CONSENT_CUES, ACCOUNT_CUES, INTERFACE_CUES, _BUTTON_CUES):
        assert v.any_folded.lower is not None  # the grouped twin
        every = "|".join(v.strong_fragments + v.weak_fragments)
        assert v.any_folded.pattern.pattern == _word_re(every).pattern
        assert v.strong_folded.pattern.flags & re.IGNORECASE
        for cue in v.cues[:5]:
            assert cue.pattern.pattern == _word_re(cue.fragment).pattern
    folded = fold(re.compile("(?<!\\w)(?:K)(?!\\w)", re.IGNORECASE))  # "K" ~ Kelvin sign: no twin
    assert folded.lower is None and folded.pattern.search("k")


@pytest.mark.parametrize(("member", "category"), [(letter, r"[^\W\d_]"), (word_char, r"\w")],
                         ids=["letter", "word_char"])
def test_bmp_class_is_its_category_class_on_every_bmp_code_point(member, category: str) -> None:
    """The spelled-out ranges of the letter class and of ``\\w`` match exactly the BMP code points the
    category classes match."""
    spelled, plain = re.compile(f"[{bmp_class(member)}]"), re.compile(category)
    differing = [c for c in map(chr, range(BMP_END + 1))
                 if (spelled.match(c) is None) != (plain.match(c) is None)]
    assert differing == []


def test_bmp_letter_class_samples() -> None:
    spelled = re.compile(f"[{bmp_class(letter)}]")
    assert spelled.match("é") and not spelled.match("3") and not spelled.match("_") and spelled.match("²")


_WORD_PIECES = ["L’armée", "d'", "aujourd’hui", "rock-n-roll", "-", "'", "’", " ", ", ", "3e", "2024", "_x_",
                "ΑΣ", "Привет", "日本語", "²", "½", "\U0001d400bc", "\U0001f600", "\U00020000", "a\u0301",
                "ǅ"]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(_WORD_PIECES), max_size=16).map("".join))
def test_words_are_the_word_regex_matches(text: str) -> None:
    assert F.words(text) == F.WORD_RE.findall(text)
    assert TextFeatures().lower_words(text) == [w.lower() for w in F.WORD_RE.findall(text)]


def test_words_on_real_paragraphs() -> None:
    lines = SEED_LINES + _benchmark_lines(40)
    assert sum(not bmp_only(ln) for ln in lines + ["\U0001f600 x"]) >= 1
    for line in lines:
        assert F.words(line) == F.WORD_RE.findall(line), line


_CREDIT_PIECES = ["Photo", "photo", "Crédit photo", "Source", "Images", "©", "AFP", "Reuters", "Getty Images",
                  "AP", "dpa", "(AFP)", "(Reuters)", " / ", "/", ":", " : ", ".", "!", "?", "»", ")", "]",
                  "(", "[", " ", "  ", "J. Doe", "U.S. Army", "PETRAS MALUKAS", "le 10 mars 2025", "\n", "\t",
                  "\u00a0", ";", "a", "Le", "x.", ". T", ".Y"]


def _assert_no_credit_after_prose_end(text: str) -> None:
    if text.rstrip().endswith(caption.PROSE_ENDS):
        for offset in (0, max(0, len(text) - 160)):
            assert caption._TRAILING_CREDIT_RE.search(text, offset) is None, text


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(_CREDIT_PIECES), max_size=14).map("".join))
def test_no_trailing_credit_after_a_prose_end(text: str) -> None:
    _assert_no_credit_after_prose_end(text)
    _assert_no_credit_after_prose_end(text + ".")
    _assert_no_credit_after_prose_end(text + "? \n")


def test_no_trailing_credit_after_a_prose_end_on_real_paragraphs() -> None:
    lines = SEED_LINES + _benchmark_lines(60)
    credits = 0
    for line in lines:
        _assert_no_credit_after_prose_end(line)
        credits += caption._TRAILING_CREDIT_RE.search(line, max(0, len(line) - 160)) is not None
    assert credits > 0  # the pages do end lines with credits: the regex is exercised
    assert caption._TRAILING_CREDIT_RE.search("Le ministre à Kyiv, le 10 mars 2025. PETRAS MALUKAS / AFP")


_ATTRIBUTION_PIECES = [
    "a", "ont", "avait", "aurait", " ", "  ", "\u00a0", "déclaré", "Déclaré", "reconnu", "-", "a-t-il",
    "A-t-elle",
    "ont-ils", "t", "selon", "Selon", "le", "l’", "M.", "Mme", "É", "X", "d'", "d’", "après", "said", "Said",
    "SAYS", "according", "to", "the", "an", "wrote", "x", "3", "_", ".", ", ", "ſ", "İ",
]


def _check_attribution(text: str) -> None:
    low = lowered(text)
    plain = F._ATTRIBUTION_RE.search(text) is not None
    assert F.has_attribution(text) == plain, text
    if low is not None:
        assert F.has_attribution(text, F.word_runs(low)) == plain, text
        assert TextFeatures().has_attribution(text) == plain, text


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(_ATTRIBUTION_PIECES), max_size=12).map("".join))
def test_attribution_by_gated_alternatives_answers_as_the_regex(text: str) -> None:
    _check_attribution(text)


def test_attribution_on_real_paragraphs() -> None:
    found = 0
    for line in SEED_LINES + _benchmark_lines(60):
        _check_attribution(line)
        found += F.has_attribution(line)
    assert found > 20
    assert F._ATTRIBUTION_RE.pattern == "|".join(part for part, _ in F._ATTRIBUTION_PARTS)


def test_str_strip_and_regex_space_are_the_same_characters() -> None:
    space = re.compile(r"\s")
    differing = [c for c in map(chr, range(0x110000)) if (space.match(c) is not None) != (not c.strip())]
    assert differing == []


_END_PIECES = [".", "!", "?", "…", "»", '"', "”", ")", "a", "x.", " ", "\n", "\t", "\u00a0", "\u2028", "\x1c",
               "("]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(_END_PIECES), max_size=8).map("".join))
def test_ends_like_prose_is_the_sentence_end_regex(text: str) -> None:
    assert F.ends_like_prose(text) == (F.SENTENCE_END_RE.search(text) is not None)


def test_fold_profile_is_lowers_alike_and_bmp_only_char_by_char() -> None:
    codes = [*range(0x10000), *range(0x1F300, 0x1FB00), *range(0x10000, 0x110000, 97)]
    for code in codes:
        ch = chr(code)
        assert fold_profile(ch) == (_lowers_alike(ch), code <= 0xFFFF), hex(code)
    assert all(ord(x) <= 0xFFFF for c in map(chr, range(0x10000)) for x in c.lower())  # low stays in the BMP


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(_WORD_PIECES + ["İ", "ſ", "K", "µ", "\U0001f600", "\U0001f44d"]),
                     max_size=12).map("".join))
def test_fold_profile_on_texts(text: str) -> None:
    assert fold_profile(text) == (all(_lowers_alike(c) for c in text), bmp_only(text))
    f = TextFeatures()
    assert f.lower_words(text) == [w.lower() for w in F.WORD_RE.findall(text)]




@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from([*_WORD_PIECES, "İ", "ẞ", "\U0001f600", "ΑΣ "]), max_size=12)
       .map("".join))
def test_runs_are_backslash_w_runs_of_the_lower_case(text: str) -> None:
    expected = tuple(re.findall(r"\w+", text.lower()))
    assert LowerRuns().of(text) == expected
    assert F.run_list(text.lower(), bmp_only(text)) == list(expected)

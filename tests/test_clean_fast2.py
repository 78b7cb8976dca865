"""Round-2 shortcuts of the cleaners against the plain computations they replace: the possessive
word regex, the glue points found from capitals, and langdetect's ``cleaning_text``, trials and
``Detector`` attributes in :class:`cleaners.lang._ArrayDetector` (against langdetect itself)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector

from cleaners import features as F
from cleaners.lang import LanguageDetector, _ArrayDetector
from cleaners.langmemo import Memo
from tests.langref import langdetect_reference
from tests.scoring import seed_lines

PLAIN_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-])*", re.UNICODE)  # the form WORD_RE replaces

# letters (Latin, accented, Cyrillic, Greek, CJK, a combining mark), digits (ASCII and other
# numerals), underscore, the word-inner separators, spaces and punctuation
_CHARS = list("aZéÉßжΩ漢\u0301\u1ea1_3²٣'’--  .,«»()/\n") + ["ſ", "İ", "K"]
_texts = st.text(st.sampled_from(_CHARS), max_size=40)
_GLUE_PIECES = ["Accepter", "Tout", "refuser", "surTelegram", "àÉté", "ab", "A", "É", "x", "Þa", "ÿØ",
                "ÖÖ", " ", "’", "-", "2", "abcDef", "ßA", "aaÀé"]
_glued = st.lists(st.sampled_from(_GLUE_PIECES), max_size=12).map("".join)


LINES = seed_lines()


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts)
def test_word_regex_finds_the_plain_forms_words(text: str) -> None:
    assert F.WORD_RE.findall(text) == PLAIN_WORD_RE.findall(text)
    assert [m.span() for m in F.WORD_RE.finditer(text)] == [m.span() for m in PLAIN_WORD_RE.finditer(text)]


@pytest.mark.skipif(not LINES, reason="seeds not available")
def test_word_regex_on_real_paragraphs() -> None:
    for line in LINES:
        assert F.words(line) == PLAIN_WORD_RE.findall(line), line
    assert sum(len(F.words(line)) for line in LINES) > 1000  # the seeds have real prose


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(_glued, _texts))
def test_unglue_counted_matches_the_glue_regex(text: str) -> None:
    assert F.unglue_counted(text) == F.GLUE_RE.subn(" ", text)
    assert F.unglue_counted(text) == (F.unglue(text), F.glue_points(text))


def test_unglue_counted_examples() -> None:
    glued = "Tout AccepterTout refuserParamétrer"
    assert F.unglue_counted(glued) == ("Tout Accepter Tout refuser Paramétrer", 2)
    assert F.unglue_counted("suivez-nous surTelegram etÀété") == ("suivez-nous sur Telegram et Àété", 2)
    assert F.unglue_counted("NATO iPhone McDonald") == ("NATO iPhone McDonald", 0)


def _langdetect_cleaned(text: str) -> str:
    det = Detector.__new__(Detector)
    det.text = text
    Detector.cleaning_text(det)
    return det.text


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.fixture(scope="module")
def reference():
    return langdetect_reference()


_SCRIPT_CHARS = list("abcXYZ[]^_`{}~ ") + list("жЖΩ漢ạ\u0301’—") + ["ab", "Жж", "漢字", "ạạ"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(_SCRIPT_CHARS), max_size=30).map("".join))
def test_cleaning_text_matches_langdetect(detector, text: str) -> None:
    det = _ArrayDetector(detector._factory, Memo())
    det.text = text
    det.cleaning_text()
    assert det.text == _langdetect_cleaned(text)


def test_cleaning_text_drops_latin_only_in_mostly_non_latin_text(detector) -> None:
    det = _ArrayDetector(detector._factory, Memo())
    det.text = "NATO Москва Киев"
    det.cleaning_text()
    assert det.text == " Москва Киев"  # 4 Latin letters, 10 Cyrillic: the Latin ones go
    det.text = "ạạạạạ ab"  # Latin Extended Additional counts as non-Latin in langdetect (5 > 2 * 2)
    det.cleaning_text()
    assert det.text == "ạạạạạ " == _langdetect_cleaned("ạạạạạ ab")
    det.text = "ạạạạ ab"  # 4 = 2 * 2: kept
    det.cleaning_text()
    assert det.text == "ạạạạ ab" == _langdetect_cleaned("ạạạạ ab")


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(["le ", "la ", "the ", "and ", "vous ", "Москва ", "漢字 ", "OTAN ",
                                      "l’armée ", "défense ", "a ", "x", ". "]), max_size=40).map("".join))
def test_trials_match_langdetect(detector, reference, text: str) -> None:
    assert detector.probabilities(text) == reference(text)


@pytest.mark.skipif(not LINES, reason="seeds not available")
def test_trials_match_langdetect_on_real_text(detector, reference) -> None:
    for text in [" ".join(LINES)[:3000], *LINES[:8]]:
        assert detector.probabilities(text) == reference(text), text[:80]


def test_langdetects_own_trials_still_have_their_random_generator(detector) -> None:
    """With a prior (never set by the cleaners) langdetect's own trials run, with ``self.random``."""
    import random

    det = _ArrayDetector(detector._factory, Memo())
    assert "random" not in vars(det)  # not made until asked for
    assert isinstance(det.random, random.Random) and det.random is det.random
    text = "Le secrétaire général de l'OTAN a déclaré que les Alliés resteront unis."
    ours = _ArrayDetector(detector._factory, Memo())
    ours.set_prior_map({"fr": 0.5, "en": 0.5})
    ours.append(text)
    theirs = Detector(detector._factory)
    theirs.set_prior_map({"fr": 0.5, "en": 0.5})
    theirs.append(text)
    assert [(p.lang, p.prob) for p in ours.get_probabilities()] == [
        (p.lang, p.prob) for p in theirs.get_probabilities()]


# words the run-based checks look for, in several cases and surroundings, next to characters that
# case-fold in special ways (the runs are then not used: lowered() refuses those texts)
_VOICE_PIECES = ["vous", "Vous", "VOTRE", "vos", "tu", "Tu-", "-ta", "tes", "you", "YOUR", "yours", "nous",
                 "Nos", "notre", "we", "Our", "us", "US", "a déclaré", "ont   indiqué", "Déclaré", "a-t-il",
                 "a-t-elle", "ont-ils", "selon le", "Selon la", "d’après les", "d'après M", "said", "Says",
                 "according to the", "According to", "wrote", "Cliquez", "Abonnez-vous", "click", "Click",
                 "sign", "accept", "was", "is", "voſ", "uſ", "İ", "ı", "K", "ſaid", "Vouſ", "2", "_", "l’",
                 "é", " ", " ", ". ", "! ", ": ", "\n", "«", "»", "\"", "-", "'", "ez", "Allez"]
_voice_texts = st.lists(st.sampled_from(_VOICE_PIECES), max_size=10).map("".join)


def _runs(text: str) -> frozenset[str] | None:
    from cleaners.folded import lowered

    low = lowered(text)
    return None if low is None else F.word_runs(low)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_voice_texts)
def test_word_run_checks_match_the_regexes(text: str) -> None:
    runs = _runs(text)
    assert F.addresses_reader_unquoted(text, runs) == F.addresses_reader_unquoted(text)
    assert F.speaks_as_site_unquoted(text, runs) == F.speaks_as_site_unquoted(text)
    assert F.has_attribution(text, runs) == F.has_attribution(text)


def test_word_run_checks_examples() -> None:
    for text, address, site, attribution in [
        ("Abonnez-vous à notre lettre", True, True, False),
        ("Selon le ministre, il a déclaré forfait", False, False, True),
        ("The minister said we would go", False, True, True),
        ("Trust us: click below", True, True, False),
        ("Vouſ aveſ", True, False, False),  # long s: the regexes match, the runs are not used
        ("Voustes youth", False, False, False),
    ]:
        runs = _runs(text)
        assert (F.addresses_reader_unquoted(text, runs), F.speaks_as_site_unquoted(text, runs),
                F.has_attribution(text, runs)) == (address, site, attribution), text


@pytest.mark.skipif(not LINES, reason="seeds not available")
def test_word_run_checks_on_real_paragraphs() -> None:
    screened = 0
    for line in LINES:
        bare = F.unquoted(line)
        runs = _runs(bare)
        assert runs is not None
        assert F.addresses_reader_unquoted(bare, runs) == F.addresses_reader_unquoted(bare), line
        assert F.speaks_as_site_unquoted(bare, runs) == F.speaks_as_site_unquoted(bare), line
        assert F.has_attribution(line, _runs(line)) == F.has_attribution(line), line
        screened += _runs(line).isdisjoint(F._ATTRIBUTION_RUNS)
    assert screened > 0


def test_printable_text_holds_no_white_space_but_the_space() -> None:
    """norm_space's shortcut: every white space character other than " " is not printable."""
    import sys

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert " " in spaces and "\xa0" in spaces and "\u2009" in spaces
    assert [c for c in spaces if c != " " and c.isprintable()] == []
    assert all(re.fullmatch(r"\s", c) for c in spaces)  # the regex's \s is str.isspace


_SPACE_PIECES = ["a", "É", " ", "  ", "\xa0", "\t", "\n", "\u2009", "\u200b", "\xad", "\u3000", "x y"]


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(_SPACE_PIECES), max_size=10).map("".join))
def test_norm_space_matches_the_substitution(text: str) -> None:
    assert F.norm_space(text) == re.sub(r"\s+", " ", text).strip()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(
    ["cookies", "Cookie", "tout accepter", "ACCEPT ALL", "mot de passe", "log in", "e-mail address", "ſ",
     "İ", "K", "inbox", "we use", "vous", "partenaires", "settings", "Device", "GDPR", "reset", "free",
     " ", ", ", "-", "é"]), max_size=10).map("".join))
def test_cue_screens_never_hide_a_cue(text: str) -> None:
    from cleaners.folded import lowered
    from cleaners.stages.account import ACCOUNT_CUES
    from cleaners.stages.consent import CONSENT_CUES
    from cleaners.stages.region import INTERFACE_CUES

    for vocabulary in (CONSENT_CUES, ACCOUNT_CUES, INTERFACE_CUES):
        assert vocabulary.may_have_strong(text, lowered(text)) == (vocabulary.strong(text) > 0), text
        assert vocabulary.may_have_cue(text, lowered(text)) == (vocabulary.found(text) != []), text


@pytest.mark.skipif(not LINES, reason="seeds not available")
def test_grouped_cue_screens_on_real_paragraphs() -> None:
    from cleaners.folded import lowered
    from tests.test_clean_fast import VOCABULARIES

    hits = 0
    for vocabulary in VOCABULARIES:
        assert vocabulary.any_folded.lower is not None  # the grouped form is in use
        for line in LINES:
            low = lowered(line)
            assert vocabulary.may_have_cue(line, low) == bool(vocabulary.any_cue.search(line)), line
            assert vocabulary.may_have_strong(line, low) == bool(vocabulary.any_strong.search(line)), line
            hits += vocabulary.may_have_cue(line, low)
    assert hits > 0  # the seeds hold consent and account text


_NOTICE_PIECES = ["Opens in a new tab", "opens new window", "OPEN IN NEW TAB", "s’ouvre dans une nouvelle",
                  " fenêtre", "S'ouvre dans un nouvel onglet", "Our Standards:", "Nos engagements :",
                  "Charte éditoriale:", "Editorial standards :", "nouveau", "new", "tab", " ", "x", "ſ", "K",
                  "İ", ":", "\n"]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(_NOTICE_PIECES), max_size=6).map("".join))
def test_site_notice_screen_matches_the_regex(text: str) -> None:
    from cleaners.folded import lowered
    from cleaners.stages.navigation import _SITE_NOTICE_RE, _site_notice

    assert _site_notice(text, lowered(text)) == bool(_SITE_NOTICE_RE.search(text)), text


_DATE_PIECES = ["28", "février", "Feb.", "2024", "1999", "2O24", "19", "20", "-", "/", ".", " ", ",", "1er",
                "March", "3", "12", "-02-", "0", "9"]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(_DATE_PIECES), max_size=8).map("".join))
def test_dates_need_a_year_starting_19_or_20(text: str) -> None:
    from cleaners.dates import _PATTERNS, find_dates

    if "19" not in text and "20" not in text:
        assert all(p.search(text) is None for p in _PATTERNS), text
        assert find_dates(text) == []


def test_find_dates_examples() -> None:
    from cleaners.dates import find_dates

    assert [d.iso for d in find_dates("Publié le 28 février 2024, mis à jour le 2024-03-01")] == [
        "2024-02-28", "2024-03-01"]
    assert find_dates("le 28 février") == []

"""The cleaners' shortcuts give the answers of the plain computations they replace: the vocabulary
pre-screen by word beginnings, the match-by-match ``only_made_of``, langdetect's early stop for the
off-language check and its rewritten ``append``/``cleaning_text``/draws (against langdetect itself)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import clean, default_stages
from cleaners.base import TextDoc
from cleaners.features import alternatives, only_made_of, unglue
from cleaners.lang import LanguageDetector
from cleaners.prefilter import heads, starts_alnum, word_heads
from cleaners.stages.account import ACCOUNT_CUES
from cleaners.stages.caption import _AGENCY_OR_CREDIT_RE
from cleaners.stages.consent import _BUTTON_CUES, CONSENT_CUES
from cleaners.stages.navigation import _LABEL_RE, _LABELS
from cleaners.stages.region import INTERFACE_CUES
from tests.langref import langdetect_reference
from tests.scoring import seed_lines

VOCABULARIES = [CONSENT_CUES, ACCOUNT_CUES, INTERFACE_CUES, _BUTTON_CUES]
# words of the vocabularies, in several cases, next to characters that case-fold in special ways
_PIECES = ["cookies", "Cookie", "COOKIES", "tout accepter", "Accept all", "mot de passe", "se connecter",
           "log in", "Sign-up", "e-mail address", "d’information", "d'information", "créez un compte",
           "CRÉER UN COMPTE", "newsletter", "inbox", "vous", "we use", "partenaires", "İnbox", "ſubscribe",
           "ınbox", "µ", "ß", "Привет", "в", "K", "é", "É", " ", " ", ", ", ". ", "-", "’", "_", "3", "\n"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)


def _reference_only_made_of(text: str, pattern: re.Pattern[str]) -> bool:
    rest, found = pattern.subn(" ", text)
    return found > 0 and not re.search(r"[^\W_]", rest)


SEED_LINES = seed_lines()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts)
def test_prescreened_vocabulary_finds_the_same_cues(text: str) -> None:
    for vocabulary in VOCABULARIES:
        for t in (text, unglue(text)):
            index = word_heads(t)
            assert vocabulary.found(t, index) == vocabulary.found(t), t
            assert vocabulary.strong(t, index) == vocabulary.strong(t), t


@pytest.mark.skipif(not SEED_LINES, reason="seeds not available")
def test_prescreened_vocabulary_on_real_paragraphs() -> None:
    hits = 0
    for line in SEED_LINES:
        for vocabulary in VOCABULARIES:
            plain = vocabulary.found(line)
            assert vocabulary.found(line, word_heads(line)) == plain, line
            hits += bool(plain)
    assert hits > 10  # the seeds do hold interface text: the comparison is not vacuous


def test_word_heads_refuses_texts_where_lower_case_is_not_the_regex_folding() -> None:
    for text in ("İnbox", "ſubscribe", "ınbox", "5 µm"):
        assert word_heads(text) is None
    found = word_heads("Nous utilisons des Cookies, l’info")
    assert {"nous", "util", "des ", "cook", "l’in", "info", "cooki", "cookie", "nous u", "l’inf"} <= found
    assert "ilis" not in found and "s co" not in found  # beginnings of words only
    assert word_heads("Привет, Cookies") is not None  # Cyrillic cannot meet a Latin head


def test_heads_of_fragments() -> None:
    assert heads("cookies?") == {"cook"}
    assert heads("cr[ée]er|create") == {"crée", "cree", "crea"}
    assert heads(r"log ?in") == {"log ", "logi"}
    assert heads(r"\d+ mots") is None  # a digit class is not a finite set of beginnings
    assert heads("ok") is None  # matches shorter than the head length
    assert heads("x?y*") is None


def test_starts_alnum() -> None:
    assert starts_alnum(_LABEL_RE.pattern) and starts_alnum(_AGENCY_OR_CREDIT_RE.pattern)
    assert all(starts_alnum(a) for a in alternatives(_LABELS))
    for fragment in (r"\w+", "x?", r"(?:a|\s)", "[^a]", "_x", "(?:)"):
        assert not starts_alnum(fragment), fragment


_LABEL_PIECES = ["Accueil", "menu", "Fermer", "OK", "de", "En", "plus", "comments (3)", "12 comments",
                 "Partager", "retour en haut de page", "Retour", "prose", "Le", "x", "é", " ", " › ", " | ",
                 "•", "_", "3", "...", "-", "AFP", "Getty Images", "Photo", "/"]


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(_LABEL_PIECES), max_size=10).map("".join))
def test_only_made_of_walk_matches_the_substitution(text: str) -> None:
    for pattern in (_LABEL_RE, _AGENCY_OR_CREDIT_RE):
        expected = _reference_only_made_of(text, pattern)
        assert only_made_of(text, pattern, alnum_starts=True) == expected, text
        assert only_made_of(text, pattern) == expected, text


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.slow
def test_detector_matches_langdetect_on_edge_texts(detector) -> None:
    reference = langdetect_reference()
    long_fr = " ".join(SEED_LINES)[:3000] if SEED_LINES else "Le texte de l'article. " * 120
    texts = [
        long_fr,  # several batches of draws per trial
        "Voir https://www.nato.int/cps/fr/natohq/news.htm et écrire à presse@nato.int  (deux  espaces)",
        "Tiếng Việt có dấu: a\u0300 e\u0301 o\u0303 u\u0309 i\u0323",  # combining marks: normalize_vi
        "Москва и Киев: переговоры NATO " * 6,  # mostly non-Latin: cleaning_text drops the Latin letters
        "ab Жж " * 40,  # Latin and Cyrillic close to langdetect's 1:2 rule
        "a b", "x", "OTAN",  # little evidence: long trials, up to the iteration limit
    ]
    for text in texts:
        assert detector.probabilities(text) == reference(text), text


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(text=st.text(st.sampled_from(list("the and le la des of vous you ÉéàA.,'’ \n")), max_size=160))
def test_early_stop_never_changes_the_off_language_decision(detector, text: str) -> None:
    full = detector.detect(text)
    for lang, bound in (("fr", 0.95), ("en", 0.95), ("fr", 0.3)):
        early = detector.detect_unless_below(text, lang, bound)
        if early is None:
            assert not (full.lang == lang and full.confidence >= bound), text
        else:
            assert early == full, text


@pytest.mark.skipif(not SEED_LINES, reason="seeds not available")
def test_early_stop_on_real_paragraphs(detector) -> None:
    stopped = 0
    for line in SEED_LINES[:60]:
        full = detector.detect(line)
        early = detector.detect_unless_below(line, "en", 0.95)
        if early is None:
            stopped += 1
            assert not (full.lang == "en" and full.confidence >= 0.95), line
        else:
            assert early == full, line
    assert stopped > 0  # French paragraphs: the trials do stop early


def test_each_document_has_its_own_feature_memo() -> None:
    a, b = TextDoc.from_text("Accueil\nTexte"), TextDoc.from_text("Accueil\nTexte")
    assert a.features is not b.features
    a.features.words("Accueil")
    assert b.features._words == {}  # nothing shared between documents


def test_results_do_not_depend_on_what_was_cleaned_before() -> None:
    text = "Tout accepterTout refuser\nNous utilisons des cookies.\n" + "\n".join(SEED_LINES[:20])
    fresh = clean(text, lang="auto", stages=default_stages())
    used = default_stages()
    for line in SEED_LINES[20:80]:
        clean(line, lang="auto", stages=used)
    again = clean(text, lang="auto", stages=used)
    assert (again.text, again.removed, again.lang, again.lang_confidence, again.metadata) == (
        fresh.text, fresh.removed, fresh.lang, fresh.lang_confidence, fresh.metadata)


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from(list("ab É_-.,!« »\u00a0\n\t3ß’İ")), max_size=16))
def test_fingerprint_is_the_stripped_normalized_text(text: str) -> None:
    from cleaners.features import norm_space
    from cleaners.stages.duplicate import fingerprint

    assert fingerprint(text) == re.sub(r"^[\W_]+|[\W_]+$", "", norm_space(text).casefold())


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.sampled_from(list("ab É3 -’.\n")), max_size=30), count=st.integers(0, 7))
def test_word_count_check_stops_early_with_the_same_answer(text: str, count: int) -> None:
    from cleaners.features import words
    from cleaners.pipeline import _has_words

    assert _has_words(text, count) == (len(words(text)) >= count)

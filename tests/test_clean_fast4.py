"""Round 7 shortcuts of the cleaners, each compared with the plain computation it replaces: the cues
present found from the word runs (cleaners.runscreen.RunIndex) instead of the word beginnings, the
boilerplate-region stage looking only for the first and last anchors (and for none without evidence),
and the duplicate fingerprint's ends found character by character."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import features as F
from cleaners.base import TextDoc, Verdict
from cleaners.dates import find_dates
from cleaners.folded import lowered
from cleaners.pipeline import default_stages
from cleaners.runscreen import RunIndex, spelled_ways
from cleaners.stages.account import ACCOUNT_CUES
from cleaners.stages.consent import _BUTTON_CUES, CONSENT_CUES
from cleaners.stages.duplicate import _ALNUM_RE, fingerprint
from cleaners.stages.region import INTERFACE_CUES, BoilerplateRegionStage
from cleaners.vocabulary import Vocabulary
from tests.scoring import seed_lines
from tests.test_clean_runscreen import _benchmark_lines, _texts_of_fragments

SEED_LINES = seed_lines()
VOCABULARIES = (CONSENT_CUES, ACCOUNT_CUES, INTERFACE_CUES, _BUTTON_CUES)


# ------------------------------------------------------------------ cues found from the word runs
def _assert_found_by_runs_is_plain(text: str) -> bool:
    """``found``/``strong``/``score`` given the runs answer as the plain regexes; True when the text
    could be screened (its lower case stands for case folding)."""
    low = lowered(text)
    if low is None:
        return False
    runs = F.word_runs(low)
    for v in VOCABULARIES:
        plain = v.found(text)  # the plain regexes (after one search of them all)
        assert v.found(text, low=low, runs=runs) == plain, (v, text[:120])
        assert v.strong(text, low=low, runs=runs) == sum(1 for c in plain if c.weight >= 2), text[:120]
        assert v.score(text, low=low, runs=runs) == sum(c.weight for c in plain), text[:120]
    return True


def test_found_by_runs_on_vocabulary_texts() -> None:
    texts = _texts_of_fragments()
    screened = sum(_assert_found_by_runs_is_plain(t) for t in texts)
    assert screened > len(texts) // 2
    found = sum(len(CONSENT_CUES.found(t, low=lowered(t), runs=F.word_runs(t.lower())))
                for t in texts if lowered(t) is not None)
    assert found > 100  # the texts are made of the cues: many are found


@pytest.mark.skipif(not SEED_LINES, reason="seeds not available")
def test_found_by_runs_on_seed_lines() -> None:
    for line in SEED_LINES:
        _assert_found_by_runs_is_plain(line)


@pytest.mark.slow
def test_found_by_runs_on_real_lines() -> None:
    lines = [ln for ln in _benchmark_lines(20) if len(ln) < 2000]  # paragraphs (not inline scripts)
    assert len(lines) > 3000
    for line in lines:
        _assert_found_by_runs_is_plain(line)


_PIECES = [w for v in VOCABULARIES for f in v.strong_fragments + v.weak_fragments
           for w in re.findall(r"[a-zéèàçêî’']+", f)]
_ALPHABET = st.sampled_from([*"abcdeéèilmnorstuvwyz ' -’.,:!?0123456789_ΣİſK", "\u00a0"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(_ALPHABET, max_size=5)), max_size=12))
def test_found_by_runs_on_generated_texts(parts: list[str]) -> None:
    for text in (" ".join(parts), "".join(parts), " ".join(parts).upper()):
        _assert_found_by_runs_is_plain(text)


def test_run_index_lists_the_fragments_a_text_may_hold() -> None:
    fragments = ["we use", r"download\w*", r"cookies?", "©", r"\d+ comments?"]
    index = RunIndex.of_spelled(spelled_ways(f) for f in fragments)
    assert index.always == {3}  # "©" spells out no run and no piece
    assert index.candidates(frozenset({"we", "use", "it"}), "we use it") == {0, 3}
    assert index.candidates(frozenset({"we", "used"}), "we used") == {3}
    assert index.candidates(frozenset({"downloads"}), "downloads") == {1, 3}  # a piece: a substring
    assert index.candidates(frozenset({"cookie", "x"}), "cookie x") == {2, 3}
    assert index.candidates(frozenset({"12", "comments"}), "12 comments") == {3, 4}
    assert RunIndex.of_spelled([None]).always == {0}  # ways unknown: always searched


def test_run_index_is_the_index_of_each_cue_checked_alone() -> None:
    """A vocabulary checks once that the regex of all its cues has a twin, instead of cue by cue."""
    for v in VOCABULARIES:
        assert v.run_index == RunIndex.of_spelled(c.screened for c in v.cues)
        assert all(c.screened is not None for c in v.cues)  # all of them can be screened


def test_a_cue_without_a_twin_is_always_searched() -> None:
    vocabulary = Vocabulary(["K", "kelvin"])  # "K" matches the Kelvin sign too: no twin for lowered text
    assert vocabulary.cues[0].screened is None and vocabulary.cues[1].screened is not None
    assert vocabulary.run_index.always == {0}
    assert [c.fragment for c in vocabulary.found("k x", low="k x", runs=frozenset({"k", "x"}))] == ["K"]


# ------------------------------------------------------------------ region stage: first and last anchor
def _plain_region_judge(stage: BoilerplateRegionStage, doc: TextDoc) -> dict[int, Verdict]:
    """The stage's judge before round 7: every anchor found, every head and tail paragraph checked."""
    paras, f = doc.paragraphs, doc.features
    anchors = [i for i, p in enumerate(paras) if p.live and stage._anchor(p.text, f)]
    if not anchors:
        return {}
    out: dict[int, Verdict] = {}
    for lo, hi in ((0, anchors[0]), (anchors[-1] + 1, len(paras))):
        for i in range(lo, hi):
            if stage._evidence(paras[i]):
                stage._spread(paras, range(i - 1, lo - 1, -1), doc.title, out, f)
                stage._spread(paras, range(i + 1, hi), doc.title, out, f)
    return out


_INTERFACE_LINES = [
    "Créer un compte", "Accepter les cookies", "Tout accepter", "Suivez-nous sur Facebook", "Registre",
    "Se connecter", "Accueil › Monde › Europe", "Lire aussi : la suite", "Abonnez-vous à notre newsletter",
    "Vous aimez nos articles ? Soutenez-nous", "5 min de lecture", "Share on Twitter",
    "Mot de passe oublié ?",
    "Nous utilisons des cookies pour améliorer votre expérience et mesurer l'audience du site.",
]
_PROSE_LINES = [
    "Le ministre a déclaré mardi que les troupes resteraient déployées dans la région jusqu'à l'été.",
    "The alliance said on Tuesday that its members had agreed to raise defence spending next year.",
    "Les deux pays ont signé un accord de coopération militaire qui prévoit des exercices communs.",
    "Vous pouvez consulter le rapport complet sur le site du ministère, qui détaille les chiffres.",
    "Short line", "Another line here.",
]


_STAGES = default_stages()  # built once: the language stage loads langdetect's profiles


def _region_cases(lines: list[str]) -> int:
    stages = _STAGES
    region = stages[-1]
    assert isinstance(region, BoilerplateRegionStage)
    doc = TextDoc.from_text("\n".join(lines), title=lines[0] if lines else None)
    doc.lang = "fr"
    for stage in stages[:-1]:
        stage.run(doc)
    got = region.judge(doc)
    assert got == _plain_region_judge(region, doc)
    return len(got)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_INTERFACE_LINES + _PROSE_LINES + SEED_LINES[:200]), max_size=14))
def test_region_judge_is_the_plain_judge(lines: list[str]) -> None:
    _region_cases(lines)


def test_region_judge_examples_drop_the_same_lines() -> None:
    lines = ["Registre", "Créer un compte", "Short line", *_PROSE_LINES[:3], "Se connecter", "Registre"]
    stages = _STAGES
    doc = TextDoc.from_text("\n".join(lines))
    doc.lang = "fr"
    for stage in stages[:-1]:
        stage.run(doc)
    got = stages[-1].judge(doc)
    assert got == _plain_region_judge(stages[-1], doc)
    assert {doc.paragraphs[i].text for i in got} >= {"Registre"}  # spread from the account removal


@pytest.mark.skipif(not SEED_LINES, reason="seeds not available")
def test_region_judge_on_seed_documents() -> None:
    window = 25
    dropped = sum(_region_cases(SEED_LINES[start:start + window])
                  for start in range(0, len(SEED_LINES), window // 2))
    assert dropped > 0  # the seeds' boilerplate leftovers: the spreading was exercised


# ------------------------------------------------------------------ duplicate fingerprint
def _plain_fingerprint(text: str) -> str:
    key = F.norm_space(text).casefold()
    first = _ALNUM_RE.search(key)
    if first is None:
        return ""
    last = _ALNUM_RE.search(key[::-1])
    assert last is not None
    return key[first.start(): len(key) - last.start()]


@pytest.mark.slow
def test_alnum_regex_is_str_isalnum_on_every_code_point() -> None:
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert (_ALNUM_RE.match(ch) is not None) == ch.isalnum(), hex(code)


_FP_CHARS = st.sampled_from([*"aZé1²_ .,!?«»()—-'’…", "\u00a0", "\t", "ß", "Σ", "İ", "\u0301", "٣"])


@settings(max_examples=500, deadline=None)
@given(st.text(_FP_CHARS, max_size=16))
def test_fingerprint_is_the_plain_fingerprint(text: str) -> None:
    assert fingerprint(text) == _plain_fingerprint(text)


@pytest.mark.skipif(not SEED_LINES, reason="seeds not available")
def test_fingerprint_on_seed_lines() -> None:
    for line in SEED_LINES:
        for text in (line, f"«{line}» ...!", f"— {line[:3]} —", line[-2:]):
            assert fingerprint(text) == _plain_fingerprint(text), text
    assert fingerprint("  ... Hello,  World!!! ") == "hello, world"



# ------------------------------------------------------------------ dates: month patterns screened by runs
_DATE_PIECES = ["28", "1er", "2024", "1999", "mars", "Mars", "MARS", "févr", "Févr.", "aoû", "août", "sept",
                "ſept", "Sept.", "December", "dec", "mai", "may", "28/02/2024", "2024-02-28", "x", "mar",
                "marsx",
                "12h", " ", ", ", ". ", ".", ",", "-", "/", "\u00a0", "\n"]


def _assert_dates_by_runs_are_plain(text: str) -> None:
    low = lowered(text)
    runs = None if low is None else F.word_runs(low)
    for lang in ("fr", "en", None):
        assert find_dates(text, lang=lang, runs=runs) == find_dates(text, lang=lang), text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=10))
def test_find_dates_with_runs_is_find_dates(parts: list[str]) -> None:
    for text in (" ".join(parts), "".join(parts)):
        _assert_dates_by_runs_are_plain(text)


def test_find_dates_with_runs_examples() -> None:
    for text in ("Publié le 28 février 2024 à 10h", "2024-01-01", "Feb. 28, 2024", "le 3 MARS 2020",
                 "28/02/2024 et 1er ſept 2021", "Updated 12 dec 2019"):
        _assert_dates_by_runs_are_plain(text)
    runs = F.word_runs("2024-01-01")
    assert [d.iso for d in find_dates("2024-01-01", runs=runs)] == ["2024-01-01"]
    assert find_dates("le 3 MARS 2020", runs=F.word_runs("le 3 mars 2020"))[0].iso == "2020-03-03"


def test_month_names_matched_through_other_letters_are_read() -> None:
    """The regex engine matches "ſ" with "s" and "İ" with "i" case-insensitively; such a name was
    looked up by its ``str.lower`` (a KeyError that failed the document) before round 7."""
    assert [d.iso for d in find_dates("1er ſept 2021")] == ["2021-09-01"]
    assert [d.iso for d in find_dates("3 AVRİL 2021")] == ["2021-04-03"]


@pytest.mark.skipif(not SEED_LINES, reason="seeds not available")
def test_find_dates_with_runs_on_seed_lines() -> None:
    for line in SEED_LINES:
        _assert_dates_by_runs_are_plain(line)

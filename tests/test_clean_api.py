"""The clean() API, language detection and the ``corpus clean-text`` command."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import Removal, clean, default_stages
from cleaners.lang import LanguageDetector
from corpus.cli import main
from tests.langref import langdetect_reference

FR = ("Les ministres de la défense de l'Alliance se sont retrouvés jeudi à Bruxelles pour discuter des "
      "stocks de munitions et du soutien à l'Ukraine.")
EN = ("Alliance defence ministers met in Brussels on Thursday to discuss ammunition stocks and support "
      "for Ukraine, officials said.")
PAGE = "\n".join([
    "Temps de lecture : 2 min",
    FR,
    "",
    "Defence ministers discuss ammunition stocks and long-term support for Ukraine in Brussels",
    "Le secrétaire général a appelé les Alliés à signer des contrats pluriannuels avec les industriels "
    "afin de reconstituer les stocks au plus vite.",
    "Mis à jour le 14 février 2025 à 16h05",
    "Abonnez-vous à notre lettre d'information",
])


@pytest.fixture(scope="module")
def stages():
    return default_stages()


def test_clean_result_fields(stages) -> None:
    result = clean(PAGE, lang="auto", stages=stages)
    assert result.lang == "fr" and result.lang_confidence is not None and result.lang_confidence > 0.9
    assert result.paragraphs[0] == FR and len(result.paragraphs) == 2
    assert result.text == "\n".join(result.paragraphs)
    assert [r.stage for r in result.removed] == ["reading_time", "off_language", "date_widget", "account"]
    assert result.removed[1] == Removal("off_language", "isolated_en", PAGE.splitlines()[3])
    assert result.metadata == {"updated": "2025-02-14"}
    assert result.stats["clean/paragraphs"] == 6 and result.stats["clean/kept"] == 2
    assert result.stats["clean/dropped/off_language"] == 1


def test_given_language_is_not_detected(stages) -> None:
    result = clean(FR, lang="fr", stages=stages)
    assert (result.lang, result.lang_confidence, result.paragraphs) == ("fr", None, [FR])


def test_bad_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="lang must be one of fr, en, auto"):
        clean(FR, lang="de", stages=[])


def test_empty_and_blank_input(stages) -> None:
    for text in ("", "\n\n  \n"):
        result = clean(text, stages=stages)
        assert (result.text, result.paragraphs, result.removed, result.lang) == ("", [], [], None)


def test_detector_is_private_and_deterministic() -> None:
    a, b = LanguageDetector(), LanguageDetector()
    for text in (EN, FR, "Hallo Welt, wie geht es dir heute?"):
        a.detect(text)  # history on one detector only
    assert a.detect(EN) == b.detect(EN) and a.detect(FR) == b.detect(FR)
    assert a.detect(EN).lang == "en" and a.detect(FR).lang == "fr"
    assert a.detect("12345 !!!").lang is None


def test_title_is_never_dropped_by_context(stages) -> None:
    title = "Sommet de l'OTAN"
    text = "\n".join([title, "Créer un compte", FR])
    assert clean(text, lang="fr", title=title, stages=stages).paragraphs == [title, FR]
    # without the title, a short line next to account UI at the head of the text goes
    assert clean(text, lang="fr", stages=stages).paragraphs == [FR]


def test_cli_reads_stdin_and_explains(tmp_path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["clean-text", "--lang", "fr", "-v", "-"], input=PAGE)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == FR
    assert "[account/account_label] Abonnez-vous" in result.stderr
    assert "metadata updated=2025-02-14" in result.stderr
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    from_file = runner.invoke(main, ["clean-text", "--lang", "fr", str(tmp_path / "a.txt")])
    assert from_file.stdout == result.stdout


def test_cli_bad_input_is_a_click_error(tmp_path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["clean-text", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "cannot read" in missing.stderr
    (tmp_path / "latin1.txt").write_bytes("Défense".encode("latin-1"))
    bad = runner.invoke(main, ["clean-text", str(tmp_path / "latin1.txt")])
    assert bad.exit_code == 1 and "cannot read" in bad.stderr
    wrong = runner.invoke(main, ["clean-text", "--lang", "de", "-"], input="x")
    assert wrong.exit_code == 2


def test_clean_text_never_imports_scrapy() -> None:
    code = ("import sys; from corpus.cli import main; main.get_command(None, 'clean-text'); import cleaners; "
            "from cleaners import clean; clean('x', lang='fr', stages=[]); "
            "assert 'scrapy' not in sys.modules, 'scrapy imported'")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_language_comes_from_the_prose_not_the_chrome(stages) -> None:
    banner = ("We and our partners use cookies and similar technologies to store and access information on "
              "your device, to personalise ads and content, and to measure audiences. You can accept all "
              "cookies, reject them or manage your preferences at any time from the privacy settings.")
    menu = ["Home", "World", "Defence", "Sign in", "Subscribe"]
    article = [FR, "Le secrétaire général a appelé les Alliés à signer des contrats pluriannuels avec les "
                   "industriels afin de reconstituer les stocks, ont rapporté plusieurs diplomates présents.",
               "Les discussions doivent reprendre en juin à Vilnius, où les ministres présenteront leurs "
               "plans nationaux de production de munitions pour les trois prochaines années."]
    result = clean("\n".join([*menu, banner, *article]), lang="auto", stages=stages)
    assert result.lang == "fr"
    assert result.paragraphs == article


def test_too_little_text_has_no_language(stages) -> None:
    result = clean("OK\nMenu", lang="auto", stages=stages)
    assert (result.lang, result.lang_confidence) == (None, 0.0)
    assert result.stats["clean/lang/unknown"] == 1


@pytest.fixture(scope="module")
def detectors():
    return LanguageDetector(), langdetect_reference()


_TEXT_ALPHABET = st.sampled_from(list("abcdeéèàçôEÉAB  \n.,'’-0123ЖжΩ漢かÅøß"))


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(texts=st.lists(st.text(_TEXT_ALPHABET, max_size=200), min_size=1, max_size=3))
def test_fast_detector_gives_langdetects_probabilities_bit_for_bit(detectors, texts) -> None:
    ours, reference = detectors
    for text in texts:
        assert ours.probabilities(text) == reference(text), text


@pytest.mark.slow
def test_fast_detector_on_real_text(detectors) -> None:
    ours, reference = detectors
    texts = [FR, EN, PAGE, "12345 !!!", "", "OTAN NATO UE", FR.upper(), "Ça va ? Oui. " * 50]
    for text in texts:
        assert ours.probabilities(text) == reference(text), text
    assert ours.detect(FR).lang == "fr" and ours.detect(EN).lang == "en"

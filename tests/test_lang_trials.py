"""The array trials (:mod:`cleaners.langtrials`) and their random draws against langdetect's own
``Detector``, bit for bit: random texts and seeds, langdetect's limits changed (so the iteration
limit and every batch of gathered rows are reached), real article texts and their paragraphs, the
early stop of ``detect_unless_below`` and the reuse of a detector's scratch arrays."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector
from langdetect.detector_factory import DetectorFactory

from cleaners.lang import LanguageDetector
from cleaners.langrandom import Choices, Cursor, Stream
from cleaners.langtrials import Scratch, Settings
from tests.langref import reference_factory, reference_probabilities

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
GOLD = SHARED / "benchmarks" / "article-extraction" / "ground-truth.json"


@pytest.fixture(scope="module")
def factory() -> DetectorFactory:
    return reference_factory()


def _same(ours: dict[str, float], theirs: dict[str, float]) -> bool:
    """Same languages, same order, same bits."""
    return list(ours) == list(theirs) and all(
        np.float64(ours[k]).view(np.int64) == np.float64(theirs[k]).view(np.int64) for k in ours)


_WORDS = ["le ", "la ", "the ", "and ", "of ", "défense ", "alliés ", "OTAN ", "NATO’s ", "summit ",
          "Москва ", "Киев ", "漢字 ", "der ", "und ", "é", "x", ". ", "2024 ", "(AFP) ", "ÉTATS-UNIS "]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=80), seed=st.integers(0, 2**31))
def test_random_texts_and_seeds_are_langdetects(factory, words: list[str], seed: int) -> None:
    text = "".join(words)
    ours = LanguageDetector(seed=seed).probabilities(text)
    assert _same(ours, reference_probabilities(factory, text, seed))


@pytest.mark.parametrize(("limit", "threshold"), [(0, 0.99999), (3, 0.99999), (5, 0.99999), (64, 2.0),
                                                  (70, 2.0), (200, 0.999999999), (1000, 0.5)])
def test_changed_limits_are_langdetects(factory, monkeypatch, limit: int, threshold: float) -> None:
    """A small ``ITERATION_LIMIT`` or an unreachable ``CONV_THRESHOLD`` (every trial runs to the limit:
    the later gathers, the last check) or a low one (the first check converges)."""
    monkeypatch.setattr(Detector, "ITERATION_LIMIT", limit)
    monkeypatch.setattr(Detector, "CONV_THRESHOLD", threshold)
    detector = LanguageDetector()
    rng = random.Random(limit)
    for _ in range(3):
        text = "".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 120)))
        assert _same(detector.probabilities(text), reference_probabilities(factory, text, 0)), text


def test_a_detector_reused_after_its_settings_change_is_langdetects(factory, monkeypatch) -> None:
    detector = LanguageDetector()
    text = "le secrétaire général de l'OTAN a rencontré les ministres des Alliés à Bruxelles"
    assert _same(detector.probabilities(text), reference_probabilities(factory, text, 0))
    first = detector._scratch
    monkeypatch.setattr(Detector, "ITERATION_LIMIT", 12)
    assert _same(detector.probabilities(text), reference_probabilities(factory, text, 0))
    assert detector._scratch is not first and detector._scratch.shape[0] == 12
    monkeypatch.undo()
    assert _same(detector.probabilities(text), reference_probabilities(factory, text, 0))


def test_the_scratch_holds_a_view_per_check() -> None:
    scratch = Scratch(1000, 55, 7)
    ends = [end for end, _, _ in scratch.checks]
    assert ends == list(range(1, 1002, 5))  # langdetect checks after draws 0, 5, ... 1000
    for end, block, normal in scratch.checks[1:]:
        assert np.shares_memory(block, scratch.rows) and block.shape == (6, 55)
        assert np.shares_memory(normal, block[-1]) and np.shares_memory(block[0], scratch.rows[end - 5])
    assert [hi for _, hi, _ in scratch.spans] == [64, 128, 256, 512, 1001]
    scratch.running[:] = np.arange(55.0)
    assert scratch.total.shape == () and float(scratch.total) == 54.0  # the last partial sum, as a view
    assert Scratch.fitting(scratch, Settings(7, 0.5, 0.05, 10000, 0.99999, 1000), 55) is scratch
    assert Scratch.fitting(scratch, Settings(7, 0.5, 0.05, 10000, 0.99999, 999), 55) is not scratch


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 70000),
       used=st.lists(st.integers(1, 1001), min_size=1, max_size=7))
def test_trial_starts_are_those_of_random_choice(seed: int, n: int, used: list[int]) -> None:
    """Each trial: a gauss (4 outputs or none), then draws from where it left: the start found by
    scanning from the last used draw is where ``random.choice`` resumes, labels included."""
    theirs = random.Random(seed)
    labels = np.arange(n, dtype=np.int32)[::-1].copy()
    cursor = Cursor(Stream(seed))
    choices = Choices(cursor, n, labels)
    for count in used:
        assert cursor.gauss(0.0, 1.0) == theirs.gauss(0.0, 1.0)
        choices.start()
        drawn = np.concatenate([choices.take(lo, min(lo + 100, count)) for lo in range(0, count, 100)])
        assert drawn.tolist() == [labels[theirs.choice(range(n))] for _ in range(count)]
        choices.settle(count)
    assert cursor.random() == theirs.random()


def _articles() -> list[str]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return [gold[k]["articleBody"] for k in sorted(gold)]


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.exists(), reason="the shared article-extraction benchmark is not there")
def test_real_articles_and_paragraphs_are_langdetects(factory) -> None:
    """The 181 real articles of the extraction benchmark as the pipeline sends them (the first 3,500
    characters), and their longer paragraphs one by one, as off_language asks about them."""
    detector = LanguageDetector()
    rng = random.Random(4)
    differing = []
    for body in _articles():
        texts = [body[:3500]]
        paragraphs = [p for p in body.split("\n") if len(p.split()) >= 8]
        texts += rng.sample(paragraphs, min(2, len(paragraphs)))
        for text in texts:
            ours = detector.probabilities(text)
            if not _same(ours, reference_probabilities(factory, text, 0)):
                differing.append(text[:80])
            for lang in ("en", "fr"):
                early = detector.detect_unless_below(text, lang, 0.95)
                if early is not None:
                    assert early == detector.detect(text)
                else:  # stopped early: langdetect's probability for lang is below the bound
                    assert ours.get(lang, 0.0) < 0.95 - 1e-4
    assert not differing


def test_detect_unless_below_stops_only_when_the_bound_is_out_of_reach(factory) -> None:
    detector = LanguageDetector()
    texts = ["The Secretary General met the Allied ministers in Brussels to discuss defence spending.",
             "Le secrétaire général a rencontré les ministres des Alliés à Bruxelles pour parler défense.",
             "Der Generalsekretär traf die Minister der Verbündeten in Brüssel.", "NATO OTAN 2024"]
    for text in texts:
        theirs = reference_probabilities(factory, text, 0)
        for lang in ("en", "fr", "de"):
            for bound in (0.5, 0.95, 0.99):
                early = detector.detect_unless_below(text, lang, bound)
                if early is None:
                    assert theirs.get(lang, 0.0) < bound - 1e-4
                else:
                    assert early == detector.detect(text)

"""The language detector's array model, n-gram fast path and convergence shortcut, each against
langdetect's own code (its factory's probability map, its NGram buffer, its Detector)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.utils.ngram import NGram

from cleaners.lang import LanguageDetector, _ArrayDetector
from cleaners.langgrams import chunk_grams, normalization_table
from cleaners.langmemo import Memo
from cleaners.langmodel import LangModel
from cleaners.langtrials import lead_bounds as _lead_bounds
from tests.langref import langdetect_reference

_TABLE = normalization_table()


@pytest.fixture(scope="module")
def model() -> LangModel:
    return LangModel(PROFILES_DIRECTORY)


@pytest.fixture(scope="module")
def langdetect_factory():
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0
    return factory


def _bits(rows) -> np.ndarray:
    return np.asarray(rows, dtype=np.float64).view(np.int64)


def test_every_probability_row_is_langdetects_bit_for_bit(model, langdetect_factory) -> None:
    theirs = langdetect_factory.word_lang_prob_map
    assert model.langlist == langdetect_factory.langlist
    assert set(model.codes) == set(theirs) - {" "}
    grams = list(model.codes)
    ours = model.dense(np.array([-model.codes[g] for g in grams]))
    assert ours.shape == (len(grams), len(theirs[grams[0]]))
    assert np.array_equal(_bits(ours), _bits([theirs[g] for g in grams]))
    for gram in grams[:: len(grams) // 50]:  # the Mapping view langdetect's own Detector reads
        assert _bits(model.row(gram)).tolist() == _bits(theirs[gram]).tolist()


def test_the_model_is_smaller_than_langdetects_map(model) -> None:
    arrays = model.indptr.nbytes + model.langs.nbytes + model.probs.nbytes
    assert arrays < 3_000_000  # langdetect: 87,598 lists of 55 floats (~45 MB)
    assert len(model.probs) == int(np.count_nonzero(model.probs))  # only nonzero entries are kept


@pytest.mark.slow
def test_the_translate_table_is_ngram_normalize_for_every_code_point() -> None:
    text = "".join(map(chr, range(0x110000)))
    assert text.translate(_TABLE) == "".join(map(NGram.normalize, text))


def _langdetect_grams(text: str) -> list[str]:
    """langdetect's own n-gram reading (``Detector._extract_ngrams`` before the profile lookup)."""
    ngram, out = NGram(), []
    for ch in text:
        ngram.add_char(ch)
        if ngram.capitalword:
            continue
        for n in range(1, NGram.N_GRAM + 1):
            if len(ngram.grams) < n:
                break
            w = ngram.grams[-n:]
            if w and w != " ":
                out.append(w)
    return out


_CHUNK_CHARS = list("abcxyzABCXYZéÉàÀçÇßø.,;'’-—()«»0129 \u00a0ЖжΩω漢字かカ가ạ\u0301ǅ𝐀Ⓐ")


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunk=st.one_of(st.text(st.sampled_from(_CHUNK_CHARS), max_size=14), st.text(max_size=14)),
       spaced=st.booleans())
def test_chunk_grams_are_langdetects(chunk: str, spaced: bool) -> None:
    text = chunk + " " if spaced else chunk
    ours = [w for w in chunk_grams(text.translate(_TABLE)) if w != " "]
    assert ours == _langdetect_grams(text)


def test_chunk_grams_on_words_of_every_shape() -> None:
    for word in ["alliance", "Alliance", "NATO", "NATO’s", "l’OTAN", "F-35", "x", "X", "ÉTATS-UNIS",
                 "McDonald", "iPhone", "AbCdEF", "2024", "...", "a.b.c", "Москва", "МОСКВА", "漢字"]:
        for text in (word, word + " "):
            ours = [w for w in chunk_grams(text.translate(_TABLE)) if w != " "]
            assert ours == _langdetect_grams(text), text


def test_rows_are_made_when_met_and_the_table_stays_within_the_model(model, langdetect_factory) -> None:
    memo = Memo()
    det = _ArrayDetector(_factory_of(model), memo)
    det.append("Le secrétaire général de l'OTAN a déclaré que les Alliés resteront unis.")
    grams = det._extract_ngrams()
    assert grams == Detector_grams(langdetect_factory, det.text)
    assert 1 < memo.rows <= model.size + 1 and not memo.pending
    theirs = langdetect_factory.word_lang_prob_map
    names = memo.names()
    assert sorted(names) == list(range(1, memo.rows))  # every numbered row is filled, once
    for row, gram in names.items():
        assert _bits(memo.table[row]).tolist() == _bits(theirs[gram]).tolist()
    assert len(memo.table) <= max(1024, 2 * memo.rows)


def Detector_grams(factory, text: str) -> list[str]:  # noqa: N802 (langdetect's reading, for comparison)
    det = Detector(factory)
    det.text = text
    return det._extract_ngrams()


def _factory_of(model: LangModel):
    from cleaners.langmodel import ModelFactory

    return ModelFactory(model, 0)


def test_a_memo_serves_one_model(model) -> None:
    memo = Memo()
    _ArrayDetector(_factory_of(model), memo)
    with pytest.raises(ValueError):
        _ArrayDetector(_factory_of(LangModel(PROFILES_DIRECTORY)), memo)


def _converged(values: list[float], threshold: float) -> bool:
    return max(values) / sum(values) > threshold


def _shortcut(values: list[float], lead: int, threshold: float) -> bool:
    total, low = sum(values), _lead_bounds(threshold)
    share = values[lead] / total
    if share <= low:
        share = max(values) / total
    return share > threshold


@settings(max_examples=600, deadline=None)
@given(data=st.data(), threshold=st.sampled_from([0.99999, 0.9, 0.99, 0.6000001, 0.5, 0.3]))
def test_the_lead_shortcut_decides_as_the_max(data, threshold: float) -> None:
    size = data.draw(st.integers(1, 55))
    top = data.draw(st.integers(0, size - 1))
    # one value dominating by a drawn share (near the bounds: 0.6, 2 * (1 - threshold), threshold)
    share = data.draw(st.sampled_from([threshold, 0.6, 2 * (1 - threshold), 1 - 1e-5, 1e-5, 0.5]))
    share = min(1.0, max(0.0, share * (1 + data.draw(st.floats(-1e-12, 1e-12)))))
    rest = data.draw(st.lists(st.floats(0, 1), min_size=size, max_size=size))
    scale = sum(rest) or 1.0
    values = [r / scale * (1 - share) for r in rest]
    values[top] = share
    for lead in range(size):
        assert _shortcut(values, lead, threshold) == _converged(values, threshold)


def test_the_lead_shortcut_on_random_vectors() -> None:
    rng = random.Random(5)
    for _ in range(20000):
        size = rng.randint(1, 55)
        values = [rng.random() ** rng.choice([1, 5, 40]) for _ in range(size)]
        if rng.random() < 0.5:
            values[rng.randrange(size)] *= 10 ** rng.randint(1, 9)
        for lead in (0, rng.randrange(size)):
            assert _shortcut(values, lead, 0.99999) == _converged(values, 0.99999)


@pytest.fixture(scope="module")
def reference():
    return langdetect_reference()


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


_WORDS = ["le ", "la ", "the ", "and ", "vous ", "Москва ", "漢字 ", "OTAN ", "NATO’s ", "l’armée ",
          "défense ", "a ", "x", ". ", "2024 ", "(AFP) ", "É", "ÉTATS-UNIS ", "Ωmega ", "  "]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(_WORDS), max_size=60).map("".join))
def test_probabilities_are_langdetects(detector, reference, text: str) -> None:
    assert detector.probabilities(text) == reference(text)


def test_long_mixed_texts_are_langdetects(detector, reference) -> None:
    rng = random.Random(11)
    for _ in range(4):
        text = "".join(rng.choice(_WORDS) for _ in range(rng.randint(200, 900)))
        assert detector.probabilities(text) == reference(text)


@settings(max_examples=300, deadline=None)
@given(chunk=st.text(st.sampled_from(list("abAB éÉ.-ЖΩ")), min_size=30, max_size=90), spaced=st.booleans())
def test_long_words_use_computed_slices_and_still_read_as_langdetect(chunk: str, spaced: bool) -> None:
    text = chunk + " " if spaced else chunk
    assert chunk_grams(text.translate(_TABLE)) == _langdetect_grams(text)


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 3), n=st.integers(1, 5000),
       used=st.lists(st.integers(1, 300), min_size=1, max_size=7))
def test_choices_are_random_choice_draws(seed: int, n: int, used: list[int]) -> None:
    """Trials as langdetect makes them: a gauss, then ``used`` choices, from one seeded generator."""
    from cleaners.langrandom import Choices, Cursor, Stream

    theirs = random.Random(seed)
    cursor = Cursor(Stream(seed))
    choices = Choices(cursor, n)
    for count in used:
        assert cursor.gauss(0.0, 1.0) == theirs.gauss(0.0, 1.0)
        choices.start()
        ours = np.concatenate([choices.take(lo, min(lo + 37, count)) for lo in range(0, count, 37)])
        assert ours.tolist() == [theirs.choice(range(n)) for _ in range(count)]
        choices.settle(count)
    assert cursor.random() == theirs.random()  # the cursor is where the generator is


_MAIL_PIECES = ["a", "Z", "0", ".", "-", "_", "@", "@@", " ", "é", "x.y@z", "foo@bar.com", "…", "@b",
                "a" * 70]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(_MAIL_PIECES), max_size=25).map("".join))
def test_without_mail_is_the_mail_regex_substitution(text: str) -> None:
    from cleaners.langtext import without_mail

    assert without_mail(text) == Detector.MAIL_RE.sub(" ", text)


def test_the_word_memo_rotates_stays_bounded_and_gives_langdetects_results(monkeypatch, reference) -> None:
    import cleaners.langmemo as langmemo

    monkeypatch.setattr(langmemo, "MAX_WORDS", 30)
    det = LanguageDetector()
    rng = random.Random(3)
    sizes = []
    for _ in range(6):
        text = " ".join(rng.choice(_WORDS).strip() + rng.choice(["", ",", ".", "!"]) for _ in range(40))
        assert det.probabilities(text) == reference(text)
        sizes.append(len(det._memo.words) + len(det._memo.old_words))
    assert max(sizes) <= 30 and det._memo.old_words

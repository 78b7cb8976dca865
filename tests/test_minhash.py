"""MinHash signing: deterministic, tokenization-invariant, and an unbiased Jaccard estimator."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.stages.minhash import MinHasher, MinHashOptions, estimated_jaccard


def _text(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [f"w{rng.randrange(100000)}" for _ in range(n)]


def _shingles(tokens: list[str], n: int = 5) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def test_signature_is_deterministic_across_instances():
    text = " ".join(_text(1, 300))
    a, b = MinHasher(), MinHasher()
    MinHasher().signature("warm up a different instance with another text entirely")
    assert a.signature(text).dtype == np.uint32 and len(a.signature(text)) == 112
    assert np.array_equal(a.signature(text), b.signature(text))
    assert not np.array_equal(a.signature(text), MinHasher(MinHashOptions(seed=2)).signature(text))


def test_case_punctuation_and_spacing_do_not_matter_but_words_do():
    h = MinHasher()
    base = "The ministers met in Brussels on Tuesday to discuss air defence and ammunition stocks"
    variant = "the  ministers met in Brussels, on Tuesday — to discuss air-defence and ammunition stocks!"
    assert np.array_equal(h.signature(base), h.signature(variant))
    assert np.array_equal(h.signature("l’OTAN et l'alliance"), h.signature("l'OTAN et l’alliance"))
    assert estimated_jaccard(h.signature(base), h.signature(base.replace("Tuesday", "Monday"))) < 1.0
    assert not np.array_equal(h.word_hashes("ab cd"), h.word_hashes("abc d"))


def test_short_and_empty_texts():
    h = MinHasher()
    assert len(h.shingles("")) == 0 and len(h.shingles("!!! ...")) == 0
    assert len(h.shingles("one two")) == 1  # fewer words than n: one shingle of everything
    empty, short = h.signature(""), h.signature("one two")
    assert estimated_jaccard(empty, short) == 0.0
    assert estimated_jaccard(short, h.signature("One, two.")) == 1.0


@pytest.mark.parametrize("keep", [0.95, 0.85, 0.6, 0.3])
def test_estimate_tracks_true_jaccard(keep):
    """Over 40 pairs, the mean estimate is within 0.03 of the true 5-gram Jaccard (MinHash is unbiased;
    the standard error of the mean is about sqrt(J(1-J)/112/40) < 0.01)."""
    h = MinHasher()
    errors = []
    for seed in range(40):
        a = _text(seed, 400)
        rng = random.Random(1000 + seed)
        b = [w if rng.random() < keep else f"x{rng.randrange(10**6)}" for w in a]
        sa, sb = _shingles(a), _shingles(b)
        true = len(sa & sb) / len(sa | sb)
        errors.append(estimated_jaccard(h.signature(" ".join(a)), h.signature(" ".join(b))) - true)
    assert abs(float(np.mean(errors))) < 0.03
    assert float(np.max(np.abs(errors))) < 0.25


def test_band_keys_equal_iff_band_equal():
    h = MinHasher()
    sigs = np.vstack([h.signature(" ".join(_text(s, 200))) for s in range(3)])
    sigs[1, :8] = sigs[0, :8]  # same first band
    keys = h.band_keys(sigs)
    assert keys.shape == (3, 14)
    assert keys[0, 0] == keys[1, 0] and keys[0, 1] != keys[1, 1] and keys[0, 0] != keys[2, 0]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_signs_without_error(text):
    sig = MinHasher().signature(text)
    assert sig.shape == (112,) and sig.dtype == np.uint32
    assert np.array_equal(sig, MinHasher().signature(text))


def _fmix32(x: int) -> int:
    x ^= x >> 16
    x = (x * 0x85EBCA6B) & 0xFFFFFFFF
    x ^= x >> 13
    x = (x * 0xC2B2AE35) & 0xFFFFFFFF
    return x ^ (x >> 16)


def _word_hash(word: bytes) -> int:
    """The module docstring's word hash, one byte at a time: sum of b[j] * P**(len-1-j), plus the length."""
    h = 0
    for b in word:
        h = (h * 0x01000193 + b) & 0xFFFFFFFF
    return _fmix32((h + len(word)) & 0xFFFFFFFF)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ019 .,;-\n\t") + ["é", "ж", "中", "ß"]), max_size=300))
def test_word_hashes_follow_the_byte_by_byte_definition(text):
    import re

    words = re.findall(rb"[a-z0-9\x80-\xff]+", text.lower().encode("utf-8"))
    assert MinHasher().word_hashes(text).tolist() == [_word_hash(w) for w in words]


def test_power_tables_equal_the_running_product():
    from corpus.stages.minhash import _powers, _running_powers

    for base in (0x01000193, pow(0x01000193, -1, 1 << 32), 0x9E3779B1):
        for n in (1, 2, 5, 1023, 1024, 1025, 4097, 100_003):
            assert (_powers(base, n) == _running_powers(base, n)).all()
    # long texts grow the tables several times: the signatures do not depend on it
    long = " ".join(f"w{i}" for i in range(60_000))
    fresh, grown = MinHasher(), MinHasher()
    grown.signatures(["short text here"])
    assert (fresh.signature(long) == grown.signature(long)).all()

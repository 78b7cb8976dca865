"""The language detector's chunk memo: bounded (two generations), and never a cause of a different result."""

from __future__ import annotations

import random

import pytest

import cleaners.langmemo as langmemo
from cleaners.lang import LanguageDetector
from tests.langref import langdetect_reference


def _texts(n: int) -> list[str]:
    rng = random.Random(7)
    vocab_en = [f"{w}{i}" for i, w in enumerate(["alliance", "defence", "summit", "minister"] * 50)]
    vocab_fr = [f"{w}{i}" for i, w in enumerate(["alliance", "défense", "sommet", "ministre"] * 50)]
    base = {"en": "the members of the alliance agreed to strengthen their defence ",
            "fr": "les membres de l'alliance ont convenu de renforcer leur défense "}
    out = []
    for i in range(n):
        lg = "en" if i % 2 else "fr"
        vocab = vocab_en if lg == "en" else vocab_fr
        out.append(base[lg] + " ".join(rng.choice(vocab) for _ in range(12)))
    return out


@pytest.fixture(scope="module")
def reference():
    return langdetect_reference()


def test_a_small_memo_rotates_stays_bounded_and_gives_langdetects_results(monkeypatch, reference) -> None:
    monkeypatch.setattr(langmemo, "MAX_MEMO", 40)  # young generation full after 20 chunks
    det = LanguageDetector()
    texts = _texts(12)
    sizes = []
    for text in texts + texts[:4]:  # the repeats meet their chunks in the old generation or afresh
        assert det.probabilities(text) == reference(text)
        memo = det._memo
        sizes.append(len(memo.spaced) + len(memo.final) + len(memo.old_spaced) + len(memo.old_final))
    assert max(sizes) <= 40
    assert det._memo.old_spaced  # it rotated


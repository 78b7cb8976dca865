"""Precision on article text: the gold article bodies of the article-extraction benchmark (181 real
pages, ../shared/benchmarks/article-extraction/ground-truth.json, MIT) are what a perfect extractor
returns, so every paragraph the cleaners remove from them is counted (a false drop, unless it is a
kind the cleaners exist to remove and the benchmark kept: credits, date lines, empty ornaments)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from cleaners import clean, default_stages

GROUND_TRUTH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / \
    "ground-truth.json"
# kinds the task asks to remove even where this benchmark's gold keeps them
BY_DESIGN = {"caption", "date_widget", "byline"}


@pytest.mark.slow
def test_article_bodies_lose_almost_nothing() -> None:
    if not GROUND_TRUTH.is_file():
        pytest.fail(f"missing {GROUND_TRUTH} (the shared benchmark next to the repository)")
    bodies = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    stages = default_stages()
    total = 0
    kinds: Counter[str] = Counter()
    prose_drops: list[str] = []
    for key in sorted(bodies):
        result = clean(bodies[key]["articleBody"] or "", lang="auto", stages=stages)
        total += result.stats["clean/paragraphs"]
        for r in result.removed:
            if not re.search(r"[^\W_]", r.text):
                kinds["no_text"] += 1
            elif r.stage in BY_DESIGN:
                kinds["by_design"] += 1
            else:
                kinds["prose"] += 1
                prose_drops.append(f"{key[:8]} {r.stage}/{r.reason}: {r.text[:90]}")
    print(f"{len(bodies)} bodies, {total} paragraphs, removed: {dict(kinds)}")
    print("\n".join(prose_drops))
    assert len(bodies) == 181 and total > 4000
    # measured at 24 prose paragraphs out of 4363 (0.55%): a deals post's sign-up lines, a shopping
    # box under "Don't Miss", share pleas, a meal plan's repeated recipes; this guards regressions
    assert kinds["prose"] <= 28, "\n".join(prose_drops)

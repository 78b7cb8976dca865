"""Boilerplate learning from compact :class:`Pairs` (a paragraph hash per row, document fields once) learns
what the (n, 4)-row algorithm it replaced learned, written out here as the reference."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.stages.boilerplate import BoilerplateLearner, BoilerplateOptions, Pairs, PairsBuilder


def _reference_latest(rows: np.ndarray) -> np.ndarray:
    if len(rows) == 0:
        return rows
    captures, inverse = np.unique(rows[:, 1:4], axis=0, return_inverse=True)
    order = np.lexsort((captures[:, 0], captures[:, 2], captures[:, 1]))
    by_url = captures[order]
    last = np.ones(len(by_url), dtype=bool)
    last[:-1] = by_url[1:, 1] != by_url[:-1, 1]
    is_latest = np.zeros(len(captures), dtype=bool)
    is_latest[order] = last
    return rows[is_latest[inverse.ravel()]]


def _reference_learn(parts: dict[str, list[np.ndarray]], options: BoilerplateOptions) -> dict:
    out = {}
    for source in sorted(parts):
        rows = _reference_latest(np.concatenate(parts[source]))
        pairs = np.unique(rows[:, :2], axis=0)
        n_docs = len(np.unique(pairs[:, 1]))
        threshold = max(options.min_docs, math.ceil(options.min_fraction * n_docs))
        hashes, counts = np.unique(pairs[:, 0], return_counts=True)
        out[source] = hashes[counts >= threshold]
    return out


# few distinct values, so that URLs are fetched again, texts are copied and paragraphs recur
_doc = st.tuples(st.lists(st.sampled_from(["a", "b", "c", "d", "", "e f"]), max_size=5),
                 st.sampled_from(["https://s/1", "https://s/2", "https://s/3"]),
                 st.sampled_from(["", "2024-05-03T10:00:00Z", "2024-06-01T10:00:00Z"]))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x", "y"]), st.lists(_doc, max_size=6)), max_size=5),
       st.integers(1, 3), st.sampled_from([0.0, 0.1, 0.5]))
def test_learning_from_pairs_equals_the_row_algorithm(files, min_docs: int, min_fraction: float) -> None:
    options = BoilerplateOptions(min_docs=min_docs, min_fraction=min_fraction)
    learner, reference = BoilerplateLearner(options), {}
    for source, docs in files:
        builder = PairsBuilder()
        for norms, url, fetched in docs:
            builder.add(norms, url, fetched)
        learner.add(source, builder.pairs())
        reference.setdefault(source, []).append(builder.rows())
    learned, expected = learner.learn(), _reference_learn(reference, options)
    assert learned.keys() == expected.keys()
    for source in expected:
        assert np.array_equal(learned[source], expected[source])


def test_pairs_rows_round_trip_and_a_learner_takes_both_forms() -> None:
    builder = PairsBuilder()
    for i in range(5):
        builder.add(["menu", f"body {i}", ""], f"https://s/{i}", "2024-05-03T10:00:00Z")
    builder.add([], "https://s/empty", "")
    pairs = builder.pairs()
    assert pairs.counts.tolist() == [2, 2, 2, 2, 2, 0] and len(pairs.docs) == 6
    assert np.array_equal(Pairs.of_rows(pairs.rows()).rows(), pairs.rows())
    a, b = BoilerplateLearner(BoilerplateOptions()), BoilerplateLearner(BoilerplateOptions())
    a.add("s", pairs)
    b.add("s", pairs.rows())
    learned = a.learn()["s"]
    assert len(learned) == 1 and np.array_equal(learned, b.learn()["s"])  # "menu" only

"""langdetect's trials (the loop of ``Detector._detect_block`` once the n-grams are read), on arrays,
with the same probabilities bit for bit (used by :class:`cleaners.lang._ArrayDetector`).

langdetect runs ``n_trial`` trials; each draws n-grams at random (``random.choice``), multiplies the
55 language probabilities by ``weight + row`` for each draw (``row``: the n-gram's profile
probabilities) and, after draws 0, 5, 10..., divides them by their sum (added in order) and stops
once the largest exceeds ``threshold`` (or at draw ``limit``); the trials' results, each divided by
``n_trial``, are added in order.

Here the products between two checks are one ``np.multiply.reduce`` over a block of rows (element by
element the same factors in the same order, so the same products), written over the block's last row
(used up) once normalized, so the next block starts from them; the rows (a trial's starting
probabilities and its draws' factors, gathered from the table in a few batches) live in a
:class:`Scratch` made once per detector with a view of every block, so a check makes no slice. The
sum is ``np.add.accumulate``'s last partial sum (CPython before 3.12 adds ``sum``'s floats in order,
one rounding per addition; ``np.add.reduce`` adds pairwise) read through a 0-d view by the division;
from 3.12 ``sum`` compensates the rounding errors, and is called as it is. The check reads the
leading language's share before computing a max (:func:`lead_bounds`). The trials' results are added
at the end, one ``np.add.accumulate`` down the trials (the order langdetect adds them in).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from cleaners.langrandom import Choices

FIRST_ROWS = 64  # draws gathered at a trial's start (half the trials use fewer), then doubled
RUNNING_SUM = sys.implementation.name == "cpython" and sys.version_info < (3, 12)


@dataclass(frozen=True)
class Stop:
    """Stop the trials once language ``index`` cannot reach probability ``bound``."""

    index: int
    bound: float


class Unreachable(Exception):
    """The trials stopped early: the language asked about cannot reach its bound."""


@dataclass(slots=True)
class Settings:
    """langdetect's ``Detector`` attributes the trials read (``ALPHA_WIDTH``, ``BASE_FREQ``,
    ``CONV_THRESHOLD``, ``ITERATION_LIMIT`` and the instance's ``alpha`` and ``n_trial``)."""

    n_trial: int
    alpha: float
    alpha_width: float
    base_freq: float
    threshold: float
    limit: int


class Scratch:
    """A detector's scratch arrays, overwritten by every detection before they are read (never a
    result carried from one text to the next), and views of them made once: ``rows`` holds the
    factors of a trial's draws (row ``1 + j`` for draw j; room for langdetect's most);
    ``checks`` lists, for each convergence check, the end of its block of draws, the rows its product
    reads (the probabilities so far, then the factors; for the first check, the factors of draw 0
    alone: the probabilities are a constant) and the row its normalized probabilities overwrite;
    ``spans`` the draws gathered at once (the first ``FIRST_ROWS``, then doubling) and
    their rows; ``prob`` a product, ``running`` the partial sums of ``prob`` and ``total`` a 0-d
    view of the last; ``found`` each trial's result, ``sums`` their partial sums."""

    def __init__(self, limit: int, width: int, n_trial: int) -> None:
        self.shape = (limit, width, n_trial)
        # langdetect checks after draws 0, 5, 10... and stops at the first check past draw limit - 1
        ends = range(1, limit + 6, 5)
        self.rows = rows = np.empty((ends[-1] + 1, width))  # (row 0 unused)
        blocks = [(end, rows[start:end + 1], rows[end]) for start, end in zip(ends, ends[1:], strict=False)]
        self.checks = [(1, rows[1], rows[1]), *blocks]
        bounds = [0, min(FIRST_ROWS, ends[-1])]
        while bounds[-1] < ends[-1]:
            bounds.append(min(2 * bounds[-1], ends[-1]))
        self.spans = [(lo, hi, rows[lo + 1:hi + 1]) for lo, hi in zip(bounds, bounds[1:], strict=False)]
        self.prob, self.running = np.empty(width), np.empty(width)
        self.total = self.running[-1:].reshape(())
        self.found, self.sums = np.empty((n_trial, width)), np.empty((n_trial, width))

    @classmethod
    def fitting(cls, scratch: Scratch | None, settings: Settings, width: int) -> Scratch:
        """``scratch`` if it fits these settings and rows, else a new one."""
        shape = (settings.limit, width, settings.n_trial)
        return scratch if scratch is not None and scratch.shape == shape else cls(*shape)


def run(table: np.ndarray, choices: Choices, settings: Settings, scratch: Scratch,
        stop: Stop | None = None) -> list[float]:
    """langdetect's ``langprob`` after its trials: ``choices`` gives the draws as rows of ``table``
    (their gauss draws and choices from one cursor). Raises :class:`Unreachable` when ``stop``'s
    language cannot reach its bound any more (checked after each trial)."""
    n_trial, alpha, alpha_width, base_freq, threshold = (
        settings.n_trial, settings.alpha, settings.alpha_width, settings.base_freq, settings.threshold)
    scratch = Scratch.fitting(scratch, settings, table.shape[1])
    prob, running, total, spans, checks, found = (
        scratch.prob, scratch.running, scratch.total, scratch.spans, scratch.checks, scratch.found)
    multiply, product, accumulate, divide, gather, gauss = (
        np.multiply, np.multiply.reduce, np.add.accumulate, np.divide, table.take, choices.cursor.gauss)
    low, start = lead_bounds(threshold), 1.0 / len(prob)  # langdetect's starting probabilities
    lead = 0  # the language checked first (the last one found leading)
    so_far = 0.0  # stop's language: its probability so far
    for trial in range(n_trial):
        weight = (alpha + gauss(0.0, 1.0) * alpha_width) / base_freq
        choices.start()
        span = 0
        _, drawn, new = spans[0]  # draws whose factors are in rows
        gather(choices.take(0, drawn), 0, new, "clip")
        new += weight
        for end, block, normal in checks:  # block: the probabilities so far, then the factors
            if end > drawn:  # the factors of the next draws
                span += 1
                lo, drawn, new = spans[span]
                gather(choices.take(lo, drawn), 0, new, "clip")
                new += weight
            if end == 1:  # langdetect's starting probabilities (all the same) by draw 0's factors
                multiply(block, start, prob)
            else:
                product(block, 0, None, prob)
            if RUNNING_SUM:  # langdetect's sum(prob): added in order; total is the last partial sum
                accumulate(prob, 0, None, running)
                divide(prob, total, normal)  # over the block's last factors (used): the next start
            else:
                divide(prob, sum(prob.tolist()), normal)
            share = normal.item(lead)  # max(normal) when above 0.6 (lead_bounds)
            if share <= low:
                lead = int(normal.argmax())
                share = normal.item(lead)
            if share > threshold:
                break
        choices.settle(end)
        found[trial] = normal
        if stop is not None:  # each later trial adds at most 1 / n_trial (slack for rounding)
            so_far += normal.item(stop.index) / n_trial
            if so_far + (n_trial - 1 - trial) / n_trial + 1e-9 < stop.bound:
                raise Unreachable
    divide(found, n_trial, found)
    return accumulate(found, 0, None, scratch.sums)[-1].tolist()  # langprob[j] += prob[j] / n_trial


def lead_bounds(threshold: float) -> float:
    """A share (``values[k] / total``) above which langdetect's convergence test ``max(values) / total
    > threshold`` gives the same answer as ``values[k] / total > threshold``, without the max.

    The values are >= 0 and ``total`` is their sum added in order (each partial sum rounded up or down
    by at most a relative 2**-53, so ``total`` is within 55 * 2**-53 of the exact sum S). If the share
    is above 0.6, ``values[k]`` is above S / 2, so no other value is larger: it is the max, and the
    test is the share's. If the share is above ``2 * (1 - threshold)`` (and at most 0.6), no value
    can pass the test: one above ``threshold * total`` would leave less than ``(1 - threshold) * S``
    to all the others, ``values[k]`` included. Below that bound the max is computed."""
    if not 0.6 < threshold < 1.0:
        return float("inf")  # (langdetect's threshold is 0.99999): always compute the max
    return 2.0 * (1.0 - threshold)

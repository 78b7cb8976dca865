"""langdetect's random draws, computed from the seed's Mersenne Twister outputs made in bulk.

langdetect reseeds ``random.Random`` for every detection and draws ``gauss`` and ``choice`` values from
it; :class:`Cursor` gives the same numbers as CPython does, read from a :class:`Stream` of the seed's
32-bit outputs, and :class:`Choices` gives each trial's ``choice`` draws (used by :mod:`cleaners.lang`).
"""

from __future__ import annotations

import math
import random

import numpy as np

TWOPI = 2.0 * math.pi


class Stream:
    """The 32-bit outputs of ``random.Random(seed)``'s Mersenne Twister, in order (a pure function of
    the seed), produced as far as needed. ``getrandbits(32 * m)`` returns the next m outputs, the
    first in the lowest bits."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self.outputs = np.empty(0, dtype=np.uint32)

    def upto(self, end: int) -> np.ndarray:
        if end > len(self.outputs):
            count = max(end - len(self.outputs), len(self.outputs), 4096)
            more = np.frombuffer(self._rng.getrandbits(32 * count).to_bytes(4 * count, "little"), dtype="<u4")
            self.outputs = np.concatenate((self.outputs, more))
        return self.outputs


class Cursor:
    """What langdetect's ``self.random`` (reseeded for every detection) does, read from the seed's
    stream: ``random()`` and ``gauss()`` as CPython computes them (``choice`` draws: :class:`Choices`)."""

    def __init__(self, stream: Stream) -> None:
        self.stream, self.pos = stream, 0
        self.gauss_next: float | None = None

    def random(self) -> float:
        """``random.random``: 53 bits from two outputs (27 of the first, 26 of the second)."""
        a, b = self.stream.upto(self.pos + 2)[self.pos:self.pos + 2].tolist()
        self.pos += 2
        return _real(a, b)

    def gauss(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        """``random.gauss`` (Box-Muller, the second value kept for the next call): two ``random()``."""
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            a, b, c, d = self.stream.upto(self.pos + 4)[self.pos:self.pos + 4].tolist()
            self.pos += 4
            x2pi = _real(a, b) * TWOPI
            g2rad = math.sqrt(-2.0 * math.log(1.0 - _real(c, d)))
            z = math.cos(x2pi) * g2rad
            self.gauss_next = math.sin(x2pi) * g2rad
        return mu + z * sigma


def _real(first: int, second: int) -> float:
    """The float ``random.random`` makes of two outputs."""
    return ((first >> 5) * 67108864.0 + (second >> 6)) * (1.0 / 9007199254740992.0)


class Choices:
    """``random.choice(ngrams)`` draws (``n`` n-grams) of one detection's trials, read from the seed's
    stream (given ``labels``, ``labels[draw]`` in place of each draw: the rows of the n-grams drawn).

    ``choice`` calls ``getrandbits(k)`` (k: the bit length of ``n``) until the value is below ``n``; for
    k <= 32 each call is one output shifted right by 32 - k. So whoever reads an output (a trial's
    ``gauss`` or its draws), it is an accepted draw or a rejected one for this ``n``: the accepted
    outputs of a window of the stream are found at once (their values, and the position after each),
    the window doubling as needed. A trial (``start``) takes the accepted outputs from the cursor on;
    when it stops (``settle``), the cursor moves past exactly the outputs its used draws consumed, where
    the next trial's ``gauss`` reads, as langdetect's would."""

    WINDOW = 1024  # outputs examined at first (seven trials of ~50 draws read ~500)

    def __init__(self, cursor: Cursor, n: int, labels: np.ndarray | None = None) -> None:
        if not 0 < n < 2**32:
            raise ValueError(f"{n} n-grams: one 32-bit output per draw needs 0 < n < 2**32")
        if labels is not None and len(labels) != n:
            raise ValueError(f"{len(labels)} labels for {n} choices")
        self.cursor, self._labels = cursor, labels
        self._shift, self._below = np.uint32(32 - n.bit_length()), np.uint32(n)
        self.window = 0  # outputs examined
        self.after = np.empty(0, dtype=np.intp)  # per accepted output: its position + 1
        # per accepted output: the draw (an index below n), or its label (``labels[draw]``) if given
        self.values = np.empty(0, dtype=np.intp if labels is None else labels.dtype)
        self.first = 0  # the current trial's first draw (an index into after/values)
        self.next = 0  # the first draw no trial used (the accepted outputs before it end at or before pos)

    def _examine(self, window: int) -> None:
        outputs = self.cursor.stream.upto(window)[self.window:window] >> self._shift
        ok = (outputs < self._below).nonzero()[0]  # np.flatnonzero's answer for a 1-d array
        drawn = outputs[ok].astype(np.intp)
        if self._labels is not None:
            drawn = self._labels.take(drawn)
        self.after = np.concatenate((self.after, ok + (self.window + 1)))
        self.values = np.concatenate((self.values, drawn))
        self.window = window

    def start(self) -> None:
        """A trial starts: its draws are the accepted outputs from the cursor's position on, the first
        one after ``next`` (the outputs are read in order: only those read since, by a ``gauss``, are
        skipped)."""
        first, pos = self.next, self.cursor.pos
        while True:
            if first >= len(self.after):
                self._examine(max(self.WINDOW, 2 * self.window))
            elif self.after.item(first) <= pos:
                first += 1
            else:
                self.first = first
                return

    def take(self, lo: int, hi: int) -> np.ndarray:
        """The trial's draws ``lo`` to ``hi`` (excluded), or their labels."""
        while self.first + hi > len(self.values):
            self._examine(max(self.WINDOW, 2 * self.window))
        return self.values[self.first + lo:self.first + hi]

    def settle(self, used: int) -> None:
        """The trial made ``used`` draws (taken already): move the cursor past them."""
        self.next = self.first + used
        self.cursor.pos = self.after.item(self.next - 1)

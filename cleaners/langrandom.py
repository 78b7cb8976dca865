"""langdetect's random draws, computed from the seed's Mersenne Twister outputs made in bulk.

langdetect reseeds ``random.Random`` for every detection and draws ``gauss`` and ``choice`` values from
it; :class:`Cursor` gives the same numbers as CPython does, read from a :class:`Stream` of the seed's
32-bit outputs, and :class:`Draws` yields one trial's ``choice`` draws in batches (used by
:mod:`cleaners.lang`).
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
    stream: ``random()`` and ``gauss()`` as CPython computes them, and ``choice`` draws (:class:`Draws`)."""

    def __init__(self, stream: Stream) -> None:
        self.stream, self.pos = stream, 0
        self.gauss_next: float | None = None

    def random(self) -> float:
        """``random.random``: 53 bits from two outputs (27 of the first, 26 of the second)."""
        out = self.stream.upto(self.pos + 2)
        a, b = int(out[self.pos]) >> 5, int(out[self.pos + 1]) >> 6
        self.pos += 2
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)

    def gauss(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        """``random.gauss`` (Box-Muller, the second value kept for the next call)."""
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            x2pi = self.random() * TWOPI
            g2rad = math.sqrt(-2.0 * math.log(1.0 - self.random()))
            z = math.cos(x2pi) * g2rad
            self.gauss_next = math.sin(x2pi) * g2rad
        return mu + z * sigma



class Draws:
    """``random.choice(ngrams)`` draws of one trial, read in batches from the stream.

    ``choice`` draws ``getrandbits(k)`` (k: the bit length of the number of n-grams) until the
    value is below that number; for k <= 32 each call is one output shifted right by 32 - k. As a
    trial stops at a convergence check, the cursor then moves past exactly the outputs the used
    draws consumed, where the next trial's ``gauss`` reads, as langdetect's would."""

    BATCH = 128

    def __init__(self, cursor: Cursor, n: int) -> None:
        self.cursor, self.n, self.bits = cursor, n, n.bit_length()
        self._shift, self._below = np.uint32(32 - self.bits), np.uint32(n)  # numpy scalars, converted once
        self.start = cursor.pos
        self.fetched = 0  # outputs read for this trial
        self.ends: list[np.ndarray] = []  # per batch: for each accepted draw, outputs consumed up to it

    def more(self) -> np.ndarray:
        """The next batch of accepted draws (indices into the n-grams)."""
        lo = self.start + self.fetched
        raw = self.cursor.stream.upto(lo + self.BATCH)[lo: lo + self.BATCH]
        values = raw >> self._shift
        ok = (values < self._below).nonzero()[0]  # np.flatnonzero's answer for a 1-d array
        self.ends.append(ok + (self.fetched + 1))
        self.fetched += self.BATCH
        return values[ok].astype(np.intp)

    def settle(self, used: int) -> None:
        """Move the cursor as if exactly ``used`` draws had been made one by one."""
        self.cursor.pos = self.start + int(np.concatenate(self.ends)[used - 1])

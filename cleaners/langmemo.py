"""The language detector's memo: tables of pure functions, so a result never depends on what they hold.

One :class:`Memo` per :class:`cleaners.lang.LanguageDetector` (never process-wide). It maps

* an n-gram of the model to its row in ``table`` (its language probabilities), rows numbered as the
  n-grams are met and filled in one batch after each text (``flush``: :meth:`LangModel.dense`);
* a space-separated chunk of a text (followed by a space, or the text's last) to the rows of its
  n-grams, as the bytes of ``ID`` ints (langdetect's n-gram buffer restarts after every space, so
  they depend only on the chunk and on whether a space follows it);
* a word of a normalized chunk, padded with its spaces (:func:`cleaners.langgrams.chunk_words`), to
  the rows of its n-grams: chunks met for the first time are mostly known words with other
  punctuation or case around them ("défense," "défense." "(défense");
* a seed to its stream of random numbers (:class:`cleaners.langrandom.Stream`).

The chunk and word tables are bounded (memory on a long run): two generations each; when the young one
is full it becomes the old one and the old one is dropped (an entry met again is promoted back), so
the entries in use stay. ~210 bytes a chunk: ~21 MB at most for ``MAX_MEMO`` chunks, ~10 MB for
``MAX_WORDS`` words. ``table`` holds only the rows of the n-grams met (at most the model's 87,598).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from cleaners.langgrams import word_grams
from cleaners.langmodel import LangModel
from cleaners.langrandom import Stream

MAX_MEMO = 100_000  # chunks (two generations of up to half as many)
MAX_WORDS = 50_000  # words (likewise)
ID = np.dtype(np.int32)  # an n-gram's row in the memo's table (langdetect has < 2**31 n-grams)
_UNKNOWN = repeat(b"")  # dict.get's default for an n-gram the profiles lack (it adds no row)


@dataclass
class Memo:
    """``codes``: the model's n-grams -> their row (from 1) as the 4 bytes of an ``ID``, or the model's
    (negative) code until the row is numbered; ``pending``: the model numbers of the rows numbered but
    not yet filled (the last ones); ``spaced``/``final``/``words``: the young generations (chunks
    followed by a space, texts' last chunks, padded words), ``old_*`` the previous ones."""

    model: LangModel | None = None
    codes: dict[str, bytes | int] = field(default_factory=dict)
    table: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))
    rows: int = 1  # rows numbered (row 0 is never one)
    pending: list[int] = field(default_factory=list)
    spaced: dict[str, bytes] = field(default_factory=dict)
    final: dict[str, bytes] = field(default_factory=dict)
    words: dict[str, bytes] = field(default_factory=dict)
    old_spaced: dict[str, bytes] = field(default_factory=dict)
    old_final: dict[str, bytes] = field(default_factory=dict)
    old_words: dict[str, bytes] = field(default_factory=dict)
    streams: dict[int, Stream] = field(default_factory=dict)  # seed -> its random stream

    def bind(self, model: LangModel) -> None:
        """Use ``model``'s n-grams (on first use; a memo serves one model)."""
        if self.model is None:
            self.model, self.codes = model, dict(model.codes)
            self.table = np.zeros((1, model.width))  # row 0
        elif self.model is not model:
            raise ValueError("this memo holds another model's rows")

    def chunk(self, table: dict[str, bytes], old: dict[str, bytes], chunk: str, text: str,
              make: Callable[[str], bytes]) -> bytes:
        """The rows of ``chunk`` in ``table`` (``spaced`` or ``final``), from the old generation ``old``
        or ``make(text)`` when it is in neither."""
        got = table.get(chunk)
        if got is None:
            got = old.get(chunk)
            table[chunk] = got = make(text) if got is None else got
            if len(self.spaced) + len(self.final) >= MAX_MEMO // 2:
                self.old_spaced, self.old_final = self.spaced, self.final
                self.spaced, self.final = {}, {}
        return got

    def word(self, padded: str) -> bytes:
        """The rows of the n-grams of a padded word (rows numbered for the new n-grams)."""
        got = self.words.get(padded)
        if got is None:
            got = self.old_words.get(padded)
            if got is None:
                got = self._word_ids(padded)
            self.words[padded] = got
            if len(self.words) >= MAX_WORDS // 2:
                self.old_words, self.words = self.words, {}
        return got

    def _word_ids(self, padded: str) -> bytes:
        grams = word_grams(padded)(padded)
        try:
            return b"".join(map(self.codes.get, grams, _UNKNOWN))
        except TypeError:  # an int: an n-gram met for the first time
            return b"".join(map(self._number, grams))

    def _number(self, gram: str) -> bytes:
        got = self.codes.get(gram, b"")
        if isinstance(got, int):
            self.pending.append(-got)
            got = self.codes[gram] = self.rows.to_bytes(ID.itemsize, sys.byteorder, signed=True)
            self.rows += 1
        return got

    def flush(self) -> None:
        """Fill the rows numbered since the last flush (the table grows by doubling)."""
        if not self.pending:
            return
        assert self.model is not None
        first = self.rows - len(self.pending)
        if self.rows > len(self.table):
            grown = np.zeros((min(max(1024, 2 * self.rows), self.model.size + 1), self.model.width))
            grown[:first] = self.table[:first]
            self.table = grown
        self.table[first:self.rows] = self.model.dense(np.array(self.pending))
        self.pending.clear()

    def stream(self, seed: int) -> Stream:
        got = self.streams.get(seed)
        if got is None:
            got = self.streams[seed] = Stream(seed)
        return got

    def names(self) -> dict[int, str]:
        """Row -> n-gram, for the rows numbered."""
        return {int.from_bytes(i, sys.byteorder): w for w, i in self.codes.items() if isinstance(i, bytes)}

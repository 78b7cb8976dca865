"""How many whitespace-separated words a text has, and how many of them hold a letter, from its code points.

``len(text.split())`` and :func:`corpus.stages.quality.alpha_words` build a string per word; here the
text's code points (one ``utf-32`` encoding) are looked up in two tables of the Basic Multilingual Plane,
whitespace (``str.isspace``, what ``str.split`` splits on) and letter (``[^\\W\\d_]``: alphanumeric and
not a decimal digit), and the counts are array reductions: a word starts at a non-space after a space
(or at the start); a word holds a letter when one of its characters is one. The tables are built once
per process on first use (128 KB, a pure function of the Unicode database);
tests/test_stages_wordcount.py compares them with ``str.isspace`` and the regex on every code point.
No character beyond U+FFFF is a space; whether one is a letter is asked of ``str`` (they are rare). A
text with a lone surrogate gets None: the caller splits it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from corpus.stages.codepoints import code_points

_BMP = 0x10000


@dataclass(frozen=True)
class CharClasses:
    space: np.ndarray  # (65536,) bool: str.isspace
    letter: np.ndarray  # (65536,) bool: [^\W\d_]


def _letter(ch: str) -> bool:
    return ch.isalnum() and not ch.isdecimal()


def build_classes() -> CharClasses:
    chars = [chr(c) for c in range(_BMP)]
    space = np.fromiter(map(str.isspace, chars), dtype=bool, count=_BMP)
    letter = np.fromiter(map(_letter, chars), dtype=bool, count=_BMP)
    return CharClasses(space, letter)


@functools.cache  # built on first use (see the module docstring)
def classes() -> CharClasses:
    return build_classes()


def word_counts(text: str) -> tuple[int, int] | None:
    """``(len(words), alpha_words(words))`` for ``words = text.split()``, or None for a text holding a
    lone surrogate."""
    codes = code_points(text)
    if codes is None:
        return None
    if not len(codes):
        return 0, 0
    c = classes()
    astral = codes.max() >= _BMP
    bmp = np.minimum(codes, _BMP - 1) if astral else codes  # U+FFFF: neither a space nor a letter
    space = c.space.take(bmp)
    starts = ~space
    starts[1:] &= space[:-1]
    words = int(np.count_nonzero(starts))
    letter = c.letter.take(bmp)
    if astral:
        at = np.flatnonzero(codes >= _BMP)
        letter[at] = [_letter(chr(k)) for k in codes[at].tolist()]
    in_letter = np.cumsum(starts)[letter]  # the word number of each letter, ascending
    alpha = int(np.count_nonzero(in_letter[1:] != in_letter[:-1])) + 1 if len(in_letter) else 0
    return words, alpha

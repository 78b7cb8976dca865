"""CCNet normalization of a whole text's lines through one table lookup per character (numpy).

Every step of :func:`corpus.stages.textnorm.normalize` but the last (collapsing whitespace) maps each
character on its own: casefold, canonical decomposition (NFD), stripping marks U+0300-U+036F, digits to
``0``, any other non-word character to a space. NFD also reorders runs of non-starters, but each
non-starter is either a stripped mark or a non-word character (none is alphanumeric:
tests/test_stages_foldtable.py checks every code point), hence a space, so their order never shows.
A text's lines are thus its code points looked up in a table of each Basic Multilingual Plane
character's form (0 to 3 characters, any whitespace but the newline a space), then spaces collapsed and
stripped around newlines with two array masks. The table is built once per process, on first use, by
running those very steps over all BMP characters at once (~1 MB; a pure function of the Unicode
database, so it cannot make a result depend on what was normalized before). A text holding a
character beyond U+FFFF or a lone surrogate gets None: the caller normalizes it line by line.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from corpus.stages.codepoints import code_points

_REMOVED = np.uint32(0xFFFFFFFF)  # a character whose form is empty; also pads ``wide``'s rows
_WIDE = np.uint32(0xFFFFFFFE)  # a character whose form has 2 or 3 characters: look it up in ``wide``
_SPACE, _NEWLINE = np.uint32(32), np.uint32(10)
_BMP = 0x10000
_MAX_WIDTH = 3  # the longest form of a BMP character (Hangul syllables: three jamo)


@dataclass(frozen=True)
class FoldTable:
    """``one[c]``: the form of character ``c`` when it is one character, else ``_REMOVED`` (empty) or
    ``_WIDE``; ``wide[c]``: every form, padded with ``_REMOVED``."""

    one: np.ndarray  # (65536,) uint32
    wide: np.ndarray  # (65536, 3) uint32


def build_table() -> FoldTable:
    """Each BMP character's form, from the step-by-step definition run once over all of them (one per
    line: a newline is a starter and maps to itself, so no step crosses it)."""
    codes = np.arange(_BMP, dtype=np.uint32)
    codes = codes[(codes != 10) & ((codes < 0xD800) | (codes > 0xDFFF))]  # surrogates: never in a text
    spaced = np.full(2 * len(codes) - 1, 10, dtype=np.uint32)
    spaced[0::2] = codes
    text = spaced.astype("<u4").tobytes().decode("utf-32-le")
    text = re.sub(r"[\u0300-\u036f]", "", unicodedata.normalize("NFD", text.casefold()))
    text = re.sub(r"[^\w\n]|_", " ", re.sub(r"\d", "0", text))  # non-word and whitespace: a space
    forms = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint32)
    ends = np.flatnonzero(forms == 10)
    if len(ends) != len(codes) - 1:
        raise AssertionError("a character's form holds a newline")  # never with Unicode 15
    starts = np.concatenate(([0], ends + 1))
    widths = np.diff(np.concatenate((starts, [len(forms) + 1]))) - 1
    if widths.max() > _MAX_WIDTH:
        raise AssertionError(f"a character's form is longer than {_MAX_WIDTH}")
    wide = np.full((_BMP, _MAX_WIDTH), _REMOVED, dtype=np.uint32)
    for k in range(_MAX_WIDTH):
        has = widths > k
        wide[codes[has], k] = forms[starts[has] + k]
    wide[10, 0] = 10
    one = np.where(widths == 1, wide[codes, 0], np.where(widths == 0, _REMOVED, _WIDE)).astype(np.uint32)
    table = np.full(_BMP, _REMOVED, dtype=np.uint32)
    table[codes] = one
    table[10] = 10
    return FoldTable(table, wide)


@functools.cache  # built on first use (see the module docstring)
def table() -> FoldTable:
    return build_table()


def fold_lines(text: str) -> list[str] | None:
    """``[normalize(line) for line in text.split("\\n")]``, or None for a text holding a character beyond
    U+FFFF or a lone surrogate."""
    codes = code_points(text)
    if codes is None:
        return None
    if not len(codes):
        return [""]
    if codes.max() >= _BMP:
        return None
    t = table()
    out = t.one.take(codes)
    if out.max() >= _WIDE:  # some characters have an empty or a longer form
        if (out == _WIDE).any():
            out = t.wide.take(codes, axis=0).ravel()
        out = out[out != _REMOVED]
    return _collapse(out).astype("<u4", copy=False).tobytes().decode("utf-32-le").split("\n")


def _collapse(out: np.ndarray) -> np.ndarray:
    """Drop each space that follows a space, a newline or the start, then each space before a newline or
    the end: words separated by single spaces, none at a line's ends."""
    space = out == _SPACE
    if not space.any():
        return out
    after = np.empty_like(space)
    after[0] = True
    after[1:] = space[:-1] | (out[:-1] == _NEWLINE)
    out = out[~(space & after)]
    if not len(out):
        return out
    space = out == _SPACE
    before = np.empty_like(space)
    before[-1] = True
    before[:-1] = out[1:] == _NEWLINE
    return out[~(space & before)]

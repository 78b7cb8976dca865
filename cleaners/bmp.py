"""Unicode category classes spelled out as code point ranges of the Basic Multilingual Plane.

The regex engine tests a class such as ``[^\\W\\d_]`` (a letter) by looking the character's
properties up for each of its items, per character; a class of explicit ranges within U+0000-U+FFFF
is compiled into a bitmap and tested with one lookup, which makes word tokenisation ~40% faster. The
ranges are found from the same properties the engine uses for ``str`` patterns (``\\w``:
``str.isalnum()`` or "_"; ``\\d``: ``str.isdecimal()``), once per process when first asked for, and
tests/test_clean_fast3.py compares the two classes on every code point of the plane. A class with
ranges beyond U+FFFF is not compiled into a bitmap (its ranges are tried one by one, slower than
the categories): texts holding such a character (:func:`bmp_only` is False) keep the category regex.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
BMP_END = 0xFFFF


def bmp_only(text: str) -> bool:
    """No character of ``text`` is beyond U+FFFF (one scan for one range: fast)."""
    return _ASTRAL_RE.search(text) is None


def letter(ch: str) -> bool:
    """``[^\\W\\d_]`` for one character: a word character that is no decimal digit nor "_"."""
    return ch.isalnum() and not ch.isdecimal()


def word_char(ch: str) -> bool:
    """``\\w`` for one character."""
    return ch.isalnum() or ch == "_"


def bmp_class(member: Callable[[str], bool]) -> str:
    """The body of a regex class (without brackets) holding the characters up to U+FFFF for which
    ``member`` is true, as ranges."""
    spans: list[tuple[int, int]] = []
    start = None
    for code in range(BMP_END + 1):
        if member(chr(code)):
            if start is None:
                start = code
        elif start is not None:
            spans.append((start, code - 1))
            start = None
    if start is not None:
        spans.append((start, BMP_END))
    return "".join(re.escape(chr(lo)) + (f"-{re.escape(chr(hi))}" if hi > lo else "") for lo, hi in spans)

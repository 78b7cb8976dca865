"""Text normalization shared by the corpus-level stages (paragraph hashing, exact and near dedup).

Follows CCNet's ``normalize_line`` (Wenzek et al. 2020, cc_net/text_normalizer.py): casefold, strip accents,
replace every digit by ``0``, drop punctuation, collapse whitespace. Two paragraphs that differ only by a
date, a counter or punctuation get the same hash.

Speed (same output, see tests/test_stages_equivalence.py's comparison with the step-by-step definition):
ASCII text is mapped by one ``bytes.translate`` table; other text is casefolded, decomposed (NFD) and
stripped of marks, its common typographic punctuation becomes spaces, and then it is either ASCII (the
table again) or its words (runs of letters and digits) are joined by single spaces. ``normalize`` of a
whole text is the non-empty normalized lines joined by a space (a newline is whitespace; no step crosses
it), so a stage that has the lines' forms builds the text's with :func:`join_normalized`, not a second pass.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from corpus.stages.foldtable import fold_lines

_DIGITS = re.compile(r"\d")
_WORD_RUN = re.compile(r"[^\W_]+")  # letters and digits ("\w" without "_"): what survives normalization
_MARKS = re.compile(r"[\u0300-\u036f]")  # combining diacritical marks (what NFD splits off accented letters)


def _ascii_table() -> bytes:
    """Each ASCII byte's normalized form: letters lowercased, digits ``0``, whitespace kept (collapsed
    afterwards), any other character (punctuation, ``_``, controls) a space."""
    table = bytearray(range(256))
    for c in range(128):
        ch = chr(c)
        if ch.isdigit():
            table[c] = ord("0")
        elif ch.isalpha():
            table[c] = ord(ch.lower())
        elif not ch.isspace():
            table[c] = ord(" ")
    return bytes(table)


_ASCII = _ascii_table()
# Non-ASCII punctuation and spaces common in news text (quotes, dashes, ellipsis, bullets, no-break and
# thin spaces): none is a word character, so each becomes a space, as the definition makes it; a Latin
# text without other non-ASCII characters (accents are gone by then) then takes the ASCII table.
_COMMON_PUNCT = ("\u2019\u2018\u201c\u201d\u201e\u00ab\u00bb\u2014\u2013\u2010\u2026\u2022\u00b7"
                 "\u00a0\u2009\u202f\u200b")


def strip_accents(text: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


def _ascii_normalize(text: str) -> str:
    return " ".join(text.encode("ascii").translate(_ASCII).decode("ascii").split())


def normalize(text: str) -> str:
    """CCNet-style normalization of one paragraph (or a whole text, newlines become spaces)."""
    if text.isascii():
        return _ascii_normalize(text)
    text = strip_accents(text.casefold())
    if not text.isascii():
        for c in _COMMON_PUNCT:
            if c in text:
                text = text.replace(c, " ")
        if not text.isascii():
            return _DIGITS.sub("0", " ".join(_WORD_RUN.findall(text)))
    return _ascii_normalize(text)


def normalize_lines(text: str) -> list[str]:
    """The normalized form of each line of ``text`` (``text.split("\\n")``; empty for a line of no word):
    one table lookup per character (:mod:`corpus.stages.foldtable`), or line by line for a text that has
    a character beyond U+FFFF."""
    lines = fold_lines(text)
    return lines if lines is not None else [normalize(line) for line in text.split("\n")]


def join_normalized(lines: list[str]) -> str:
    """``normalize(text)`` from ``normalize_lines(text)``."""
    return " ".join(n for n in lines if n)


def hash64(text: str) -> int:
    """A stable 64-bit hash (blake2b, 8 bytes) of a normalized string; never Python's salted ``hash``."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def line_hashes(norms: list[str]) -> list[int]:
    """:func:`hash64` of each non-empty normalized line, in order."""
    return [hash64(p) for p in norms if p]

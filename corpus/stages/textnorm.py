"""Text normalization shared by the corpus-level stages (paragraph hashing, exact and near dedup).

Follows CCNet's ``normalize_line`` (Wenzek et al. 2020, cc_net/text_normalizer.py): casefold, strip accents,
replace every digit by ``0``, drop punctuation, collapse whitespace. Two paragraphs that differ only by a
date, a counter or punctuation get the same hash.

Speed (same output, see tests/test_stages.py's comparison with the step-by-step definition): ASCII text is
mapped by one ``bytes.translate`` table; other text is casefolded, decomposed (NFD) and stripped of marks,
then its words (runs of letters and digits) are joined by single spaces. ``normalize`` of a whole text is
the non-empty normalized lines joined by a space (a newline is whitespace; no step crosses it), so a stage
that has the lines' forms builds the text's with :func:`join_normalized` instead of a second pass.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

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


def strip_accents(text: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


def _ascii_normalize(text: str) -> str:
    return " ".join(text.encode("ascii").translate(_ASCII).decode("ascii").split())


def normalize(text: str) -> str:
    """CCNet-style normalization of one paragraph (or a whole text, newlines become spaces)."""
    if text.isascii():
        return _ascii_normalize(text)
    text = strip_accents(text.casefold())
    if text.isascii():
        return _ascii_normalize(text)
    return _DIGITS.sub("0", " ".join(_WORD_RUN.findall(text)))


def normalize_lines(text: str) -> list[str]:
    """The normalized form of each line of ``text`` (``text.split("\\n")``; empty for a line of no word)."""
    return [normalize(line) for line in text.split("\n")]


def join_normalized(lines: list[str]) -> str:
    """``normalize(text)`` from ``normalize_lines(text)``."""
    return " ".join(n for n in lines if n)


def hash64(text: str) -> int:
    """A stable 64-bit hash (blake2b, 8 bytes) of a normalized string; never Python's salted ``hash``."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def paragraph_hashes(text: str) -> list[int]:
    """Hashes of the non-empty normalized paragraphs of ``text`` (one paragraph per line), in order."""
    return [hash64(n) for n in normalize_lines(text) if n]

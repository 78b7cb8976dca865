"""Text normalization shared by the corpus-level stages (paragraph hashing, exact and near dedup).

Follows CCNet's ``normalize_line`` (Wenzek et al. 2020, cc_net/text_normalizer.py): casefold, strip accents,
replace every digit by ``0``, drop punctuation, collapse whitespace. Two paragraphs that differ only by a
date, a counter or punctuation get the same hash.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_DIGITS = re.compile(r"\d")
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_MARKS = re.compile(r"[\u0300-\u036f]")  # combining diacritical marks (what NFD splits off accented letters)


def strip_accents(text: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


def normalize(text: str) -> str:
    """CCNet-style normalization of one paragraph (or a whole text, newlines become spaces)."""
    text = strip_accents(text.casefold())
    text = _DIGITS.sub("0", text)
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def hash64(text: str) -> int:
    """A stable 64-bit hash (blake2b, 8 bytes) of a normalized string; never Python's salted ``hash``."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def paragraph_hashes(text: str) -> list[int]:
    """Hashes of the non-empty normalized paragraphs of ``text`` (one paragraph per line), in order."""
    out = []
    for line in text.split("\n"):
        norm = normalize(line)
        if norm:
            out.append(hash64(norm))
    return out

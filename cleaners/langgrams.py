"""langdetect's n-grams of a space-separated chunk, from its normalized text, without a per-character
Python loop (used by :mod:`cleaners.lang` for the chunks it meets for the first time).

langdetect (``Detector._extract_ngrams``) feeds each character, normalized (``NGram.normalize``), to an
``NGram`` buffer and after each one reads its last 1, 2 and 3 characters. Written out, for the text
``P`` = a space (the fresh buffer) + the normalized text, the n-grams read after character ``i`` are the
substrings of ``P`` ending at ``i`` of length 1 to 3 that do not reach back past the last space before
``i`` (the buffer restarts after a space), none when ``P[i]`` and ``P[i - 1]`` are both spaces (the
buffer then stays a lone space), none when both are upper case (langdetect's ``capitalword``: set when
an upper-case character follows one, cleared by any other; an upper-case character after a non-upper
one keeps the flag, which is then already clear), and never the lone space. So each word of ``P`` (a
run of non-space characters, always preceded by a space) gives, at its character ``j``: ``w[j]``, the
two characters ending there (the space before the word for ``j = 0``) and, from ``j = 1``, the three
ending there; and when a space follows the word, the word's last one or two characters with that
space (with the space before it for a one-character word). :func:`chunk_grams` builds these with
``map``/``zip`` over the word's characters; only words holding two upper-case characters in a row go
through a loop. The n-grams are then looked up in the profiles, which never hold a lone space (or
langdetect's own test against it would be needed: :mod:`cleaners.langmodel` leaves it out).

:func:`normalization_table` gives ``NGram.normalize`` for every code point as one ``str.translate``
table: the characters it changes (and those of the blocks it looks at, mapped to themselves so the
common scripts never miss the table), none other (every code point is checked in the tests).
"""

from __future__ import annotations

from itertools import chain
from operator import add

from langdetect.utils.ngram import NGram
from langdetect.utils.unicode_block import (
    UNICODE_ARABIC,
    UNICODE_BOPOMOFO,
    UNICODE_BOPOMOFO_EXTENDED,
    UNICODE_CJK_UNIFIED_IDEOGRAPHS,
    UNICODE_GENERAL_PUNCTUATION,
    UNICODE_HANGUL_SYLLABLES,
    UNICODE_HIRAGANA,
    UNICODE_KATAKANA,
    UNICODE_LATIN_EXTENDED_ADDITIONAL,
    _unicode_blocks,
)

# Blocks whose characters ``NGram.normalize`` may change, each computed character by character; Basic
# Latin to Cyrillic Supplement (U+0000-U+052F: Latin, Latin-1, Latin Extended A and B, IPA, Greek,
# Cyrillic) likewise, so the characters of European text all hit the table.
_COMPUTED = (UNICODE_GENERAL_PUNCTUATION, UNICODE_ARABIC, UNICODE_LATIN_EXTENDED_ADDITIONAL,
             UNICODE_HIRAGANA, UNICODE_KATAKANA, UNICODE_BOPOMOFO, UNICODE_BOPOMOFO_EXTENDED)
_EUROPEAN = range(0x0000, 0x0530)


def _block(name: int) -> range:
    for block, start, end in _unicode_blocks:
        if block == name:
            return range(start, end + 1)
    raise LookupError(name)


def normalization_table() -> dict[int, str]:
    """Code point -> ``NGram.normalize(chr(code point))``, for ``str.translate`` (a code point it lacks
    is left as it is, as ``normalize`` leaves it). Hangul syllables all become U+AC00 and the CJK
    ideographs follow ``NGram.CJK_MAP`` (normalize's own rules for these two blocks, written as
    ranges: 11,000 and 20,000 characters)."""
    table = {code: NGram.normalize(chr(code)) for code in _EUROPEAN}
    for name in _COMPUTED:
        table.update((code, NGram.normalize(chr(code))) for code in _block(name))
    table.update(dict.fromkeys(_block(UNICODE_HANGUL_SYLLABLES), "\uac00"))
    cjk = _block(UNICODE_CJK_UNIFIED_IDEOGRAPHS)
    table.update((ord(k), v) for k, v in NGram.CJK_MAP.items() if ord(k) in cjk)
    return table


def chunk_grams(normalized: str) -> list[str]:
    """langdetect's n-grams, in its order, of ``normalized`` (a chunk's normalized text, read from a fresh
    buffer, followed by its space if it has one), plus the lone space after each word followed by a
    space (never a known n-gram: the caller's lookup drops it)."""
    if " " not in normalized:
        return word_grams(normalized, False) if normalized else []
    pieces = normalized.split(" ")
    last = len(pieces) - 1
    if last == 1 and not pieces[1]:  # the common chunk: one word and its space
        return word_grams(pieces[0], True) if pieces[0] else []
    out: list[str] = []
    for i, word in enumerate(pieces):
        if word:
            out += word_grams(word, i < last)
    return out


def word_grams(word: str, spaced: bool) -> list[str]:
    """The n-grams of one word (non-empty, no space) after a space, then of the space following it when
    ``spaced`` (its lone space included)."""
    q = f" {word} " if spaced else f" {word}"
    rest = word[1:]
    if rest and not (rest.islower() or not any(map(str.isupper, rest))):
        return _capital_word_grams(q, spaced)
    pairs = list(map(add, q, q[1:]))  # q[j:j + 2]
    return [q[1], pairs[0], *chain.from_iterable(zip(q[2:], pairs[1:], map(add, pairs, q[2:]), strict=True))]


def _capital_word_grams(q: str, spaced: bool) -> list[str]:
    """``word_grams`` for a word with two upper-case characters in a row: a position whose character and
    the one before it are upper case gives nothing."""
    out: list[str] = []
    end = len(q) - 1 if spaced else len(q)
    for p in range(1, end):
        if p >= 2 and q[p].isupper() and q[p - 1].isupper():
            continue
        out.append(q[p])
        out.append(q[p - 1:p + 1])
        if p >= 2:
            out.append(q[p - 2:p + 1])
    if spaced:
        out += (q[-1], q[-2:], q[-3:])
    return out

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
space (with the space before it for a one-character word). :func:`word_grams` gives them as one
``operator.itemgetter`` of slices, precomputed per word length (only words holding two upper-case
characters in a row get their own). The lone space is never read (the profiles' own lone space, if
they had one, is left out by :mod:`cleaners.langmodel`).

:func:`normalization_table` gives ``NGram.normalize`` for every code point as one ``str.translate``
table: the characters it changes (and those of the blocks it looks at, mapped to themselves so the
common scripts never miss the table), none other (every code point is checked in the tests).
"""

from __future__ import annotations

from operator import itemgetter

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


def chunk_words(normalized: str) -> list[str]:
    """The words of ``normalized`` (a chunk's normalized text, read from a fresh buffer, followed by its
    space if it has one), each padded with the space before it and the one after it, if any."""
    if " " not in normalized:
        return [f" {normalized}"] if normalized else []
    pieces = normalized.split(" ")
    last = len(pieces) - 1
    if last == 1 and not pieces[1]:  # the common chunk: one word and its space
        return [f" {pieces[0]} "] if pieces[0] else []
    return [f" {word} " if i < last else f" {word}" for i, word in enumerate(pieces) if word]


def chunk_grams(normalized: str) -> list[str]:
    """langdetect's n-grams of ``normalized`` (as :func:`chunk_words`), in its order."""
    return [gram for padded in chunk_words(normalized) for gram in word_grams(padded)(padded)]


def word_grams(padded: str) -> itemgetter:
    """The itemgetter of the n-grams of a padded word (a space, a non-empty word without spaces, maybe
    a space): those of its characters, then those of the space after it; at least two."""
    spaced = padded[-1] == " "
    rest = padded[2:-1] if spaced else padded[2:]
    if rest and not (rest.islower() or not any(map(str.isupper, rest))):
        return itemgetter(*_capital_slices(padded, spaced))
    length = len(padded) - 1 - spaced
    if length < _PLAIN_MAX:
        return _PLAIN[spaced][length]
    return itemgetter(*_plain_slices(length, spaced))


def _plain_slices(length: int, spaced: bool) -> tuple[slice, ...]:
    """The n-gram slices of a word of ``length`` characters without two upper-case ones in a row."""
    out = [slice(1, 2), slice(0, 2)]
    for p in range(2, length + 1):
        out += (slice(p, p + 1), slice(p - 1, p + 1), slice(p - 2, p + 1))
    if spaced:
        out += (slice(length, length + 2), slice(length - 1, length + 2))
    return tuple(out)


_PLAIN_MAX = 40  # words shorter than this use precomputed getters (80, of a few thousand slices)
_PLAIN = tuple(tuple(itemgetter(*_plain_slices(max(n, 1), spaced)) for n in range(_PLAIN_MAX))
               for spaced in (False, True))


def _capital_slices(q: str, spaced: bool) -> tuple[slice, ...]:
    """The n-gram slices of a word with two upper-case characters in a row: a position whose character
    and the one before it are upper case gives nothing."""
    out: list[slice] = []
    end = len(q) - 1 if spaced else len(q)
    for p in range(1, end):
        if p >= 2 and q[p].isupper() and q[p - 1].isupper():
            continue
        out += (slice(p, p + 1), slice(p - 1, p + 1))
        if p >= 2:
            out.append(slice(p - 2, p + 1))
    if spaced:
        out += (slice(end - 1, end + 1), slice(end - 2, end + 1))
    return tuple(out)

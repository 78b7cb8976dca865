"""Exact pre-screen for the vocabulary cues: where in a text can a cue start?

A cue is a case-insensitive regex fragment matched on word boundaries (``(?<!\\w)(?:…)(?!\\w)``).
:func:`heads` reads a fragment's parse tree and lists every lower-cased beginning (first ``k``
characters) its matches can have, when that is a small finite set of strings of ``k`` characters
starting with a word character ("cookies?" -> {"cook"}, "cr[ée]er|create" -> {"crée", "cree",
"crea"}); :func:`cue_heads` takes the longest ``k`` of 6, 5, 4 that works. A match starts at a word
start whose next ``k`` characters, lower-cased, are one of its heads: a cue none of whose heads is
among the text's (:func:`word_heads`) cannot match, and is not searched. The others are searched as
before, so the cues found are the same.

Lower-casing the text stands for the regex engine's case folding (it compares the simple lower case
of the text's character with the pattern's) when every character of the text lower-cases to one
character, the regex engine's own (``_sre.unicode_tolower``), and none of them is one of the extra
equivalences the engine adds ("ı" ~ "i", "ſ" ~ "s", "µ" ~ "μ"…): texts with such characters ("İ",
"ſ") get no index and their cues are searched the plain way.
"""

from __future__ import annotations

import _sre
import re
from collections.abc import Iterable
from itertools import chain

try:
    from re import _constants as C
    from re import _parser as sre_parse
    from re._casefix import _EXTRA_CASES
except ImportError:  # Python < 3.11
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]
    from sre_compile import _ignorecase_fixes as _EXTRA_CASES  # type: ignore[no-redef]

HEAD_CHARS = 4
HEAD_LENGTHS = (4, 5, 6)  # cues are indexed by heads of one of these lengths (word_heads spells them out)
_MAX_HEADS = 256  # a fragment with more beginnings than this is searched the plain way
# at each word start (\b before a word character: no word character before it), its head of each of
# HEAD_LENGTHS, as nested groups: the innermost is the first 4 characters, each outer one adds at most
# one more (greedy, so exactly one when the text has it). A word start with fewer than 4 characters
# left gives no match, hence no head of any length; with 4 or 5 left, the outer groups repeat the
# inner ones' strings, which are heads of their own length (module doc).
_HEADS_RE = re.compile(r"\b(?=(((\w.{3}).?).?))", re.S)
assert HEAD_LENGTHS == (4, 5, 6)  # _HEADS_RE spells them out
# Characters the regex engine matches with others besides their simple lower case, when one of the
# others can be in a head (Latin-1): "ı" ~ "i", "ſ" ~ "s", "μ" ~ "µ". (Cyrillic "в" ~ "ᲀ" cannot meet one.)
EXTRA_EQUIVALENTS = frozenset(
    chr(c) for k, v in _EXTRA_CASES.items() if min(k, *v) <= 0xFF for c in (k, *v) if c > 0x7F
)


class _Unknown(Exception):
    """The fragment's beginnings are not a small finite set."""


def heads(fragment: str, k: int = HEAD_CHARS) -> frozenset[str] | None:
    """The lower-cased first ``k`` characters of every match of ``fragment`` (case-insensitive), or
    None when they cannot be listed, a match can be shorter, or one does not start with a word
    character of Latin-1."""
    try:
        tree = sre_parse.parse(fragment, re.IGNORECASE)
        found = _heads(list(tree), k)
    except (_Unknown, re.error, RecursionError):
        return None
    if not found or any(len(h) != k or not _safe_head(h) for h in found):
        return None
    return frozenset(found)


def _safe_head(head: str) -> bool:
    return re.match(r"\w", head) is not None and all(ord(c) <= 0xFF or c.lower() == c == c.upper()
                                                        for c in head)


def _heads(items: list, k: int) -> set[str]:
    if k == 0 or not items:
        return {""}
    (op, av), rest = items[0], items[1:]
    if op is C.LITERAL:
        return _prefix(chr(av).lower(), _heads(rest, k - 1))
    if op is C.IN:
        out: set[str] = set()
        for ch in _class_chars(av):
            out |= _prefix(ch, _heads(rest, k - 1))
        return _bounded(out)
    if op is C.SUBPATTERN:
        return _heads(list(av[-1]) + rest, k)
    if op is C.BRANCH:
        out = set()
        for alt in av[1]:
            out |= _heads(list(alt) + rest, k)
        return _bounded(out)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        lo, hi, body = av
        if (lo, hi) == (0, 1):
            return _bounded(_heads(rest, k) | _heads(list(body) + rest, k))
        if (lo, hi) == (1, 1):
            return _heads(list(body) + rest, k)
        if lo >= 1:  # one copy, then something unknown: known only if that copy fills the k characters
            return _heads([*body, (_OPAQUE, None)], k)
        raise _Unknown
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero-width: ignoring it only widens the set
        return _heads(rest, k)
    raise _Unknown


_OPAQUE = object()


def _prefix(ch: str, tails: set[str]) -> set[str]:
    return {ch + t for t in tails}


def _bounded(found: set[str]) -> set[str]:
    if len(found) > _MAX_HEADS:
        raise _Unknown
    return found


def _class_chars(items: Iterable) -> list[str]:
    chars: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            chars.append(chr(av).lower())
        elif op is C.RANGE and av[1] - av[0] < 64:
            chars.extend(chr(c).lower() for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, wide ranges
            raise _Unknown
    return sorted(set(chars))


def word_heads(text: str) -> frozenset[str] | None:
    """The first ``k`` characters, lower-cased, from every word start of ``text``, for each ``k`` in
    HEAD_LENGTHS (a word start with fewer characters left gives no head of that length); None when
    lower-casing does not stand for case-insensitive matching (module doc)."""
    if not lowers_alike_everywhere(text):
        return None
    return word_heads_of_lowered(text.lower())


def word_heads_of_lowered(low: str) -> frozenset[str]:
    """:func:`word_heads` of a text whose lower case ``low`` is, given that it stands for the regex
    engine's folding (:func:`lowers_alike_everywhere`): same length, same word characters at the
    same places."""
    return frozenset(chain.from_iterable(_HEADS_RE.findall(low)))


def lowers_alike_everywhere(text: str) -> bool:
    """Every character of ``text`` lower-cases as the regex engine folds it (module doc)."""
    return fold_profile(text)[0]


def fold_profile(text: str) -> tuple[bool, bool]:
    """``(lowers_alike_everywhere(text), cleaners.bmp.bmp_only(text))`` from one scan: every
    character beyond U+FFFF is among the characters checked one by one (the table of checked ones
    stays in the Basic Multilingual Plane)."""
    found = _UNCHECKED_RE.findall(text)
    if not found:
        return True, True
    return all(_lowers_alike(ch) for ch in set(found)), max(found) <= "\uffff"


def cue_heads(fragment: str) -> frozenset[str] | None:
    """:func:`heads` at the longest of HEAD_LENGTHS that gives some (longer heads are rarer in
    prose, so fewer cues are searched)."""
    for k in sorted(HEAD_LENGTHS, reverse=True):
        found = heads(fragment, k)
        if found is not None:
            return found
    return None


def _checked_ranges() -> str:
    """A regex class of the characters that need :func:`_lowers_alike`: all but ASCII (always alike)
    and the characters of the Latin, punctuation and currency blocks found alike in advance (a table
    of a pure function: the same answers, without a call per character of each text)."""
    alike = [c for lo, hi in _PRECHECKED_BLOCKS for c in range(lo, hi + 1) if _lowers_alike(chr(c))]
    spans: list[list[int]] = []
    for c in alike:
        if spans and spans[-1][1] == c - 1:
            spans[-1][1] = c
        else:
            spans.append([c, c])
    return "".join(re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "") for lo, hi in spans)


def _lowers_alike(ch: str) -> bool:
    """``str.lower`` gives the regex engine's lower case of ``ch`` (one character, a word character
    exactly when ``ch`` is), and the engine matches ``ch`` with nothing else."""
    low = ch.lower()
    return (len(low) == 1 and ord(low) == _sre.unicode_tolower(ord(ch)) and ch not in EXTRA_EQUIVALENTS
            and low.isalnum() == ch.isalnum())


# Latin-1 to Cyrillic Supplement, Latin Extended Additional, punctuation and symbols (all in the
# BMP: fold_profile reads a character beyond it from the unchecked ones, emoji included)
_PRECHECKED_BLOCKS = ((0x80, 0x52F), (0x1E00, 0x1EFF), (0x2000, 0x27BF))
# characters whose lower case may not stand for the regex engine's folding (checked one by one)
_UNCHECKED_RE = re.compile(f"[^\\x00-\\x7f{_checked_ranges()}]")


def starts_alnum(fragment: str) -> bool:
    """Every match of ``fragment`` (case-insensitive) starts with a letter or a digit."""
    try:
        return _first_alnum(list(sre_parse.parse(fragment, re.IGNORECASE)))
    except (_Unknown, re.error, RecursionError):
        return False


def _first_alnum(items: list) -> bool:
    if not items:
        return False  # the match could be empty here
    (op, av), rest = items[0], items[1:]
    if op is C.LITERAL:
        return chr(av).isalnum()
    if op is C.IN:
        return all(_alnum_class_item(o, a) for o, a in av)
    if op is C.SUBPATTERN:
        return _first_alnum(list(av[-1]) + rest)
    if op is C.BRANCH:
        return all(_first_alnum(list(alt) + rest) for alt in av[1])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        lo, _, body = av
        return _first_alnum(list(body)) and (lo >= 1 or _first_alnum(rest))
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return _first_alnum(rest)
    return False


def _alnum_class_item(op: object, av: object) -> bool:
    if op is C.LITERAL:
        return chr(av).isalnum()  # type: ignore[arg-type]
    if op is C.RANGE:
        lo, hi = av  # type: ignore[misc]
        return all(chr(c).isalnum() for c in range(lo, hi + 1))
    return op is C.CATEGORY and av is C.CATEGORY_DIGIT

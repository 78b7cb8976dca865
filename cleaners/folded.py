"""Case-insensitive regexes run case-sensitively on lower-cased text, with the same matches.

The regex engine matches case-insensitively by comparing the simple lower case of each character of
the text with the pattern's (plus a few extra equivalences such as "ſ" ~ "s"); a case-sensitive
regex over ``text.lower()`` skips that per-character work and is several times faster on the large
word alternations of the stages. The two find the same matches (same positions, so ``start``/``end``
hold; the matched text is lower-cased) when:

* the text's characters all lower-case to one character, the engine's own lower case, with no extra
  equivalence (:func:`cleaners.prefilter.word_heads`'s condition, checked by
  :func:`lowered`: it returns None otherwise);
* every character the pattern names (literals, class members and range members) is its own lower
  case, has no extra equivalence and is ASCII, a Latin-1 lower-case letter or uncased; the pattern
  changes no flag inside (no ``(?-i:…)``) and has no back-reference (:func:`fold`: it keeps the
  case-insensitive regex otherwise).

Then a pattern character ``p`` matches a text character ``c`` case-insensitively exactly when
``c.lower() == p``, and a class holds ``c`` exactly when it holds ``c.lower()``.
"""

from __future__ import annotations

import _sre
import re
from collections.abc import Callable

from cleaners.prefilter import EXTRA_EQUIVALENTS as REFUSED_IN_TEXT
from cleaners.prefilter import lowers_alike_everywhere

try:
    from re import _constants as C
    from re import _parser as sre_parse
    from re._casefix import _EXTRA_CASES
except ImportError:  # Python < 3.11
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]
    from sre_compile import _ignorecase_fixes as _EXTRA_CASES  # type: ignore[no-redef]

# character -> the characters the engine also matches with it (besides its lower and upper case)
_EQUIVALENTS: dict[int, set[int]] = {}
for _k, _v in _EXTRA_CASES.items():
    for _c in (_k, *_v):
        _EQUIVALENTS.setdefault(_c, set()).update(x for x in (_k, *_v) if x != _c)


def lowered(text: str) -> str | None:
    """``text.lower()`` when it stands for the engine's case folding (module doc), else None."""
    return text.lower() if lowers_alike_everywhere(text) else None


class Folded:
    """A case-insensitive regex and, when it can stand for it, its case-sensitive twin for lowered
    text. :meth:`on` picks the pair (pattern, text) to run. ``pattern`` may be given as a function
    that compiles it, called when it is first needed (with a twin, only texts whose lower case is not
    the engine's folding need it: most processes never compile it)."""

    __slots__ = ("_make", "_pattern", "lower")

    def __init__(self, pattern: re.Pattern[str] | Callable[[], re.Pattern[str]],
                 lower: re.Pattern[str] | None) -> None:
        self._pattern, self._make = (pattern, None) if isinstance(pattern, re.Pattern) else (None, pattern)
        self.lower = lower

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            assert self._make is not None
            self._pattern = self._make()
        return self._pattern

    def on(self, text: str, low: str | None) -> tuple[re.Pattern[str], str]:
        if self.lower is not None and low is not None:
            return self.lower, low
        return self.pattern, text


def fold(pattern: re.Pattern[str]) -> Folded:
    """``pattern`` (compiled with IGNORECASE) with its twin, when the pattern qualifies."""
    ok = foldable(pattern.pattern, pattern.flags)
    twin = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE) if ok else None
    return Folded(pattern, twin)


def foldable(pattern: str, flags: int) -> bool:
    """A regex ``pattern`` compiled with ``flags`` would get a twin from :func:`fold` (module doc)."""
    if not flags & re.IGNORECASE or flags & (re.LOCALE | re.ASCII):
        return False
    try:
        return _safe_items(list(sre_parse.parse(pattern, flags)))
    except (re.error, RecursionError):
        return False


def _safe_char(code: int) -> bool:
    """Latin-1 or general punctuation, its own lower case, and every extra equivalent of it is refused
    in text (:func:`lowered`) and is the lower case of no other character ("s" ~ "ſ" is fine; "µ" ~
    "μ" is not: "Μ" lower-cases to "μ")."""
    ch = chr(code)
    if not (code <= 0xFF or 0x2000 <= code <= 0x206F):
        return False
    if _sre.unicode_tolower(code) != code or ch.lower() != ch:
        return False
    for x in _EQUIVALENTS.get(code, ()):
        if chr(x) not in REFUSED_IN_TEXT:
            return False
        for u in {chr(x).upper(), chr(x).title()}:
            if len(u) == 1 and u != chr(x) and _sre.unicode_tolower(ord(u)) == x:
                return False
    return True


def _safe_items(items: list) -> bool:
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL):
            if not _safe_char(av):
                return False
        elif op is C.IN:
            if not all(_safe_class_item(o, a) for o, a in av):
                return False
        elif op is C.SUBPATTERN:
            _, add_flags, del_flags, body = av
            if add_flags or del_flags or not _safe_items(list(body)):
                return False
        elif op is C.BRANCH:
            if not all(_safe_items(list(alt)) for alt in av[1]):
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            if not _safe_items(list(av[2])):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if not _safe_items(list(av[1])):
                return False
        elif op not in (C.ANY, C.AT):
            return False  # back-references, conditionals, anything else: keep the plain regex
    return True


def _safe_class_item(op: object, av: object) -> bool:
    if op is C.LITERAL:
        return _safe_char(av)  # type: ignore[arg-type]
    if op is C.RANGE:
        lo, hi = av  # type: ignore[misc]
        return hi - lo < 4096 and all(_safe_char(c) for c in range(lo, hi + 1))
    return op in (C.CATEGORY, C.NEGATE)

"""Exact pre-screen for word-bounded alternations: which whole word runs must a text hold for a match?

A vocabulary regex ``(?<!\\w)(?:frag1|frag2|…)(?!\\w)`` run case-sensitively on lower-cased text (the
folded twin of :mod:`cleaners.folded`) matches only where the text holds, as whole runs of word
characters, the runs its fragment spells out: in "we use" the match starts after a non-word character
(or at the start) and "we" is followed by a space, so "we" is a maximal run of the text; "use" is
followed by a non-word character or the end (``(?!\\w)``), so it is one too. :func:`required_runs`
reads a fragment's parse tree and lists, for every way it can match, the set of runs that way spells
out completely (literal word characters between two certain boundaries; a run next to anything that
may be a word character, such as ``\\w*`` or ``\\d``, is not listed: it is not known whole).

:class:`RunScreen` answers "can this alternation match a text whose runs are ``runs``?": False only
when, for every way of every fragment, some listed run is missing from ``runs``, so the text holds no
match (the regex would find none). ``runs`` is :func:`cleaners.features.word_runs` of the lowered text,
the set its ``\\w+`` runs make. A fragment with a way that lists no run (it could match anywhere) makes
the screen answer True always.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

try:
    from re import _constants as C
    from re import _parser as sre_parse
except ImportError:  # Python < 3.11
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# Tokens of a spelled-out way to match: a literal word character (str of length 1), or one of these.
_SEP = 0  # one or more characters, all non-word: a certain run boundary
_ANY = 1  # characters that may be word characters (or none): the run around it is not known whole
_MAX_WAYS = 4096  # a fragment with more ways than this is not screened (it answers True)
_WORD = re.compile(r"\w")
_NON_WORD_CATEGORIES = {C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD, C.CATEGORY_LINEBREAK}


class _Unknown(Exception):
    """The fragment's ways cannot be spelled out (too many, or constructs not handled)."""


Way = tuple  # tokens


def _is_word(ch: str) -> bool:
    return _WORD.match(ch) is not None


def _cat(ways: set[Way], tails: set[Way]) -> set[Way]:
    out = {w + t for w in ways for t in tails}
    if len(out) > _MAX_WAYS:
        raise _Unknown
    return out


def _ways(items: list) -> set[Way]:
    ways: set[Way] = {()}
    for op, av in items:
        ways = _cat(ways, _item_ways(op, av))
    return ways


def _item_ways(op: object, av: object) -> set[Way]:
    if op is C.LITERAL:
        ch = chr(av)  # type: ignore[arg-type]
        return {(ch,)} if _is_word(ch) else {(_SEP,)}
    if op is C.NOT_LITERAL or op is C.ANY:
        return {(_ANY,)}
    if op is C.IN:
        return _class_ways(av)  # type: ignore[arg-type]
    if op is C.SUBPATTERN:
        return _ways(list(av[-1]))  # type: ignore[index]
    if op is C.BRANCH:
        out: set[Way] = set()
        for alt in av[1]:  # type: ignore[index]
            out |= _ways(list(alt))
            if len(out) > _MAX_WAYS:
                raise _Unknown
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        return _repeat_ways(*av)  # type: ignore[misc]
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return {()}  # zero-width: no characters
    raise _Unknown


def _class_ways(items: list) -> set[Way]:
    chars: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            chars.append(chr(av))
        elif op is C.RANGE and av[1] - av[0] < 64:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        elif op is C.CATEGORY and av in _NON_WORD_CATEGORIES:
            chars.append(" ")  # stands for its non-word members
        else:  # negation, word categories, wide ranges
            return {(_ANY,)}
    kinds = {_is_word(c) for c in chars}
    if kinds == {False}:
        return {(_SEP,)}
    if kinds == {True} and len(chars) <= 16:
        return {(c,) for c in chars}
    return {(_ANY,)}


def _repeat_ways(lo: int, hi: int, body: list) -> set[Way]:
    inner = _ways(list(body))
    if (lo, hi) == (1, 1):
        return inner
    if (lo, hi) == (0, 1):
        return inner | {()}
    if all(all(t == _SEP for t in way) for way in inner) and () not in inner:
        return {(_SEP,)} if lo >= 1 else {(_SEP,), ()}  # runs of separators: one boundary (or none)
    return {(_ANY,)} if lo >= 1 else {(_ANY,), ()}


def _spelled(way: Way) -> tuple[frozenset[str], frozenset[str]]:
    """The runs a way spells out whole (literal word characters between two certain boundaries; the
    way's ends are boundaries: the alternation is wrapped in ``(?<!\\w)`` and ``(?!\\w)``), and the
    pieces of the other runs it spells out (literal word characters next to a part that may hold word
    characters: "download" of ``download\\w*``), which a matching text holds as substrings."""
    runs: set[str] = set()
    pieces: set[str] = set()
    current: list[str] = []
    poisoned = False
    for token in (*way, _SEP):
        if token == _SEP or token == _ANY:
            if current:
                (pieces if poisoned or token == _ANY else runs).add("".join(current))
            current = []
            poisoned = token == _ANY
        else:
            current.append(token)
    return frozenset(runs), frozenset(pieces)


# for each way a fragment can match: the runs it spells out whole, and the pieces of other runs
Spelled = set[tuple[frozenset[str], frozenset[str]]]


def required_runs(fragment: str) -> frozenset[frozenset[str]] | None:
    """For each way ``fragment`` can match (parsed case-sensitively), the runs it spells out whole;
    None when the ways cannot be listed."""
    found = spelled_ways(fragment)
    return None if found is None else frozenset(runs for runs, _ in found)


def spelled_ways(fragment: str) -> Spelled | None:
    """For each way ``fragment`` can match, :func:`_spelled` of it; None when the ways cannot be
    listed."""
    try:
        ways = _ways(list(sre_parse.parse(fragment)))
    except (_Unknown, re.error, RecursionError):
        return None
    return {_spelled(w) for w in ways}


def _way_order(way: tuple[frozenset[str], tuple[str, ...]]) -> tuple[list[str], tuple[str, ...]]:
    return sorted(way[0]), way[1]


@dataclass(frozen=True)
class RunScreen:
    """``open``: some way spells out no run and no piece (the screen cannot rule a text out).
    ``by_key``: each way that spells out whole runs, filed under its longest run (the rarest, mostly),
    as its other runs and its pieces. ``pieces``: for each way without a whole run, its longest piece
    (a matching lowered text holds it as a substring)."""

    open: bool
    keys: frozenset[str]
    by_key: dict[str, tuple[tuple[frozenset[str], tuple[str, ...]], ...]]
    pieces: tuple[str, ...] = ()

    @classmethod
    def of(cls, fragments: Iterable[str]) -> RunScreen:
        return cls.of_spelled(spelled_ways(fragment) for fragment in fragments)

    @classmethod
    def of_spelled(cls, fragments: Iterable[Spelled | None]) -> RunScreen:
        """The screen of fragments given by their :func:`spelled_ways` (read in order, up to the
        first None)."""
        by_key: dict[str, set[tuple[frozenset[str], tuple[str, ...]]]] = {}
        pieces: set[str] = set()
        for found in fragments:
            if found is None:
                return cls(True, frozenset(), {})
            for runs, partial in found:
                if runs:
                    key = max(sorted(runs), key=len)
                    by_key.setdefault(key, set()).add((runs - {key}, tuple(sorted(partial))))
                elif partial:
                    pieces.add(max(sorted(partial), key=len))
                else:
                    return cls(True, frozenset(), {})
        table = {k: tuple(sorted(v, key=_way_order)) for k, v in sorted(by_key.items())}
        return cls(False, frozenset(table), table, tuple(sorted(pieces)))

    def may_match(self, runs: frozenset[str], low: str) -> bool:
        """False when no way can match the lowered text ``low`` whose ``\\w+`` runs are ``runs``: each
        way misses one of its runs in ``runs`` or one of its pieces in ``low`` (then the alternation
        has no match there)."""
        if self.open:
            return True
        for piece in self.pieces:
            if piece in low:
                return True
        if self.keys.isdisjoint(runs):
            return False  # no way's key run (most texts): nothing to intersect
        for key in self.keys.intersection(runs):
            for rest, partial in self.by_key[key]:
                if rest <= runs and all(piece in low for piece in partial):
                    return True
        return False


_Filed = tuple[int, frozenset[str], tuple[str, ...]]


def _filed_order(way: _Filed) -> tuple[int, list[str], tuple[str, ...]]:
    return way[0], sorted(way[1]), way[2]


@dataclass(frozen=True)
class RunIndex:
    """:class:`RunScreen` of each of several fragments (numbered in order), inverted: which of them can
    match a lowered text whose runs are ``runs``? A fragment not listed by :meth:`candidates` has no
    way that the text holds, hence no match.

    ``always``: the fragments that cannot be screened (ways unknown, or one that spells out no run and
    no piece). ``by_key``: each way with whole runs, filed under its longest run (as in
    :class:`RunScreen`), as (fragment number, its other runs, its pieces). ``piece_ways``: each way
    with pieces only, as (fragment number, its pieces)."""

    always: frozenset[int]
    keys: frozenset[str]
    by_key: dict[str, tuple[_Filed, ...]]
    piece_ways: tuple[tuple[int, tuple[str, ...]], ...]

    @classmethod
    def of_spelled(cls, fragments: Iterable[Spelled | None]) -> RunIndex:
        """The index of fragments given by their :func:`spelled_ways` (None: not screened)."""
        always: set[int] = set()
        by_key: dict[str, set[_Filed]] = {}
        piece_ways: set[tuple[int, tuple[str, ...]]] = set()
        for i, found in enumerate(fragments):
            if found is None or any(not runs and not partial for runs, partial in found):
                always.add(i)
                continue
            for runs, partial in found:
                pieces = tuple(sorted(partial))
                if runs:
                    key = max(sorted(runs), key=len)
                    by_key.setdefault(key, set()).add((i, runs - {key}, pieces))
                else:
                    piece_ways.add((i, pieces))
        table = {k: tuple(sorted(v, key=_filed_order)) for k, v in sorted(by_key.items())}
        return cls(frozenset(always), frozenset(table), table, tuple(sorted(piece_ways)))

    def candidates(self, runs: frozenset[str], low: str) -> set[int]:
        """The fragments with a way whose runs are all in ``runs`` and whose pieces are all in ``low``
        (and those in ``always``)."""
        found = set(self.always)
        for i, pieces in self.piece_ways:
            if i not in found and all(piece in low for piece in pieces):
                found.add(i)
        for key in self.keys.intersection(runs):
            for i, rest, pieces in self.by_key[key]:
                if i not in found and rest <= runs and all(piece in low for piece in pieces):
                    found.add(i)
        return found

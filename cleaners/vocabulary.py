"""Vocabularies of interface text (consent, account…): weighted regex cues and their exact pre-screens.

A cue is a regex fragment matched case-insensitively on word boundaries (``(?<!\\w)(?:…)(?!\\w)``),
strong (weight 2) or weak (1). A :class:`Vocabulary` answers "which cues are in this text?" and "is
there any (strong) cue?" with the shortcuts of :mod:`cleaners.prefilter` (word beginnings),
:mod:`cleaners.folded` (lowered text) and :mod:`cleaners.runscreen` (word runs), which give the
answers of the plain regexes. Given the runs of a text's lower case, which cues are present is
answered by searching only the cues one of whose ways the text holds (:class:`cleaners.runscreen.RunIndex`
of the cues whose regex has a twin for lowered text): their word beginnings, a scan of the whole text,
are not needed.

Everything derived from the fragments (each cue's regex, the combined regexes, the beginnings index,
the run screens) is built on first use and kept on its object (``functools.cached_property``), so a
process compiles only what its pages ask for (an import compiled ~500 regexes before). A sum of
vocabularies (``CONSENT_CUES + ACCOUNT_CUES``) shares its parts' :class:`Cue` objects: a cue's regex,
beginnings and spelled-out runs are found once whichever vocabulary asks first. These are pure
functions of the fragments: when they are built changes no answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from cleaners.features import alternatives
from cleaners.folded import Folded, fold, foldable
from cleaners.prefilter import cue_heads
from cleaners.runscreen import RunIndex, RunScreen, Spelled, spelled_ways


@dataclass(frozen=True)
class Cue:
    """One vocabulary item of a kind of boilerplate: a regex fragment and its weight (2 strong, 1
    weak). Its regex, beginnings and spelled-out runs are computed on first use."""

    fragment: str
    weight: int = 1

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return _word_re(self.fragment)

    @cached_property
    def heads(self) -> frozenset[str] | None:
        """:func:`cleaners.prefilter.cue_heads` of the fragment."""
        return cue_heads(self.fragment)

    @cached_property
    def spelled(self) -> Spelled | None:
        """:func:`cleaners.runscreen.spelled_ways` of the fragment."""
        return spelled_ways(self.fragment)

    @cached_property
    def screened(self) -> Spelled | None:
        """:attr:`spelled`, when the cue's regex has a case-sensitive twin for lowered text (which
        finds the same matches, :mod:`cleaners.folded`, and is the regex the ways describe); None
        otherwise (the cue cannot be screened by its runs)."""
        return self.spelled if foldable(_word_pattern(self.fragment), re.IGNORECASE | re.UNICODE) else None


class Vocabulary:
    """The cues of one kind, with one combined regex per weight so that prose without any cue (most
    paragraphs) costs a single scan instead of one per cue.

    Given the beginnings of the text's words (:func:`cleaners.prefilter.word_heads`), only the cues
    one of whose beginnings (``by_head``) is among them are searched, which finds the same cues (see
    :mod:`cleaners.prefilter`); cues whose beginnings cannot be listed (``unindexed``) always are."""

    def __init__(self, strong: Iterable[str], weak: Iterable[str] = (), *,
                 cues: tuple[Cue, ...] | None = None) -> None:
        """``cues``: the :class:`Cue` objects of these fragments (strong ones first, in order), when
        they exist already (a sum of vocabularies)."""
        self.strong_fragments: tuple[str, ...] = tuple(strong)
        self.weak_fragments: tuple[str, ...] = tuple(weak)
        if cues is None:
            cues = (*(Cue(s, 2) for s in self.strong_fragments), *(Cue(w, 1) for w in self.weak_fragments))
        if [c.fragment for c in cues] != [*self.strong_fragments, *self.weak_fragments]:
            raise ValueError("cues must be the strong then the weak fragments, in order")
        self.cues: tuple[Cue, ...] = cues

    @classmethod
    def of(cls, strong: Iterable[str], weak: Iterable[str] = ()) -> Vocabulary:
        return cls(strong, weak)

    def __add__(self, other: Vocabulary) -> Vocabulary:
        """The cues of both (strong ones first), the same :class:`Cue` objects."""
        n, m = len(self.strong_fragments), len(other.strong_fragments)
        return Vocabulary(self.strong_fragments + other.strong_fragments,
                          self.weak_fragments + other.weak_fragments,
                          cues=(*self.cues[:n], *other.cues[:m], *self.cues[n:], *other.cues[m:]))

    def __repr__(self) -> str:
        return f"Vocabulary({len(self.strong_fragments)} strong, {len(self.weak_fragments)} weak)"

    # ------------------------------------------------------------ derived, built on first use
    @cached_property
    def any_cue(self) -> re.Pattern[str]:
        return _word_re("|".join(self.strong_fragments + self.weak_fragments))

    @cached_property
    def any_strong(self) -> re.Pattern[str]:
        return _word_re("|".join(self.strong_fragments))

    @cached_property
    def _index(self) -> tuple[dict[str, tuple[int, ...]], frozenset[int], frozenset[str]]:
        by_head: dict[str, list[int]] = {}
        unindexed = set()
        for i, cue in enumerate(self.cues):
            found = cue.heads
            if found is None:
                unindexed.add(i)
            for head in sorted(found or ()):
                by_head.setdefault(head, []).append(i)
        return {h: tuple(ix) for h, ix in by_head.items()}, frozenset(unindexed), frozenset(by_head)

    @property
    def by_head(self) -> dict[str, tuple[int, ...]]:
        return self._index[0]

    @property
    def unindexed(self) -> frozenset[int]:
        return self._index[1]

    @property
    def head_set(self) -> frozenset[str]:
        """The keys of ``by_head``."""
        return self._index[2]

    @cached_property
    def strong_folded(self) -> Folded:
        """``any_strong`` and a screen (:func:`_screen`)."""
        return _screen(self.strong_fragments, lambda: self.any_strong)

    @cached_property
    def any_folded(self) -> Folded:
        """``any_cue`` and a screen (:func:`_screen`)."""
        return _screen(self.strong_fragments + self.weak_fragments, lambda: self.any_cue)

    @cached_property
    def strong_runs(self) -> RunScreen:
        """The runs ``any_strong``'s matches need."""
        return RunScreen.of_spelled(c.spelled for c in self.cues[:len(self.strong_fragments)])

    @cached_property
    def any_runs(self) -> RunScreen:
        """The runs ``any_cue``'s matches need."""
        return RunScreen.of_spelled(c.spelled for c in self.cues)

    @cached_property
    def run_index(self) -> RunIndex:
        """The runs each cue's matches need (by cue number), for :meth:`found` given the runs. When
        the regex of all the cues has a twin (:func:`cleaners.folded.foldable`), so has each cue's (its
        parse holds the same items): one check instead of one per cue."""
        every = foldable(_word_pattern("|".join(self.strong_fragments + self.weak_fragments)),
                         re.IGNORECASE | re.UNICODE)
        return RunIndex.of_spelled(c.spelled if every else c.screened for c in self.cues)

    # ------------------------------------------------------------ questions
    def found(self, text: str, starts: frozenset[str] | None = None, *, low: str | None = None,
              runs: frozenset[str] | None = None) -> list[Cue]:
        """The distinct cues present in ``text``; ``starts``: ``word_heads(text)`` when known. ``low``
        and ``runs``: ``cleaners.folded.lowered(text)`` and its ``word_runs``, when known (both not
        None): then only the cues with a way that the text holds (:attr:`run_index`) are searched."""
        if low is not None and runs is not None:
            return [self.cues[i] for i in self._held(text, low, runs, min_weight=1)]
        if starts is None:
            if not self.any_cue.search(text):
                return []
            return [c for c in self.cues if c.pattern.search(text)]
        return [self.cues[i] for i in self._present(text, starts, min_weight=1)]

    def score(self, text: str, starts: frozenset[str] | None = None, *, low: str | None = None,
              runs: frozenset[str] | None = None) -> int:
        """Sum of the weights of the distinct cues found (each cue counts once); arguments as for
        :meth:`found`."""
        return sum(c.weight for c in self.found(text, starts, low=low, runs=runs))

    def strong(self, text: str, starts: frozenset[str] | None = None, *, low: str | None = None,
               runs: frozenset[str] | None = None) -> int:
        """How many distinct strong cues are found; arguments as for :meth:`found`."""
        if low is not None and runs is not None:
            return len(self._held(text, low, runs, min_weight=2))
        if starts is not None:
            return len(self._present(text, starts, min_weight=2))
        if not self.any_strong.search(text):
            return 0
        return sum(1 for c in self.cues if c.weight >= 2 and c.pattern.search(text))

    def may_have_strong(self, text: str, low: str | None, runs: frozenset[str] | None = None) -> bool:
        """False when ``text`` has no strong cue (``strong(text) == 0``), from one search of
        ``any_strong`` (its case-sensitive twin on ``low``, ``cleaners.folded.lowered(text)``, when
        there is one: same matches), which needs no word beginnings. ``runs``: ``word_runs(low)``;
        with it the twin is only searched when the text holds the word runs some cue spells out
        (:mod:`cleaners.runscreen`: without them it has no match)."""
        return _may_match(self.strong_folded, self.strong_runs, text, low, runs)

    def may_have_cue(self, text: str, low: str | None, runs: frozenset[str] | None = None) -> bool:
        """False when ``text`` has no cue (``found(text) == []``); as :meth:`may_have_strong`."""
        return _may_match(self.any_folded, self.any_runs, text, low, runs)

    def _held(self, text: str, low: str, runs: frozenset[str], min_weight: int) -> list[int]:
        """Indices (in order) of the cues of at least ``min_weight`` that match ``text``, searched
        among those whose runs ``runs`` (of ``low``) holds."""
        cues = self.cues
        return [i for i in sorted(self.run_index.candidates(runs, low))
                if cues[i].weight >= min_weight and cues[i].pattern.search(text)]

    def _present(self, text: str, starts: frozenset[str], min_weight: int) -> list[int]:
        """Indices (in order) of the cues of at least ``min_weight`` that match ``text``."""
        by_head, unindexed, head_set = self._index
        candidates = set(unindexed)
        for head in starts & head_set:
            candidates.update(by_head[head])
        cues = self.cues
        return [i for i in sorted(candidates)
                if cues[i].weight >= min_weight and cues[i].pattern.search(text)]


def _may_match(folded: Folded, screen: RunScreen, text: str, low: str | None,
               runs: frozenset[str] | None) -> bool:
    if low is not None and runs is not None and folded.lower is not None:
        if not screen.may_match(runs, low):
            return False  # the twin, run on low, would find no match
    pattern, target = folded.on(text, low)
    return pattern.search(target) is not None


# characters that make a fragment's first character more than a plain literal (or quantify it)
_REGEX_SYNTAX = frozenset("\\[](){}.^$*+?|")


def _screen(fragments: tuple[str, ...], plain: Callable[[], re.Pattern[str]]) -> Folded:
    """``plain()`` (``_word_re`` of all the fragments), and for lowered text (when
    ``cleaners.folded.fold`` would find it a twin) the same alternatives grouped by their first
    character when that is a plain literal ("c(?:ookies?|ookie policy)|…"): the engine then tries a
    few groups at each word start instead of every alternative. A text matches the grouped form
    exactly when it matches the twin (each alternative is the same, split after its first character;
    only which one matches first may differ), so the two answer "is there a cue?" alike; they are used
    for nothing else. ``plain`` is called when its regex is first needed."""
    if not foldable(_word_pattern("|".join(fragments)), re.IGNORECASE | re.UNICODE):
        return fold(plain())
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for fragment in fragments:
        for alt in alternatives(fragment):
            if len(alt) >= 2 and alt[0] not in _REGEX_SYNTAX and alt[1] not in "?*+{":
                groups.setdefault(alt[0], []).append(alt[1:])
            else:
                rest.append(alt)
    parts = [f"{re.escape(first)}(?:{'|'.join(tails)})" for first, tails in sorted(groups.items())]
    return Folded(plain, re.compile(rf"(?<!\w)(?:{'|'.join(parts + rest)})(?!\w)"))


def _word_pattern(fragment: str) -> str:
    return rf"(?<!\w)(?:{fragment})(?!\w)"


def _word_re(fragment: str) -> re.Pattern[str]:
    return re.compile(_word_pattern(fragment), re.IGNORECASE)


def cues(strong: Iterable[str], weak: Iterable[str] = ()) -> Vocabulary:
    """Vocabularies (regex fragments matched case-insensitively on word boundaries)."""
    return Vocabulary(strong, weak)

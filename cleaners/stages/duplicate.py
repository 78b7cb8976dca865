"""Paragraphs repeated inside one document (extractors often emit a block twice): keep the first."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import Stage, TextDoc, Verdict
from cleaners.features import norm_space

_ALNUM_RE = re.compile(r"[^\W_]")


def fingerprint(text: str) -> str:
    """Case, white space (NBSP included) and surrounding punctuation do not make a paragraph new:
    the text from its first to its last letter or digit, spaces normalized, case folded.

    ``_ALNUM_RE`` matches a character exactly when ``str.isalnum`` is true of it (every code point is
    checked in tests/test_clean_fast4.py), so the ends are found by testing the first and last
    characters one by one (a paragraph mostly starts with a letter and ends one character after
    one), and the regex is searched only past them."""
    key = norm_space(text).casefold()
    first = _first_alnum(key)
    if first < 0:
        return ""
    return key[first: _end_alnum(key)]


_PEEK = 4  # characters tested one by one at each end before the regex is searched


def _first_alnum(key: str) -> int:
    """Index of the first letter or digit of ``key``, -1 if none."""
    for i, ch in enumerate(key[:_PEEK]):
        if ch.isalnum():
            return i
    found = _ALNUM_RE.search(key, _PEEK)
    return -1 if found is None else found.start()


def _end_alnum(key: str) -> int:
    """One past the last letter or digit of ``key``, which holds one."""
    for end in range(len(key), max(len(key) - _PEEK, 0), -1):
        if key[end - 1].isalnum():
            return end
    last = _ALNUM_RE.search(key[::-1])
    assert last is not None
    return len(key) - last.start()


@dataclass
class DuplicateStage(Stage):
    """Drops a repeat when it is an extraction artefact rather than a deliberate repetition.

    ``min_chars``: shorter repeats are kept (list items, refrains, interview questions asked to
    each guest; 40 is also the length from which the seeds scorer counts repeats). A repeat goes
    when it is ``long_chars`` long (a whole prose paragraph printed twice) or belongs to a copied
    block: ``min_block`` consecutive repeats whose first occurrences were consecutive too.
    Measured on the benchmark's 181 article bodies, where meal plans and interview series repeat
    short lines on purpose. A title repeated anywhere goes too: 3 to 30 words (``min_headline_words``,
    ``max_headline_words``) — shorter first lines are answers or labels, longer ones prose.
    """

    name = "duplicate"
    min_chars: int = 40
    min_headline_words: int = 3
    max_headline_words: int = 30
    long_chars: int = 200
    min_block: int = 3

    def judge(self, doc: TextDoc) -> dict[int, Verdict]:
        live = doc.live()
        keys = {p.text: fingerprint(p.text) for p in live}  # each text's fingerprint, computed once
        out = self._title_repeats(doc, live, keys)
        live = [p for p in live if p.position not in out]
        out.update(self._repeats(live, keys))
        return out

    def _title_repeats(self, doc: TextDoc, live: list, keys: dict[str, str]) -> dict[int, Verdict]:
        """The headline printed again in the body (page header, then article header): every copy
        after the first goes, however short. The headline is the given title, else the first line
        when it reads like one (``max_headline_words`` words at most, no final period)."""
        if not live:
            return {}
        head = doc.title or live[0].text
        n = doc.features.n_words(head)
        if not self.min_headline_words <= n <= self.max_headline_words or head.rstrip().endswith((".", "…")):
            return {}
        key = keys[head] if head in keys else fingerprint(head)
        copies = [p for p in live if keys[p.text] == key]
        return {p.position: Verdict("repeated_title") for p in copies[1:]}

    def _repeats(self, live: list, keys: dict[str, str]) -> dict[int, Verdict]:
        first: dict[str, int] = {}
        origin: list[int | None] = []  # index of the first occurrence, for repeats long enough
        for i, para in enumerate(live):
            key = keys[para.text]
            seen = first.setdefault(key, i)
            origin.append(seen if seen != i and len(key) >= self.min_chars else None)
        out: dict[int, Verdict] = {}
        for i, para in enumerate(live):
            if origin[i] is None:
                continue
            if len(keys[para.text]) >= self.long_chars:
                out[para.position] = Verdict("repeated_paragraph")
            elif self._block_length(origin, i) >= self.min_block:
                out[para.position] = Verdict("repeated_block")
        return out

    @staticmethod
    def _block_length(origin: list[int | None], i: int) -> int:
        """Length of the run of repeats around ``i`` that copies a consecutive earlier run."""
        start = i
        while start > 0 and origin[start - 1] is not None and origin[start - 1] == origin[start] - 1:
            start -= 1
        end = i
        while end + 1 < len(origin) and origin[end + 1] is not None and origin[end + 1] == origin[end] + 1:
            end += 1
        return end - start + 1

"""Paragraphs repeated inside one document (extractors often emit a block twice): keep the first."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import Stage, TextDoc, Verdict
from cleaners.features import norm_space


def fingerprint(text: str) -> str:
    """Case, white space (NBSP included) and surrounding punctuation do not make a paragraph new."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", norm_space(text).casefold())


@dataclass
class DuplicateStage(Stage):
    """Drops a repeat when it is an extraction artefact rather than a deliberate repetition.

    ``min_chars``: shorter repeats are kept (list items, refrains, interview questions asked to
    each guest; 40 is also the length from which the seeds scorer counts repeats). A repeat goes
    when it is ``long_chars`` long (a whole prose paragraph printed twice) or belongs to a copied
    block: ``min_block`` consecutive repeats whose first occurrences were consecutive too.
    Measured on the benchmark's 181 article bodies, where meal plans and interview series repeat
    short lines on purpose.
    """

    name = "duplicate"
    min_chars: int = 40
    long_chars: int = 200
    min_block: int = 3

    def judge(self, doc: TextDoc) -> dict[int, Verdict]:
        live = doc.live()
        first: dict[str, int] = {}
        origin: list[int | None] = []  # index of the first occurrence, for repeats long enough
        for i, para in enumerate(live):
            key = fingerprint(para.text)
            seen = first.setdefault(key, i)
            origin.append(seen if seen != i and len(key) >= self.min_chars else None)
        out: dict[int, Verdict] = {}
        for i, para in enumerate(live):
            if origin[i] is None:
                continue
            if len(fingerprint(para.text)) >= self.long_chars:
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

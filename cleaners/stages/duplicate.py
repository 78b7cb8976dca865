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
    """``min_chars``: shorter repeats are kept (a refrain, "Yes"/"No" list items are content)."""

    name = "duplicate"
    min_chars: int = 12

    def judge(self, doc: TextDoc) -> dict[int, Verdict]:
        seen: set[str] = set()
        out: dict[int, Verdict] = {}
        for para in doc.live():
            key = fingerprint(para.text)
            if len(key) < self.min_chars:
                continue
            if key in seen:
                out[para.position] = Verdict("repeated_paragraph")
            seen.add(key)
        return out

"""Show what cleaning did to one document: the extracted text cut into kept and removed segments.

A document carries ``extracted_text`` (before cleaning), ``text`` (after) and ``removed`` (one
``{"stage", "reason", "text"}`` record per removed paragraph or span). Paragraphs of both texts are
aligned with :class:`difflib.SequenceMatcher`; every extracted paragraph missing from the kept text is
then explained by the removal records: a whole removed paragraph, or removed spans inside a paragraph
that was trimmed. Text that vanished without a record is labelled ``UNRECORDED`` rather than hidden,
and records that match nothing in the extracted text are returned in ``unlocated``.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

UNRECORDED = "unrecorded"


@dataclass(frozen=True)
class Segment:
    """A piece of an extracted paragraph; ``stage`` is None when the piece was kept."""

    text: str
    stage: str | None = None
    reason: str | None = None

    @property
    def removed(self) -> bool:
        return self.stage is not None


@dataclass(frozen=True)
class Removal:
    stage: str
    reason: str
    text: str


@dataclass
class DocDiff:
    paragraphs: list[list[Segment]]
    unlocated: list[Removal] = field(default_factory=list)
    kept_text: str = ""

    @property
    def kept_consistent(self) -> bool:
        """True when the kept segments, paragraph by paragraph, are exactly the document's text."""
        return _paragraphs(self.kept_text) == self.rebuilt_kept()

    def rebuilt_kept(self) -> list[str]:
        rebuilt = ("".join(s.text for s in para if not s.removed).strip() for para in self.paragraphs)
        return [p for p in rebuilt if p]

    def removed_chars(self) -> int:
        return sum(len(s.text) for para in self.paragraphs for s in para if s.removed)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _as_removals(records: Iterable[Mapping[str, object] | Removal] | None) -> list[Removal]:
    out = []
    for rec in records or ():
        if isinstance(rec, Removal):
            out.append(rec)
        else:
            out.append(
                Removal(
                    str(rec.get("stage") or "?"), str(rec.get("reason") or ""), str(rec.get("text") or "")
                )
            )
    return [r for r in out if r.text.strip()]


class _Pool:
    """Removal records not yet matched, looked up by their stripped text."""

    def __init__(self, removals: list[Removal]) -> None:
        self.by_text: dict[str, deque[Removal]] = defaultdict(deque)
        for rec in removals:
            self.by_text[rec.text.strip()].append(rec)

    def take_whole(self, paragraph: str) -> Removal | None:
        queue = self.by_text.get(paragraph.strip())
        return queue.popleft() if queue else None

    def take_spans(self, paragraph: str, kept: set[str]) -> list[Segment]:
        """Cut ``paragraph`` at every remaining record found inside it (longest records first)."""
        marks: list[tuple[int, int, Removal]] = []
        for text in sorted((t for t, q in self.by_text.items() if q), key=lambda t: (-len(t), t)):
            queue = self.by_text[text]
            start = 0
            while queue and not (marks and _remainder(paragraph, marks) in kept):
                at = _free_find(paragraph, text, start, marks)
                if at < 0:
                    break
                marks.append((at, at + len(text), queue.popleft()))
                start = at + len(text)
        return _cut(paragraph, sorted(_settle(paragraph, marks, kept), key=lambda m: m[0]))

    def leftover(self) -> list[Removal]:
        return [rec for queue in self.by_text.values() for rec in queue]


def _overlaps(begin: int, end: int, marks: list[tuple[int, int, Removal]]) -> bool:
    return any(begin < m_end and end > m_begin for m_begin, m_end, _ in marks)


def _free_find(haystack: str, needle: str, start: int, marks: list[tuple[int, int, Removal]]) -> int:
    at = haystack.find(needle, start)
    while at >= 0 and _overlaps(at, at + len(needle), marks):
        at = haystack.find(needle, at + 1)
    return at


def _norm(text: str) -> str:
    return " ".join(text.split())


def _remainder(paragraph: str, marks: list[tuple[int, int, Removal]]) -> str:
    pieces, pos = [], 0
    for begin, end, _ in sorted(marks, key=lambda m: m[0]):
        pieces.append(paragraph[pos:begin])
        pos = end
    pieces.append(paragraph[pos:])
    return _norm("".join(pieces))


def _settle(
    paragraph: str, marks: list[tuple[int, int, Removal]], kept: set[str]
) -> list[tuple[int, int, Removal]]:
    """When a removed text occurs several times in a paragraph, pick the occurrence whose removal
    leaves a paragraph of the kept text (e.g. ``"Photo: X"`` at the end, not a mention earlier)."""
    if not marks or _remainder(paragraph, marks) in kept:
        return marks
    for index, (begin, end, rec) in enumerate(marks):
        others = marks[:index] + marks[index + 1 :]
        text = paragraph[begin:end]
        at = paragraph.find(text)
        while at >= 0:
            trial = [*others, (at, at + len(text), rec)]
            if (
                at != begin
                and not _overlaps(at, at + len(text), others)
                and _remainder(paragraph, trial) in kept
            ):
                return trial
            at = paragraph.find(text, at + 1)
    return marks


def _cut(paragraph: str, marks: list[tuple[int, int, Removal]]) -> list[Segment]:
    segments: list[Segment] = []
    pos = 0
    for begin, end, rec in marks:
        if begin > pos:
            segments.append(Segment(paragraph[pos:begin]))
        segments.append(Segment(paragraph[begin:end], rec.stage, rec.reason))
        pos = end
    if pos < len(paragraph):
        segments.append(Segment(paragraph[pos:]))
    return segments


def _explain_rest(paragraph: str, pool: _Pool, kept: set[str]) -> list[Segment]:
    segments = pool.take_spans(paragraph, kept)
    if any(s.removed for s in segments):
        return segments
    if _norm(paragraph) in kept:  # moved rather than removed
        return [Segment(paragraph)]
    return [Segment(paragraph, UNRECORDED, "changed without a removal record")]


def align(
    extracted_text: str, text: str, removed: Iterable[Mapping[str, object] | Removal] | None
) -> DocDiff:
    """Segments of ``extracted_text`` (per paragraph) labelled kept or removed-by-stage.

    Unmatched paragraphs are first explained by whole-paragraph records, then by spans, so a short
    record removed as a paragraph of its own is never mistaken for a span inside another one."""
    extracted = [p for p in (extracted_text or "").split("\n") if p.strip()]
    kept = _paragraphs(text or "")
    pool = _Pool(_as_removals(removed))
    matched = _matched([p.strip() for p in extracted], kept)
    out: dict[int, list[Segment]] = {i: [Segment(extracted[i])] for i in matched}
    for i, paragraph in enumerate(extracted):
        whole = None if i in matched else pool.take_whole(paragraph)
        if whole is not None:
            out[i] = [Segment(paragraph, whole.stage, whole.reason)]
    kept_norm = {_norm(k) for k in kept}
    for i, paragraph in enumerate(extracted):
        if i not in out:
            out[i] = _explain_rest(paragraph, pool, kept_norm)
    paragraphs = [out[i] for i in range(len(extracted))]
    return DocDiff(paragraphs=paragraphs, unlocated=pool.leftover(), kept_text=text or "")


MAX_LCS_CELLS = 250_000  # beyond this, difflib's faster (greedy, sometimes suboptimal) matching is used


def _matched(a: list[str], b: list[str]) -> set[int]:
    """Indices of ``a`` in a longest common subsequence with ``b``, preferring earlier ones on ties
    (a paragraph repeated in the extracted text keeps its first copy, as the cleaning does)."""
    if len(a) * len(b) > MAX_LCS_CELLS:
        blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        return {blk.a + k for blk in blocks for k in range(blk.size)}
    n, m = len(a), len(b)
    suffix = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = suffix[i], suffix[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
    out: set[int] = set()
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j] and suffix[i][j] == suffix[i + 1][j + 1] + 1:
            out.add(i)
            i, j = i + 1, j + 1
        elif suffix[i + 1][j] >= suffix[i][j + 1]:
            i += 1
        else:
            j += 1
    return out

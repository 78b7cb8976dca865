"""See what the cleaning did: an HTML report of a snapshot and a terminal diff of one document.

Data gathering (:mod:`.gather`, :mod:`.alignment`) is separate from rendering (:mod:`.html`,
:mod:`.svg`, :mod:`.terminal`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus.atomic import atomic_open
from corpus.errors import CorpusError
from corpus.report.alignment import DocDiff, Segment, align
from corpus.report.gather import ReportData, ReportOptions, gather_report
from corpus.report.html import iter_html, render_html
from corpus.report.terminal import inspect_document

__all__ = [
    "DocDiff",
    "ReportData",
    "ReportOptions",
    "ReportSummary",
    "Segment",
    "align",
    "gather_report",
    "inspect_document",
    "render_html",
    "write_report",
]


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    bytes: int
    documents: int  # documents kept in the snapshot
    shown: int  # documents (kept and dropped) in the per-document view
    problems: tuple[str, ...] = ()  # files that could not be read (the report says so at the top)


def write_report(snapshot: Path, out: Path, options: ReportOptions | None = None) -> ReportSummary:
    """Write the self-contained HTML report of ``snapshot`` to ``out`` (atomically)."""
    data = gather_report(Path(snapshot), options)
    out = Path(out)
    size = 0
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(out, "w", encoding="utf-8", newline="\n") as handle:
            for piece in iter_html(data):
                size += len(piece.encode("utf-8"))
                handle.write(piece)
    except OSError as exc:
        raise CorpusError(f"cannot write report {out}: {exc}") from exc
    return ReportSummary(
        path=out,
        bytes=size,
        documents=data.total_documents,
        shown=len(data.documents),
        problems=tuple(data.problems),
    )

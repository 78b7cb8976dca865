"""``corpus inspect``: one document's cleaning diff for the terminal.

With colour, removed spans are red, dim and struck through and followed by a ``[stage]`` label;
without (not a TTY, ``NO_COLOR``), removed spans are written ``[-like this-]`` so the diff survives
copy-paste and CI logs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from corpus.errors import CorpusError
from corpus.report.alignment import DocDiff, Segment, align
from corpus.report.reading import DOC_COLUMNS, DROPPED_COLUMNS, find_row, open_snapshot


def inspect_document(snapshot: Path, key: str, *, color: bool) -> str:
    """The header and diff of the document whose id (or unique id prefix) or URL is ``key``."""
    files = open_snapshot(Path(snapshot))
    row = find_row(files.data, key, DOC_COLUMNS)
    if row is not None:
        return render_kept(row, color=color)
    dropped = find_row(files.dropped, key, DROPPED_COLUMNS)
    if dropped is not None:
        return render_dropped(dropped, color=color)
    raise CorpusError(f"no document with id or URL {key!r} in snapshot {files.root}")


def _removed(segment: Segment, color: bool) -> str:
    label = f"[{segment.stage}]"
    if not color:
        return f"[-{segment.text}-]{label}"
    return click.style(segment.text, fg="red", dim=True, strikethrough=True) + click.style(
        label, fg="red", bold=True
    )


def _paragraph(segments: list[Segment], color: bool) -> str:
    return "".join(_removed(s, color) if s.removed else s.text for s in segments)


def _field(name: str, value: Any, color: bool) -> str:
    return (click.style(f"{name}:", bold=True) if color else f"{name}:") + f" {value}"


def render_kept(row: dict[str, Any], *, color: bool) -> str:
    text, extracted = row["text"] or "", row["extracted_text"] or row["text"] or ""
    diff = align(extracted, text, row["removed"])
    lines = [
        _field("id", row["id"], color),
        _field("url", row["url"], color),
        _field("title", row["title"] or "", color),
        _field(
            "source", f"{row['source'] or ''}  date: {row['date'] or '-'}  lang: {row['lang'] or '-'}", color
        ),
        _field(
            "warc",
            f"{row['warc_file'] or '?'} @ {row['warc_offset']}  record {row['warc_record_id'] or '?'}",
            color,
        ),
        _field(
            "chars", f"{len(extracted)} extracted -> {len(text)} kept, {diff.removed_chars()} removed", color
        ),
        "",
    ]
    lines += [_paragraph(para, color) for para in diff.paragraphs]
    lines += _summary(diff, color)
    return "\n".join(lines)


def _summary(diff: DocDiff, color: bool) -> list[str]:
    out: list[str] = []
    if diff.unlocated:
        out += ["", "removed from the page before extraction, or not located in the extracted text:"]
        out += [_removed(Segment(r.text, r.stage, r.reason), color) for r in diff.unlocated]
    counts: dict[str, int] = {}
    for para in diff.paragraphs:
        for seg in para:
            if seg.removed:
                counts[seg.stage or "?"] = counts.get(seg.stage or "?", 0) + len(seg.text)
    if counts:
        out += ["", "removed by stage: " + ", ".join(f"{k} {v} chars" for k, v in sorted(counts.items()))]
    return out


def render_dropped(row: dict[str, Any], *, color: bool) -> str:
    why = f"{row['stage'] or '?'}" + (f" ({row['reason']})" if row["reason"] else "")
    lines = [
        _field("id", row["id"], color),
        _field("url", row["url"], color),
        _field("source", row["source"] or "", color),
        _field("dropped by", why, color),
    ]
    if row["duplicate_of"]:
        lines.append(_field("duplicate of", row["duplicate_of"], color))
    lines.append("")
    text = row["text"] or ""
    lines += [_removed(Segment(p, row["stage"] or "?"), color) for p in text.split("\n") if p.strip()]
    return "\n".join(lines)

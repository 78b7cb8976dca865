"""Render :class:`~corpus.report.gather.ReportData` as one self-contained HTML page.

No network: no CDN, fonts or images; charts are inline SVG and a Content-Security-Policy forbids
every fetch and every script but ours (allowed by hash). All text from documents is escaped
(``html.escape`` here, ``textContent`` in the script) and the JSON blob escapes ``<``, ``>`` and ``&``
so no document can close its ``<script>`` element.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from html import escape
from typing import Any

from corpus.report import svg
from corpus.report.assets import CSS, JS
from corpus.report.gather import DocEntry, ReportData, StageRow


def e(value: Any) -> str:
    return escape(str(value), quote=True)


def script_json(payload: Any) -> str:
    """JSON safe to embed in a ``<script type="application/json">`` element."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def csp() -> str:
    digest = base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def render_html(data: ReportData) -> str:
    return "".join(iter_html(data))


def iter_html(data: ReportData) -> Iterator[str]:
    """The page in pieces, so a large report is written without holding it whole in memory."""
    yield '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    yield f'<meta http-equiv="Content-Security-Policy" content="{e(csp())}">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield f"<title>Snapshot report {e(data.snapshot_id)}</title><style>{CSS}</style></head><body>"
    yield _header(data)
    yield "<main>"
    for section in (_overview, _removals, _top_lines, _clusters, _documents):
        yield section(data)
    yield "</main>"
    yield '<script type="application/json" id="report-data">'
    yield from _doc_payload(data)
    yield f"</script><script>{JS}</script></body></html>\n"


def _header(data: ReportData) -> str:
    inputs = data.manifest.get("inputs") or []
    return (
        f"<header><h1>Snapshot <code>{e(data.snapshot_id)}</code></h1>"
        f'<p class="muted">{data.total_documents:,} documents kept · {data.total_dropped:,} dropped at '
        f"corpus level · {len(data.sources)} sources · {len(data.languages)} languages · "
        f"{len(inputs)} input files</p>"
        '<nav><a href="#overview">Overview</a><a href="#removed">What cleaning removed</a>'
        '<a href="#lines">Frequent removed lines</a><a href="#clusters">Near-duplicates</a>'
        '<a href="#documents">Documents</a></nav>' + _problems(data.problems) + "</header>"
    )


def _problems(problems: list[str]) -> str:
    if not problems:
        return ""
    items = "".join(f"<li>{e(p)}</li>" for p in problems)
    return (
        '<div class="problems"><strong>Incomplete report:</strong> some files could not be read.'
        f"<ul>{items}</ul></div>"
    )


def _table(head: list[str], rows: list[list[Any]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    cls = [' class="num"' if i in numeric else "" for i in range(len(head))]
    out = [
        "<table><thead><tr>",
        *(f"<th{cls[i]}>{e(h)}</th>" for i, h in enumerate(head)),
        "</tr></thead><tbody>",
    ]
    for row in rows:
        cells = (f"<td{cls[i]}>{_cell(v)}</td>" for i, v in enumerate(row))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _cell(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return e(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


SIZE_HEAD = ["source", "kept docs", "dropped docs", "extracted chars", "kept chars", "removed",
             "median before", "median after"]  # fmt: skip


def _overview(data: ReportData) -> str:
    per_source = [(name or "(none)", s.documents) for name, s in data.sources.items()]
    sizes = [(name or "(none)", s.extracted_chars, s.kept_chars) for name, s in data.sources.items()]
    rows = []
    for name, s in data.sources.items():
        removed = _pct(s.extracted_chars - s.kept_chars, s.extracted_chars)
        rows.append(
            [name or "(none)", s.documents, s.dropped, s.extracted_chars, s.kept_chars, removed, *s.medians()]
        )
    undated = f" ({data.undated:,} undated documents not shown)" if data.undated else ""
    languages = list(data.languages.items())
    return (
        '<section id="overview"><h2>Overview</h2><div class="grid">'
        f"<div><h3>Documents per source</h3>{svg.hbar_chart(per_source, 'Documents per source')}</div>"
        f"<div><h3>Language mix</h3>{svg.hbar_chart(languages, 'Documents per language')}</div>"
        f"</div><h3>Documents per {e(data.granularity)}{e(undated)}</h3>"
        f"{svg.column_chart(list(data.periods.items()), 'Documents per ' + data.granularity)}"
        "<h3>Size before and after cleaning (characters)</h3>"
        f"{svg.paired_hbar_chart(sizes, 'Characters per source', ('extracted', 'kept'))}"
        + _table(SIZE_HEAD, rows, {1, 2, 3, 4, 5, 6, 7})
        + _inputs(data.manifest.get("inputs"))
        + "</section>"
    )


def _inputs(inputs: Any) -> str:
    """The input files named by the manifest (WARC names, sizes, digests, read errors)."""
    if not isinstance(inputs, list) or not inputs:
        return ""
    keys = ("name", "documents", "bytes", "sha256", "error")
    rows = [
        [item.get(k, "") for k in keys] if isinstance(item, dict) else [item, "", "", "", ""]
        for item in inputs
    ]
    errors = sum(1 for row in rows if row[4])
    return (
        f"<details><summary>{len(rows)} input files ({errors} with errors)</summary>"
        + _table(list(keys), rows, {1, 2})
        + "</details>"
    )


def _stage_table(rows: list[StageRow], unit: str) -> str:
    if not rows:
        return '<p class="empty">Nothing.</p>'
    body = [[r.stage, r.reason, r.documents, r.spans, r.chars] for r in rows]
    return _table(["stage", "reason", "documents", unit, "characters"], body, {2, 3, 4})


def _removals(data: ReportData) -> str:
    per_stage: dict[str, int] = {}
    for row in data.span_rows:
        per_stage[row.stage] = per_stage.get(row.stage, 0) + row.chars
    chart = sorted(per_stage.items(), key=lambda kv: (-kv[1], kv[0]))
    stats = (
        _table(["key", "value"], [[k, v] for k, v in data.stats.items()], {1})
        if data.stats
        else ('<p class="empty">The manifest has no stats.</p>')
    )
    return (
        '<section id="removed"><h2>What cleaning removed</h2>'
        "<h3>Inside kept documents: characters removed per stage</h3>"
        f"{svg.hbar_chart(chart, 'Characters removed per stage')}"
        + _stage_table(data.span_rows, "spans")
        + "<h3>Whole documents dropped at corpus level</h3>"
        + _stage_table(data.dropped_rows, "records")
        + f"<details><summary>All build statistics ({len(data.stats)} counters)</summary>{stats}</details>"
        + "</section>"
    )


def _top_lines(data: ReportData) -> str:
    parts = ['<section id="lines"><h2>Most frequent removed lines per source</h2>']
    if not data.top_lines:
        parts.append('<p class="empty">Nothing was removed.</p>')
    for source, lines in data.top_lines.items():
        rows = [[line.count, ", ".join(line.stages), line.text] for line in lines]
        table = _table(["count", "stage", "removed text"], rows, {0}).replace("<td>", '<td class="line">')
        parts.append(f"<details open><summary>{e(source or '(none)')}</summary>{table}</details>")
    parts.append("</section>")
    return "".join(parts)


def _clusters(data: ReportData) -> str:
    parts = ['<section id="clusters"><h2>Near-duplicate and duplicate clusters</h2>']
    if not data.cluster_sizes:
        parts.append('<p class="empty">No duplicates were found.</p></section>')
        return "".join(parts)
    parts.append(
        _table(["cluster size", "clusters"], [[k, v] for k, v in data.cluster_sizes.items()], {0, 1})
    )
    for cluster in data.clusters:
        members = "".join(
            f'<li>{e(m.url or m.key)} <span class="muted">{e(m.stage)}'
            f"{(': ' + e(m.reason)) if m.reason else ''}</span></li>"
            for m in cluster.members
        )
        parts.append(
            f"<details><summary>{cluster.size} documents · kept "
            f'<a href="#doc={e(cluster.kept_id)}">{e(cluster.kept_url or cluster.kept_id)}</a></summary>'
            f"<ul>{members}</ul></details>"
        )
    parts.append("</section>")
    return "".join(parts)


def _documents(data: ReportData) -> str:
    shown, total = len(data.documents), data.total_documents + data.total_dropped
    limit = f" (first {shown:,} of {total:,}, kept and dropped)" if shown < total else " (kept and dropped)"
    return (
        f'<section id="documents"><h2>Documents{e(limit)}</h2><div id="controls">'
        '<input type="search" id="q" placeholder="Search title, URL, id or text" aria-label="search">'
        '<select id="source" aria-label="source"><option value="">all sources</option></select>'
        '<select id="stage" aria-label="stage"><option value="">any stage</option></select>'
        '<label><input type="checkbox" id="removed-only"> with removals only</label>'
        '<span id="pager"><button id="prev" type="button">◀</button>'
        '<button id="next" type="button">▶</button>'
        '</span><span id="doc-count" class="muted"></span></div><div id="doc-list"></div>'
        "<noscript>The document view needs JavaScript; use <code>corpus inspect</code>.</noscript></section>"
    )


def _doc_payload(data: ReportData) -> Iterator[str]:
    """``{"docs": [...], "labels": [[stage, reason], ...]}``, one document at a time."""
    labels: dict[tuple[str, str], int] = {}

    def label(stage: str | None, reason: str | None) -> int:
        return labels.setdefault((stage or "?", reason or ""), len(labels))

    yield '{"docs":['
    for i, doc in enumerate(data.documents):
        yield ("," if i else "") + script_json(_doc_json(doc, label))
    yield '],"labels":' + script_json([list(k) for k in labels]) + "}"


def _doc_json(doc: DocEntry, label: Any) -> dict[str, Any]:
    paragraphs = [
        [seg.text if not seg.removed else [seg.text, label(seg.stage, seg.reason)] for seg in para]
        for para in doc.diff.paragraphs
    ]
    stages = sorted(
        {seg.stage for para in doc.diff.paragraphs for seg in para if seg.stage}
        | {r.stage for r in doc.diff.unlocated}
    )
    out: dict[str, Any] = {
        "id": doc.id,
        "url": doc.url,
        "source": doc.source,
        "title": doc.title,
        "date": doc.date,
        "lang": doc.lang,
        "wf": doc.warc_file,
        "wo": doc.warc_offset,
        "wr": doc.warc_record_id,
        "ec": doc.extracted_chars,
        "kc": doc.kept_chars,
        "cut": doc.truncated_chars,
        "p": paragraphs,
        "un": [[r.text, label(r.stage, r.reason)] for r in doc.diff.unlocated],
        "st": stages,
    }
    if doc.dropped:
        out["drop"] = list(doc.dropped)
    if not doc.kept_consistent:
        shown = sum(len(seg.text) for para in doc.diff.paragraphs for seg in para)
        out["kept"] = doc.diff.kept_text[:shown] if doc.truncated_chars else doc.diff.kept_text
    return out

"""Small inline SVG charts (no JavaScript, no external assets). Every label is HTML-escaped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

BAR = "#3b6ea8"
BAR_ALT = "#c8553d"
TEXT = "#222"
ROW = 22  # pixels per bar row


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def _open(width: int, height: int, label: str) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>"
    )


def _clip(label: str, width: int = 28) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def hbar_chart(items: Sequence[tuple[str, float]], label: str, width: int = 640) -> str:
    """One horizontal bar per (name, value), longest first as given."""
    if not items:
        return '<p class="empty">No data.</p>'
    left, right = 210, 90
    span = width - left - right
    top = max(v for _, v in items) or 1
    height = ROW * len(items) + 8
    parts = [_open(width, height, label)]
    for i, (name, value) in enumerate(items):
        y = 4 + i * ROW
        w = max(1.0, span * value / top) if value else 0
        parts.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" fill="{TEXT}">{escape(_clip(name))}'
            f"<title>{escape(name)}</title></text>"
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{ROW - 6}" fill="{BAR}"/>'
            f'<text x="{left + w + 5:.1f}" y="{y + 15}" fill="{TEXT}">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def paired_hbar_chart(
    items: Sequence[tuple[str, float, float]],
    label: str,
    legend: tuple[str, str] = ("before", "after"),
    width: int = 640,
) -> str:
    """Two bars per name (e.g. characters before and after cleaning) sharing one scale."""
    if not items:
        return '<p class="empty">No data.</p>'
    left, right = 210, 110
    span = width - left - right
    top = max(max(a, b) for _, a, b in items) or 1
    height = 2 * ROW * len(items) + 30
    parts = [
        _open(width, height, label),
        f'<rect x="{left}" y="4" width="12" height="12" fill="{BAR}"/>'
        f'<text x="{left + 16}" y="15" fill="{TEXT}">{escape(legend[0])}</text>'
        f'<rect x="{left + 120}" y="4" width="12" height="12" fill="{BAR_ALT}"/>'
        f'<text x="{left + 136}" y="15" fill="{TEXT}">{escape(legend[1])}</text>',
    ]
    for i, (name, first, second) in enumerate(items):
        y = 26 + i * 2 * ROW
        parts.append(
            f'<text x="{left - 6}" y="{y + 20}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_clip(name))}<title>{escape(name)}</title></text>"
        )
        for j, (value, colour) in enumerate(((first, BAR), (second, BAR_ALT))):
            w = max(1.0, span * value / top) if value else 0
            yy = y + j * (ROW - 4)
            parts.append(
                f'<rect x="{left}" y="{yy}" width="{w:.1f}" height="{ROW - 6}" fill="{colour}"/>'
                f'<text x="{left + w + 5:.1f}" y="{yy + 13}" fill="{TEXT}">{_fmt(value)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(items: Sequence[tuple[str, float]], label: str, width: int = 760, height: int = 200) -> str:
    """Vertical bars over an ordered axis (e.g. documents per day); values in tooltips."""
    if not items:
        return '<p class="empty">No data.</p>'
    left, bottom, top_pad = 40, 34, 12
    span_w, span_h = width - left - 10, height - bottom - top_pad
    top = max(v for _, v in items) or 1
    step = span_w / len(items)
    parts = [
        _open(width, height, label),
        f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end" fill="{TEXT}">{_fmt(top)}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>',
    ]
    label_w = 7 * max(len(name) for name, _ in items) + 12  # ~7 px per character at font-size 11
    every = max(1, math.ceil(len(items) * label_w / span_w))
    for i, (name, value) in enumerate(items):
        h = span_h * value / top
        x = left + i * step
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="{BAR}"><title>{escape(name)}: {_fmt(value)}</title></rect>'
        )
        if i % every == 0:
            anchor, tx = _axis_anchor(i, len(items), x, step)
            parts.append(
                f'<text x="{tx:.1f}" y="{height - bottom + 16}" text-anchor="{anchor}" '
                f'font-size="11" fill="{TEXT}">{escape(name)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _axis_anchor(i: int, count: int, x: float, step: float) -> tuple[str, float]:
    """The first axis label hugs the chart's left edge, the others are centred (the last bar's label,
    when drawn, ends at the right edge) so none is clipped."""
    if count > 1 and i == 0:
        return "start", x
    if count > 1 and i == count - 1:
        return "end", x + step
    return "middle", x + step / 2

"""Run the voting extractors once each on one parsed page and keep their outputs as blocks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from corpus.ensemble.dom_blocks import DomBlock, dom_blocks
from corpus.ensemble.readability_view import Readability
from corpus.ensemble.trafilatura_runs import TrafilaturaRuns
from corpus.extraction.parse import parse_fragment, parse_page


@dataclass
class Views:
    """What each extractor kept, as text blocks in page order.

    ``failures`` maps an extractor name to the error it raised; its view is then empty and the
    vote goes on with the others (the failure is visible in the result, never silently dropped).
    """

    recall: list[str] = field(default_factory=list)  # trafilatura favor_recall
    precision: list[str] | None = None  # trafilatura favor_precision; None = not run (not needed)
    readability: list[DomBlock] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)


def _lines(text: str | None) -> list[str]:
    return [stripped for line in (text or "").split("\n") if (stripped := line.strip())]


def _trafilatura(runs: TrafilaturaRuns, mode: str, last: bool = False) -> list[str]:
    return _lines(runs.text(mode, last=last))


def _readability(tree: etree._Element) -> list[DomBlock]:
    summary = Readability(tree).summary(html_partial=True)
    if not summary.strip():
        return []
    return dom_blocks(parse_fragment(summary))


def parse_html(html: str) -> etree._Element | None:
    """The page as an lxml tree (trafilatura's loader: strips encoding declarations, tolerant)."""
    return parse_page(html) if html.strip() else None


def _run(views: Views, name: str, run: Callable[[], list]) -> list:
    """Run one extractor; if it fails on this page its error is recorded and it abstains.

    Any exception is caught on purpose: these are third-party heuristics run on arbitrary web
    pages, and one of them failing must not lose the page when the others can still decide.
    The failure is not hidden: it is in ``Views.failures`` and the result's stats."""
    try:
        return run()
    except Exception as exc:
        views.failures[name] = f"{type(exc).__name__}: {exc}"[:300]
        return []


def collect_views(tree: etree._Element | None, url: str | None, runs: TrafilaturaRuns | None = None) -> Views:
    """trafilatura (recall mode) and readability outputs; precision mode is added by
    :func:`add_precision` only when a decision depends on it. ``runs``: the page's
    :class:`TrafilaturaRuns`, to share with :func:`add_precision` (a new one otherwise)."""
    views = Views()
    if tree is None:
        views.failures["parse"] = "empty or unparseable HTML"
        return views
    runs = TrafilaturaRuns(tree, url) if runs is None else runs
    # readability first: it reads the page as given, which a consuming ``runs`` prunes in place
    views.readability = _run(views, "readability", lambda: _readability(tree))
    views.recall = _run(views, "trafilatura_recall", lambda: _trafilatura(runs, "recall"))
    return views


def add_precision(views: Views, tree: etree._Element | None, url: str | None,
                  runs: TrafilaturaRuns | None = None, *, last: bool = False) -> None:
    """Run trafilatura in precision mode and add its blocks to ``views``. ``last``: no run of
    ``runs`` follows (see :class:`TrafilaturaRuns`)."""
    if tree is not None:
        runs = TrafilaturaRuns(tree, url) if runs is None else runs
        views.precision = _run(views, "trafilatura_precision",
                               lambda: _trafilatura(runs, "precision", last))

"""Run the voting extractors once each on one parsed page and keep their outputs as blocks."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree
from readability import Document as ReadabilityDocument
from readability.readability import Unparseable

from corpus.ensemble.dom_blocks import DomBlock, dom_blocks


@dataclass
class Views:
    """What each extractor kept, as text blocks in page order.

    ``failures`` maps an extractor name to the error it raised; its view is then empty and the
    vote goes on with the others (the failure is visible in the result, never silently dropped).
    """

    recall: list[str] = field(default_factory=list)  # trafilatura favor_recall
    precision: list[str] = field(default_factory=list)  # trafilatura favor_precision
    readability: list[DomBlock] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _trafilatura(tree: etree._Element, url: str | None, **mode: bool) -> list[str]:
    # deduplicate=False always: trafilatura's dedup cache is process-global (output would depend on
    # history). fast=True: skip trafilatura's own readability/jusText fallback, the ensemble votes
    # with readability-lxml itself. Comments are not article text.
    text = trafilatura.extract(
        tree, url=url, fast=True, deduplicate=False, include_comments=False, include_tables=True, **mode
    )
    return _lines(text)


def _readability(tree: etree._Element, url: str | None) -> list[DomBlock]:
    # readability mutates the tree it is given (drops hidden nodes, cleans): hand it a copy.
    summary = ReadabilityDocument(copy.deepcopy(tree), url=url).summary(html_partial=True)
    if not summary.strip():
        return []
    return dom_blocks(lxml.html.fromstring(summary))


def parse_html(html: str) -> etree._Element | None:
    """The page as an lxml tree (trafilatura's loader: strips encoding declarations, tolerant)."""
    return trafilatura.utils.load_html(html) if html.strip() else None


def collect_views(tree: etree._Element | None, url: str | None) -> Views:
    views = Views()
    if tree is None:
        views.failures["parse"] = "empty or unparseable HTML"
        return views
    runs = {
        "trafilatura_recall": lambda: _trafilatura(tree, url, favor_recall=True),
        "trafilatura_precision": lambda: _trafilatura(tree, url, favor_precision=True),
        "readability": lambda: _readability(tree, url),
    }
    results: dict[str, list] = {}
    for name, run in runs.items():
        try:
            results[name] = run()
        except (Unparseable, ValueError, TypeError, etree.LxmlError) as exc:
            views.failures[name] = f"{type(exc).__name__}: {exc}"[:300]
            results[name] = []
    views.recall = results["trafilatura_recall"]
    views.precision = results["trafilatura_precision"]
    views.readability = results["readability"]
    return views

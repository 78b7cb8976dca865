"""The main-text extractors :class:`corpus.extract.Extractor` can run on a parsed, DOM-cleaned page.

Each returns an :class:`Extracted`: the text (one paragraph per line), what the extractor found as
metadata, its removals in ``Document.removed`` shape and its counts under path-like stats keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura
from lxml import html

from cleaners.memo import LowerRuns
from corpus.ensemble import extract_tree
from corpus.extraction import trafilatura_meta
from corpus.extraction.trafilatura_text import text_document

EXTRACTORS = ("ensemble", "trafilatura")


@dataclass
class Extracted:
    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    author: str | None = None
    sitename: str | None = None
    metadata_sources: dict[str, str] = field(default_factory=dict)  # field -> where it was found
    removed: list[dict[str, str]] = field(default_factory=list)  # {"stage", "reason", "text"}
    stats: dict[str, int] = field(default_factory=dict)


def run_trafilatura(tree: html.HtmlElement, url: str, max_date: str, *, include_tables: bool,
                    fast: bool, need_date: bool = True, consume: bool = False) -> Extracted:
    """trafilatura alone, with its metadata (htmldate without "extensive search", bounded by
    ``max_date``). ``deduplicate=False``: its dedup cache is process-global. ``need_date=False``
    (the caller has the page's date from its structured metadata): title, author and sitename as
    trafilatura finds them, without its date search (:mod:`corpus.extraction.trafilatura_meta`);
    ``Extracted.date`` is then None. With a URL, the metadata comes from that module's mirror of
    trafilatura's metadata step (without the categories, tags and license nobody reads here), and
    ``bare_extraction`` only extracts the text (``consume=True``: the caller does not read ``tree``
    afterwards, so that extraction prunes it instead of a copy,
    :mod:`corpus.extraction.trafilatura_text`)."""
    params = {"include_comments": False, "deduplicate": False, "include_tables": include_tables, "fast": fast}
    date_params = {"original_date": True, "extensive_search": False, "max_date": max_date}
    if url and trafilatura_meta.available():  # the metadata bare_extraction would find, minus unused fields
        if not need_date:
            meta = trafilatura_meta.metadata_without_date(tree, url)  # first, as bare_extraction does
        else:
            try:  # bare_extraction turns these errors of its metadata step into "no result"
                meta = trafilatura_meta.page_metadata(tree, url, date_params)
            except (TypeError, ValueError):
                return Extracted("")
        doc = text_document(tree, url, include_tables=include_tables, fast=fast, consume=consume)
        if doc is None:
            return Extracted("")
        return Extracted(doc.text or "", title=meta.title, date=meta.date if need_date else None,
                         author=meta.author, sitename=meta.sitename)
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, **params,
                                      date_extraction_params=date_params)
    if doc is None:
        return Extracted("")
    return Extracted(doc.text or "", title=doc.title, date=doc.date, author=doc.author, sitename=doc.sitename)


def run_ensemble(tree: html.HtmlElement, url: str, max_date: str, *, consume: bool = False,
                 tokens: LowerRuns | None = None) -> Extracted:
    """The agreement vote of :mod:`corpus.ensemble`; its dropped blocks are logged under stage
    "ensemble". The page title is metadata there, not body text. ``consume=True``: the caller does
    not read ``tree`` afterwards, so it may be modified (saves a copy of the page). ``tokens``: the
    page's :class:`cleaners.memo.LowerRuns`, filled by the vote."""
    result = extract_tree(tree, url, max_date=max_date, consume=consume, tokens=tokens)
    return Extracted(result.text, title=result.title, date=result.date, author=result.author,
                     metadata_sources=dict(result.metadata_sources), removed=result.removed("ensemble"),
                     stats=result.stats())

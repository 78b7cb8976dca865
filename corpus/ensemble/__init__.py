"""Extraction stage that combines extractors instead of trusting one.

trafilatura's recall mode proposes the candidate blocks; readability-lxml and trafilatura's
precision mode may second each one, and a block stays with two votes of three (a block is "in" an
extractor's output when most of its word 3-grams are; precision mode runs only when some block
lacks readability's vote). Readability votes only with paragraphs mostly outside links, precision
mode only for blocks that are not mostly link text; blocks repeating the page title are left to
the metadata. When trafilatura cut the article short (its text is a small part of readability's
and contained in it) readability's blocks become the base. Every candidate block gets a
:class:`BlockDecision` saying whether it was kept and why, so a removal log can show it.

Example::

    from corpus.ensemble import extract
    result = extract(html, url="https://www.nato.int/cps/en/natohq/news_1.htm")
    result.text, result.title, result.metadata_sources, result.decisions[0].reason
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from cleaners.memo import LowerRuns
from corpus.ensemble.metadata import iso_date, page_metadata
from corpus.ensemble.options import EnsembleOptions
from corpus.ensemble.page_signals import PageSignals
from corpus.ensemble.text_index import BlockTokens
from corpus.ensemble.trafilatura_runs import TrafilaturaRuns
from corpus.ensemble.views import add_precision, collect_views, parse_html
from corpus.ensemble.vote import BlockDecision, Prechecks, decide, needs_precision, readable_index
from corpus.errors import CorpusError

__all__ = ["BlockDecision", "EnsembleOptions", "EnsembleResult", "extract", "extract_tree"]


@dataclass
class EnsembleResult:
    text: str  # kept blocks joined by "\n"
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    author: str | None = None
    metadata_sources: dict[str, str] = field(default_factory=dict)  # "title"/"date"/"author" -> source
    decisions: list[BlockDecision] = field(default_factory=list)  # one per candidate block, page order
    failures: dict[str, str] = field(default_factory=dict)  # extractor -> error it raised (others voted)

    def stats(self) -> dict[str, int]:
        """Counts under path-like keys: ``ensemble/kept/<code>``, ``ensemble/dropped/<code>``,
        ``ensemble/failed/<extractor>``."""
        keys = [f"ensemble/{'kept' if d.kept else 'dropped'}/{d.code}" for d in self.decisions]
        keys += [f"ensemble/failed/{name}" for name in self.failures]
        return dict(sorted(Counter(keys).items()))

    def removed(self, stage: str = "ensemble") -> list[dict[str, str]]:
        """Dropped blocks in the shape of ``Document.removed`` entries ({"stage", "reason", "text"})."""
        return [{"stage": stage, "reason": d.reason, "text": d.text} for d in self.decisions if not d.kept]


DEFAULT_OPTIONS = EnsembleOptions()


def extract(
    html: str,
    url: str | None = None,
    options: EnsembleOptions = DEFAULT_OPTIONS,
    *,
    max_date: str | None = None,
) -> EnsembleResult:
    """Article text and metadata of one decoded HTML page. Never raises on malformed HTML: an
    extractor that fails is listed in ``failures`` and the others decide. ``max_date``
    (YYYY-MM-DD, e.g. the fetch date) bounds htmldate's guesses."""
    return extract_tree(parse_html(html), url, options, max_date=max_date)


def extract_tree(
    tree: etree._Element | None,
    url: str | None = None,
    options: EnsembleOptions = DEFAULT_OPTIONS,
    *,
    max_date: str | None = None,
    consume: bool = False,
    tokens: LowerRuns | None = None,
) -> EnsembleResult:
    """As :func:`extract`, on a page already parsed (e.g. by ``trafilatura.utils.load_html``) and
    possibly already stripped of DOM chrome. The tree is not modified, unless ``consume=True`` (the
    caller will not read it again): then trafilatura's pruning works on it instead of a copy.
    ``tokens``: the page's :class:`cleaners.memo.LowerRuns`, which the vote fills with the words of
    the blocks it reads (the caller may pass it on to :func:`cleaners.clean`)."""
    if max_date is not None and iso_date(max_date) != max_date:
        raise CorpusError(f"max_date must be a YYYY-MM-DD date, got {max_date!r}")
    meta = page_metadata(tree, url, options.use_htmldate, max_date)
    page = PageSignals.from_page(tree, meta.title_candidates, BlockTokens(tokens))
    runs = TrafilaturaRuns(tree, url, consume=consume) if tree is not None else None  # modes share work
    if consume:
        page.read_anchor_texts()  # before the runs prune the tree
    views = collect_views(tree, url, runs)
    readable = readable_index(views, options, page.tokens)  # the page's tokenisation, shared
    prechecks = Prechecks(readable, options, page)  # each block is pre-checked once
    if needs_precision(views, options, readable, page, prechecks):
        add_precision(views, tree, url, runs, last=consume)  # the last run: may consume its tree
    decisions = decide(views, options, page, readable, prechecks)
    return EnsembleResult(
        text="\n".join(d.text for d in decisions if d.kept),
        title=meta.title,
        date=meta.date,
        author=meta.author,
        metadata_sources=dict(meta.sources),
        decisions=decisions,
        failures=dict(sorted({**views.failures, **meta.failures}.items())),
    )

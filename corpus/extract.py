"""HTML page -> clean :class:`~corpus.document.Document`: decode, remove DOM chrome, extract, clean.

Public API (the build relies on these names):

- :class:`ExtractOptions`  options of the whole step (frozen dataclass)
- :func:`extract_html`     one page -> :class:`ExtractOutcome` (``doc`` or ``None`` with a ``reason``)
- :func:`extract_warc`     one WARC file -> Documents in file order, provenance filled, counts in ``stats``

Steps for one page: bytes are decoded (:mod:`corpus.decode`), parsed once (:mod:`corpus.extraction.parse`:
trafilatura's loader with a C-level element class lookup); hreflang/canonical/
Open Graph/JSON-LD are read from the head (:mod:`corpus.extraction.meta`); :class:`cleaners.dom.DomChrome`
removes consent managers, login modals, share/newsletter widgets and the source's ``drop_selectors``;
the extractor (``ExtractOptions.extractor``) takes the main text from the same tree, one paragraph per
line: ``"ensemble"`` (:mod:`corpus.ensemble`: trafilatura recall mode, readability-lxml and, when a
vote needs it, trafilatura precision mode; a block stays with two votes of three) or ``"trafilatura"``
alone (``deduplicate=False``: its cache is process-global, comments excluded); then
:func:`cleaners.clean` drops text boilerplate. ``doc.extracted_text`` is the extractor's output,
``doc.removed`` the DOM, ensemble then text removals as ``{"stage", "reason", "text"}``; the ensemble's
block counts go to the stats as ``ensemble/kept/<code>``, ``ensemble/dropped/<code>``,
``ensemble/failed/<extractor>``.

Outcome reasons (counted by :func:`extract_warc` as ``extract/skipped/<reason>``): ``unparsable``
(lxml gets no tree), ``no_text`` (trafilatura finds no main text), ``too_short`` (cleaned text shorter
than ``min_chars``), ``noindex`` (``<meta name="robots" content="noindex">`` or an ``X-Robots-Tag:
noindex`` header: the site asks for the page not to be indexed), ``error/<Exception>`` (a page that
crashes a library; the rest goes on).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from lxml import etree, html

from cleaners import clean, default_stages
from cleaners.dom import DomChrome
from cleaners.memo import LowerRuns
from corpus.decode import clean_text_for_lxml, decode_html
from corpus.document import Document
from corpus.errors import CorpusError
from corpus.extraction.engines import EXTRACTORS, Extracted, run_ensemble, run_trafilatura
from corpus.extraction.meta import HeadMeta, read_head_meta
from corpus.extraction.parse import parse_page
from corpus.extraction.tags import Found, by_tag, having
from corpus.warc_reader import ReadOptions, iter_responses
from crawler.sources import Source, source_for_url

# Date of a document: the page's structured publication date (JSON-LD datePublished, article:published_time)
# first, then htmldate's through trafilatura without "extensive search" (which guesses from free text and
# turns a "© 2024" footer into 2024-01-01), then a date line the cleaners found in the text.
# htmldate discards dates after max_date; trafilatura's default is today's date (wall clock). We pass
# the fetch date instead (a page cannot be published after it was fetched), or this when unknown.
NO_FETCH_DATE = "2100-01-01"
_PAGE_ERRORS = (ValueError, TypeError, UnicodeError, RecursionError, etree.LxmlError)


@dataclass(frozen=True)
class ExtractOptions:
    """``lang``: "auto" (detect per document), "fr" or "en" (passed to the cleaners).
    ``min_chars``: pages whose cleaned text is shorter are not articles (200 chars: about two
    sentences; listing, tag and error pages fall below, the shortest real news briefs stay above).
    ``sources``: gives each URL its source name and the source's ``drop_selectors``.
    ``max_payload_bytes``: WARC payload cap, before and after decompression.
    ``include_tables``: keep table text (trafilatura's default).
    ``fast``: trafilatura's fast mode: no second pass through its readability/jusText backups. On the
    article-extraction benchmark our pipeline scores the same either way (F1 0.964 fast vs 0.963, see
    bench/extract_quality.py) and fast mode saves about a quarter of trafilatura's time.
    ``extractor``: "ensemble" (agreement vote of trafilatura and readability-lxml, see
    :mod:`corpus.ensemble`) or "trafilatura" (trafilatura alone). Through this whole pipeline on the
    article-extraction benchmark (bench/extract_quality.py): ensemble F1 0.974, precision 0.980,
    recall 0.968; trafilatura F1 0.960, precision 0.954, recall 0.966; the ensemble costs about a
    fifth more CPU per page. On the fixture pages both keep 98.9% of the article paragraphs; the
    ensemble leaves 0.0% of the boilerplate strings, trafilatura 0.3%. ``include_tables`` and ``fast``
    apply to the "trafilatura" extractor; the ensemble always runs trafilatura fast, tables included."""

    lang: str = "auto"
    min_chars: int = 200
    sources: tuple[Source, ...] = ()
    max_payload_bytes: int = 50_000_000
    include_tables: bool = True
    fast: bool = True
    extractor: str = "ensemble"

    def __post_init__(self) -> None:
        if self.extractor not in EXTRACTORS:
            raise CorpusError(f"extractor must be one of {', '.join(EXTRACTORS)}, not {self.extractor!r}")
        if self.lang not in ("auto", "fr", "en"):
            raise CorpusError(f"lang must be 'auto', 'fr' or 'en', not {self.lang!r}")
        if self.min_chars < 0 or self.max_payload_bytes <= 0:
            raise CorpusError("min_chars must be >= 0 and max_payload_bytes > 0")


@dataclass
class ExtractOutcome:
    """``doc`` is None when the page holds no article; ``reason`` says why ("ok" otherwise).
    ``stats``: counts of this page (charset route, DOM and text removals by stage)."""

    doc: Document | None
    reason: str
    stats: Counter[str] = field(default_factory=Counter)


class Extractor:
    """Extraction with per-source DOM stages built once (per Extractor, never process-wide)."""

    def __init__(self, options: ExtractOptions = ExtractOptions()):
        self.options = options
        self._sources = list(options.sources)
        self._dom: dict[str, DomChrome] = {}
        for source in (None, *self._sources):  # a bad drop_selector is an error now, not at its first page
            self.dom_stage(source)
        self._stages = default_stages()  # loads langdetect profiles once (~0.4 s), reused per page

    def dom_stage(self, source: Source | None) -> DomChrome:
        key = source.name if source else ""
        if key not in self._dom:
            try:
                self._dom[key] = DomChrome(source.drop_selectors if source else ())
            except ValueError as e:
                raise CorpusError(f"source {key!r}: {e}") from None
        return self._dom[key]

    def extract(self, page: bytes | str, url: str, *, headers: Mapping[str, str] | None = None,
                fetched_at: str = "") -> ExtractOutcome:
        stats: Counter[str] = Counter()
        try:
            return self._extract(page, url, headers or {}, fetched_at, stats)
        except _PAGE_ERRORS as e:
            return ExtractOutcome(None, f"error/{type(e).__name__}", stats)

    def _extract(self, page: bytes | str, url: str, headers: Mapping[str, str], fetched_at: str,
                 stats: Counter[str]) -> ExtractOutcome:
        text = self._decode(page, headers, stats)
        tree = parse_page(text, controls_removed=True) if text.strip() else None
        if tree is None:
            return ExtractOutcome(None, "unparsable", stats)
        source = source_for_url(self._sources, url)
        dom = self.dom_stage(source)  # first: a bad selector is an error whatever the page
        head_tags = by_tag(tree, ("link", "meta"))  # one walk for the robots and head metadata readers
        if _noindex(tree, headers, head_tags):
            return ExtractOutcome(None, "noindex", stats)
        if not _bound_reaches(tree, self.options.min_chars):  # cannot reach min_chars: skip the costly steps
            return ExtractOutcome(None, "too_short", stats)
        head = read_head_meta(tree, url, head_tags)
        removed = dom.apply(tree)
        stats.update(f"extract/dom_chrome/{r.reason}" for r in removed)
        tokens = LowerRuns()  # this page's words, found by the ensemble's vote, read again by the cleaners
        extracted = self._main_text(tree, url, fetched_at, need_date=head.date is None, consume=True,
                                    tokens=tokens)
        stats.update(extracted.stats)
        if not extracted.text.strip():
            return ExtractOutcome(None, "no_text", stats)
        if len(extracted.text) < self.options.min_chars:  # cleaning only removes lines: too short already
            return ExtractOutcome(None, "too_short", stats)
        title = extracted.title or head.title
        cleaned = clean(extracted.text, lang=self.options.lang, title=title, stages=self._stages,
                        tokens=tokens)
        stats.update(cleaned.stats)
        if len(cleaned.text) < self.options.min_chars:
            return ExtractOutcome(None, "too_short", stats)
        doc = Document(
            url=url,
            text=cleaned.text,
            source=source.name if source else "",
            title=title,
            date=head.date or extracted.date or cleaned.metadata.get("date"),
            author=extracted.author or head.author,
            sitename=extracted.sitename or head.sitename,
            canonical_url=head.canonical_url,
            lang=cleaned.lang,
            lang_confidence=cleaned.lang_confidence,
            alternates=dict(head.alternates),
            extracted_text=extracted.text,
            removed=[_removal_dict(r) for r in removed] + extracted.removed
            + [_removal_dict(r) for r in cleaned.removed],
            metadata=_metadata(head, cleaned.metadata, extracted.metadata_sources),
        )
        return ExtractOutcome(doc, "ok", stats)

    @staticmethod
    def _decode(page: bytes | str, headers: Mapping[str, str], stats: Counter[str]) -> str:
        if isinstance(page, str):
            return clean_text_for_lxml(page)
        ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
        decoded = decode_html(page, ctype)
        stats[f"read/charset/{decoded.how}"] += 1
        return decoded.text

    def _main_text(self, tree: html.HtmlElement, url: str, fetched_at: str, *,
                   need_date: bool = True, consume: bool = False,
                   tokens: LowerRuns | None = None) -> Extracted:
        """``need_date=False``: the page's structured date wins over the extractor's (see ``date``
        below), so the "trafilatura" extractor skips its date search. ``consume=True``: the caller
        does not read ``tree`` afterwards (the extractor may modify it instead of copying it).
        ``tokens``: the page's :class:`cleaners.memo.LowerRuns`, which the ensemble fills."""
        max_date = fetched_at[:10] if len(fetched_at) >= 10 and fetched_at[4] == "-" else NO_FETCH_DATE
        if self.options.extractor == "ensemble":
            return run_ensemble(tree, url, max_date, consume=consume, tokens=tokens)
        return run_trafilatura(tree, url, max_date, include_tables=self.options.include_tables,
                               fast=self.options.fast, need_date=need_date, consume=consume)


def extract_html(page: bytes | str, url: str, *, options: ExtractOptions = ExtractOptions(),
                 headers: Mapping[str, str] | None = None, fetched_at: str = "") -> ExtractOutcome:
    """Extract one page. ``headers`` (HTTP response headers) give the charset of a bytes page."""
    return Extractor(options).extract(page, url, headers=headers, fetched_at=fetched_at)


def extract_warc(path: Path, options: ExtractOptions, stats: Counter[str], *,
                 extractor: Extractor | None = None) -> Iterator[Document]:
    """Documents of one WARC file in file order; every skipped record or page is counted in ``stats``
    (``read/...`` by the reader, ``extract/skipped/<reason>``, ``extract/documents``).
    ``extractor``: reuse one :class:`Extractor` (built with the same ``options``) across files of a
    worker; a new one loads the cleaners' language profiles (~0.4 s)."""
    if extractor is None:
        extractor = Extractor(options)
    elif extractor.options != options:
        raise CorpusError("extract_warc: the extractor was built with other options")
    for resp in iter_responses(path, stats, ReadOptions(max_payload_bytes=options.max_payload_bytes)):
        outcome = extractor.extract(resp.payload, resp.uri, headers=_merged(resp.headers),
                                    fetched_at=resp.date)
        stats.update(outcome.stats)
        if outcome.doc is None:
            stats[f"extract/skipped/{outcome.reason}"] += 1
            continue
        doc = outcome.doc
        doc.warc_file, doc.warc_offset, doc.warc_record_id = resp.warc_file, resp.offset, resp.record_id
        doc.fetched_at = resp.date
        stats["extract/documents"] += 1
        yield doc


def extract_to_jsonl(paths: list[Path], options: ExtractOptions, out: TextIO, stats: Counter[str]) -> int:
    """Write the documents of ``paths`` (in the given order) to ``out`` as JSON lines with sorted keys;
    return how many were written."""
    n = 0
    extractor = Extractor(options)
    for path in paths:
        for doc in extract_warc(path, options, stats, extractor=extractor):
            out.write(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n


def _text_bound(tree: html.HtmlElement) -> int:
    """An upper bound of the length of any text extracted from ``tree``: all its text nodes plus one
    separator per element (tiny pages, e.g. 100,000 stubs, are rejected in microseconds, before
    trafilatura and language detection, which costs ~70 ms on a few words)."""
    return int(_TEXT_BOUND(tree))


def _bound_reaches(tree: html.HtmlElement, n: int) -> bool:
    """``_text_bound(tree) >= n``, mostly without computing the bound: the nodes met first (a page's
    head: title, scripts) usually hold ``n`` characters already. Every node counts 1 and each text
    node is counted once (as an element's ``text`` or a node's ``tail``), so the running sum is a
    lower bound of ``_text_bound``, and reaching ``n`` settles it."""
    total = 0
    for node in tree.iter():
        total += 1 + (len(node.text or "") if isinstance(node.tag, str) else 0)
        if node is not tree:  # the root's tail is outside it
            total += len(node.tail or "")
        if total >= n:
            return True
    return _text_bound(tree) >= n


# len(tree.text_content()) + the nodes tree.iter() yields (elements, comments, processing instructions),
# counted by libxml2 instead of one Python proxy per node
_TEXT_BOUND = etree.XPath("string-length(string(.)) + count(descendant-or-self::node()[not(self::text())])")


_ROBOTS_METAS = etree.XPath("//meta[@name][@content]")
_ROBOTS_NAMES = ("robots", "googlebot")


def _noindex(tree: html.HtmlElement, headers: Mapping[str, str], found: Found | None = None) -> bool:
    """The page opts out of indexing (robots meta tag or X-Robots-Tag header, ``noindex``/``none``).
    ``found``: :func:`corpus.extraction.tags.by_tag` of the page with "meta", if the caller has it."""
    metas = _ROBOTS_METAS(tree) if found is None else having(found["meta"], "name", "content")
    values = [m.get("content", "") for m in metas
              if m.get("name", "").strip().lower() in _ROBOTS_NAMES]
    values += [v for k, v in headers.items() if k.lower() == "x-robots-tag"]
    for value in values:
        for token in value.lower().split(","):
            bot, sep, rule = token.partition(":")  # "googlebot: noindex" -> rule after the bot name
            word = (rule if sep and bot.strip() in _ROBOTS_NAMES else token).strip()
            if word in ("noindex", "none"):
                return True
    return False


def _merged(headers: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Header list -> dict; a repeated header's values joined with ", " (RFC 9110 list syntax)."""
    out: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _removal_dict(r) -> dict[str, str]:
    return {"stage": r.stage, "reason": r.reason, "text": r.text}


def _metadata(head: HeadMeta, cleaned_meta: Mapping[str, object],
              sources: Mapping[str, str]) -> dict[str, object]:
    out: dict[str, object] = {k: v for k, v in sorted(cleaned_meta.items()) if k != "date"}
    if head.description:
        out["description"] = head.description
    if sources:
        out["metadata_sources"] = dict(sorted(sources.items()))
    return out

"""Title, publication date and author from the best available source, and which source gave them.

Order of trust (most explicit first): JSON-LD (schema.org Article), Open Graph / <meta>, the
page's <time datetime> element, then htmldate's heuristics (date) or <h1>/<title> (title).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from corpus.extraction.tags import Found, by_tag, having

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
     "backgroundnewsarticle", "blogposting", "scholarlyarticle", "report", "techarticle"}
)
MAX_HEADINGS = 3  # h1 / title elements looked at (pages with dozens of h1 use them as teasers)
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
# htmldate drops dates later than max_date (default: today). A constant keeps the output independent
# of the day the pipeline runs.
HTMLDATE_MAX = "2099-12-31"


@dataclass
class PageMetadata:
    title: str | None = None
    date: str | None = None
    author: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field -> "json-ld" | "open-graph" | ...
    title_candidates: list[str] = field(default_factory=list)  # every title string seen, any source
    failures: dict[str, str] = field(default_factory=dict)  # source -> error it raised

    def offer(self, name: str, value: str | None, source: str) -> None:
        """Record ``value`` for field ``name`` unless a more trusted source already gave one."""
        if name == "title" and value and value not in self.title_candidates:
            self.title_candidates.append(value)
        if value and getattr(self, name) is None:
            setattr(self, name, value)
            self.sources[name] = source


def iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from an ISO 8601 date or date-time string, None when it is not one."""
    m = ISO_DATE.match(value) if isinstance(value, str) else None
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _author_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_author_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        return _clean(value.get("name"))
    text = _clean(value)
    return None if text is None or text.startswith(("http://", "https://")) else text


def _json_objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _json_objects(item)
    elif isinstance(node, dict):
        yield node
        yield from _json_objects(node.get("@graph", []))


def _is_article(obj: dict[str, Any]) -> bool:
    types = obj.get("@type", [])
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types)


_JSON_LD_SCRIPTS = etree.XPath('//script[@type="application/ld+json"]')  # compiled once, not per page


def from_json_ld(tree: etree._Element, meta: PageMetadata) -> None:
    for script in _JSON_LD_SCRIPTS(tree):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # malformed JSON-LD is common; the other sources still apply
        for obj in filter(_is_article, _json_objects(data)):
            meta.offer("title", _clean(obj.get("headline")) or _clean(obj.get("name")), "json-ld")
            meta.offer("date", iso_date(obj.get("datePublished")), "json-ld")
            meta.offer("author", _author_name(obj.get("author")), "json-ld")


_METAS_WITH_CONTENT = etree.XPath("//meta[@content]")
_META_ATTRS = ("property", "name", "itemprop")


def meta_index(tree: etree._Element, found: Found | None = None) -> dict[tuple[str, str], str]:
    """(attribute, value) -> content of the first ``<meta attribute="value" content>`` of the page, for
    the attributes property, name and itemprop: one pass instead of one XPath per key and attribute.
    ``found``: :func:`corpus.extraction.tags.by_tag` of the page with "meta", if the caller has it."""
    first: dict[tuple[str, str], str] = {}
    for m in _METAS_WITH_CONTENT(tree) if found is None else having(found["meta"], "content"):
        content = m.get("content")
        for attr in _META_ATTRS:
            value = m.get(attr)
            if value is not None:
                first.setdefault((attr, value), content)
    return first


def _meta(index: dict[tuple[str, str], str], *keys: str) -> str | None:
    for key in keys:
        for attr in _META_ATTRS:
            value = _clean(index.get((attr, key)))
            if value:
                return value
    return None


def from_open_graph(tree: etree._Element, meta: PageMetadata, found: Found | None = None) -> None:
    index = meta_index(tree, found)
    meta.offer("title", _meta(index, "og:title", "twitter:title"), "open-graph")
    date = _meta(index, "article:published_time", "og:article:published_time", "datePublished")
    meta.offer("date", iso_date(date), "open-graph")
    meta.offer("author", _author_name(_meta(index, "author", "article:author")), "meta")


def from_time_element(tree: etree._Element, meta: PageMetadata, found: Found | None = None) -> None:
    if found is None:
        stamps = tree.xpath('//time[@itemprop="datePublished"]/@datetime | //time[@pubdate]/@datetime')
        stamps += tree.xpath("//time/@datetime")
    else:  # the same attribute values, in the same order
        dated = having(found["time"], "datetime")
        stamps = [t.get("datetime") for t in dated
                  if t.get("itemprop") == "datePublished" or t.get("pubdate") is not None]
        stamps += [t.get("datetime") for t in dated]
    for stamp in stamps:
        if iso_date(stamp):
            meta.offer("date", iso_date(stamp), "time-element")
            return


def from_headings(tree: etree._Element, meta: PageMetadata, found: Found | None = None) -> None:
    for tag, source in (("h1", "h1"), ("title", "title-element")):
        for el in (tree.xpath(f"//{tag}") if found is None else found[tag])[:MAX_HEADINGS]:
            meta.offer("title", _clean(el.text_content()), source)


def from_htmldate(tree: etree._Element, url: str | None, meta: PageMetadata, max_date: str) -> None:
    from htmldate import find_date

    try:
        found = find_date(tree, extensive_search=False, original_date=True, url=url, max_date=max_date)
    except Exception as exc:  # third-party heuristics on arbitrary markup (seen: AssertionError)
        meta.failures["htmldate"] = f"{type(exc).__name__}: {exc}"[:300]
        return
    meta.offer("date", iso_date(found), "htmldate")


def page_metadata(
    tree: etree._Element | None, url: str | None, use_htmldate: bool = True, max_date: str | None = None
) -> PageMetadata:
    """``max_date`` (YYYY-MM-DD): latest plausible publication date for htmldate, e.g. the fetch
    date; default a constant far in the future."""
    meta = PageMetadata()
    if tree is None:
        return meta
    found = by_tag(tree, ("meta", "time", "h1", "title"))  # one walk for the four readers below
    from_json_ld(tree, meta)
    from_open_graph(tree, meta, found)
    from_time_element(tree, meta, found)
    from_headings(tree, meta, found)
    if meta.date is None and use_htmldate:
        from_htmldate(tree, url, meta, max_date or HTMLDATE_MAX)
    return meta

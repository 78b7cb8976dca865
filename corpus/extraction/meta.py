"""Metadata from a page's ``<head>`` that extractors miss: hreflang alternates, canonical URL,
Open Graph / ``article:`` properties and schema.org JSON-LD (NewsArticle & co)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from corpus.extraction.tags import Found, having

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                  "opinionnewsarticle", "backgroundnewsarticle", "pressrelease", "report", "webpage"}
_LINKS = etree.XPath("//link[@rel][@href]")
_METAS = etree.XPath("//meta[@content][@property or @name or @itemprop]")
_JSONLD = etree.XPath("//script[translate(@type, 'JSONLD', 'jsonld')='application/ld+json']/text()")


@dataclass(frozen=True)
class HeadMeta:
    canonical_url: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> absolute URL, sorted by key
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    author: str | None = None
    sitename: str | None = None
    description: str | None = None


def read_head_meta(tree: html.HtmlElement, base_url: str, found: Found | None = None) -> HeadMeta:
    """``found``: :func:`corpus.extraction.tags.by_tag` of the page with "link" and "meta", if the
    caller has it (saves two walks of the page)."""
    canonical, alternates = _links(tree, base_url, found)
    props = _meta_props(tree, found)
    ld = _jsonld_article(tree)
    author = _author(ld.get("author")) or props.get("author") or props.get("article:author")
    publisher = ld.get("publisher")
    return HeadMeta(
        canonical_url=canonical or _abs_http(base_url, props.get("og:url")),
        alternates=alternates,
        title=_str(ld.get("headline")) or props.get("og:title") or props.get("twitter:title"),
        date=_iso_date(ld.get("datePublished")) or _iso_date(props.get("article:published_time"))
        or _iso_date(props.get("datepublished")) or _iso_date(props.get("date")),
        author=author if author and not author.startswith("http") else None,
        sitename=(_str(publisher.get("name")) if isinstance(publisher, dict) else None)
        or props.get("og:site_name"),
        description=props.get("og:description") or props.get("description"),
    )


def _links(tree: html.HtmlElement, base: str, found: Found | None) -> tuple[str | None, dict[str, str]]:
    canonical = None
    alternates: dict[str, str] = {}
    for link in _LINKS(tree) if found is None else having(found["link"], "rel", "href"):
        rels = set((link.get("rel") or "").lower().split())
        lang = (link.get("hreflang") or "").strip()
        wanted_canonical = "canonical" in rels and canonical is None
        if not (wanted_canonical or ("alternate" in rels and lang)):
            continue  # stylesheets, icons, preloads...: their URL is never used, so never resolved
        href = _abs_http(base, link.get("href"))
        if href is None:
            continue
        if wanted_canonical:
            canonical = href
        if "alternate" in rels and lang:
            alternates.setdefault(lang.lower() if lang.lower() == "x-default" else lang, href)
    return canonical, dict(sorted(alternates.items()))


def _meta_props(tree: html.HtmlElement, found: Found | None) -> dict[str, str]:
    out: dict[str, str] = {}
    metas = _METAS(tree) if found is None else [  # _METAS's predicate
        m for m in having(found["meta"], "content")
        if m.get("property") is not None or m.get("name") is not None or m.get("itemprop") is not None]
    for m in metas:
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        value = " ".join((m.get("content") or "").split())
        if key and value:
            out.setdefault(key, value)
    return out


def _jsonld_article(tree: html.HtmlElement) -> dict[str, Any]:
    """The first schema.org article-like object of the page's JSON-LD (invalid JSON is ignored)."""
    for raw in _JSONLD(tree):
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for obj in _objects(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                return obj
    return {}


def _objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"], depth + 1)


def _author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_author(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _str(value.get("name"))
    return _str(value)


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        s = " ".join(value.split())
        return s or None
    return None


def _iso_date(value: Any) -> str | None:
    m = _ISO_DATE.match(value.strip()) if isinstance(value, str) else None
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return m.group(0) if 1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100 else None


def _abs_http(base: str, href: str | None) -> str | None:
    if not href or not href.strip():
        return None
    try:
        url = urljoin(base, href.strip())
    except ValueError:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None

"""Link discovery from sitemaps, feeds and listing pages. Pure functions over bytes/HTML (lxml), so
they are testable without Scrapy."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urldefrag, urljoin

import lxml.etree
import lxml.html

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # sitemaps.org limit for an uncompressed sitemap


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: str = ""
    is_sitemap: bool = False  # an entry of a sitemap index


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def maybe_gunzip(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    with gzip.GzipFile(fileobj=BytesIO(body)) as g:
        return g.read(MAX_SITEMAP_BYTES + 1)[:MAX_SITEMAP_BYTES]


def parse_sitemap(body: bytes) -> list[SitemapEntry]:
    """Entries of a urlset or sitemapindex (hreflang alternates included as plain entries)."""
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(maybe_gunzip(body), parser=parser)
    except (lxml.etree.XMLSyntaxError, ValueError, OSError, EOFError):
        return []
    if root is None:
        return []
    index = _local(root.tag) == "sitemapindex"
    out: list[SitemapEntry] = []
    for el in root:
        if _local(el.tag) not in ("url", "sitemap"):
            continue
        loc, lastmod, alternates = "", "", []
        for child in el:
            name = _local(child.tag)
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip()
            elif name == "link" and child.get("href"):
                alternates.append(child.get("href").strip())
        if loc:
            out.append(SitemapEntry(loc, lastmod, index))
        out += [SitemapEntry(a, lastmod, index) for a in alternates]
    return out


def sitemaps_from_robots(body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [m.group(1).strip() for m in re.finditer(r"(?im)^\s*sitemap\s*:\s*(\S+)", text)]


def parse_feed(body: bytes, base_url: str) -> list[str]:
    """Item links of an RSS 2.0 / RSS 1.0 / Atom feed, in document order."""
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except (lxml.etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    out = []
    for el in root.iter():
        name = _local(el.tag)
        if name in ("item", "entry"):
            for child in el:
                if _local(child.tag) != "link":
                    continue
                href = child.get("href")
                if href is not None and child.get("rel", "alternate") == "alternate":
                    out.append(urljoin(base_url, href.strip()))
                elif href is None and child.text and child.text.strip():
                    out.append(urljoin(base_url, child.text.strip()))
    return out


@dataclass(frozen=True)
class PageLinks:
    links: list[str]
    next_pages: list[str]  # rel="next" pagination


def page_links(body: bytes, base_url: str, encoding: str | None = None) -> PageLinks:
    """Absolute, fragment-free http(s) links of an HTML page (respecting <base href>)."""
    try:
        doc = lxml.html.document_fromstring(body, parser=lxml.html.HTMLParser(encoding=encoding))
    except (lxml.etree.ParserError, ValueError):
        return PageLinks([], [])
    base = doc.xpath("string(//base/@href)") or base_url
    base = urljoin(base_url, base)
    links, nexts = [], []
    for a in doc.xpath("//a[@href] | //link[@href and @rel]"):
        url = urldefrag(urljoin(base, a.get("href").strip()))[0]
        if not url.startswith(("http://", "https://")):
            continue
        rel = (a.get("rel") or "").lower().split()
        if "next" in rel:
            nexts.append(url)
        elif a.tag == "a":
            links.append(url)
    return PageLinks(list(dict.fromkeys(links)), list(dict.fromkeys(nexts)))

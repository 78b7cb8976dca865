"""The sources file: one ``[[source]]`` TOML table per site. Pure Python (no Scrapy import)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from corpus.errors import CorpusError

MAX_SOURCES_BYTES = 1_000_000


@dataclass(frozen=True)
class Source:
    name: str
    allowed_domains: tuple[str, ...]
    start_urls: tuple[str, ...] = ()
    sitemap_urls: tuple[str, ...] = ()
    feed_urls: tuple[str, ...] = ()
    article_pattern: str = ""
    languages: tuple[str, ...] = ()
    allow_private: bool = False
    drop_selectors: tuple[str, ...] = ()
    max_pages: int = 10_000
    max_depth: int = 5
    follow_pattern: str = ""  # regex of non-article URLs to follow from listings (default: start URL dirs)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def is_article(self, url: str) -> bool:
        return bool(self.article_pattern) and re.search(self.article_pattern, url) is not None

    def excludes(self, url: str) -> bool:
        """True when the source names its articles (``article_pattern``) and ``url`` is not one of them:
        a listing, tag or home page archived on the way."""
        return bool(self.article_pattern) and not self.is_article(url)

    def owns(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):  # never file://, data:, ftp://...
            return False
        host = (parts.hostname or "").lower()
        return bool(host) and any(host == d or host.endswith("." + d) for d in self.allowed_domains)


_DOMAIN = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*|[0-9a-f:]*:[0-9a-f:.]*")  # host name, IPv4 or IPv6
_STR_LISTS = ("start_urls", "sitemap_urls", "feed_urls", "allowed_domains", "languages", "drop_selectors")


def _check(cond: bool, where: str, msg: str) -> None:
    if not cond:
        raise CorpusError(f"{where}: {msg}")


def _regex(t: dict[str, Any], key: str, where: str) -> str:
    pat = t.get(key, "")
    _check(isinstance(pat, str), where, f"key '{key}' must be a string (a regex)")
    try:
        re.compile(pat)
    except re.error as e:
        raise CorpusError(f"{where}: key '{key}' is not a valid regex: {e}") from None
    return pat


def parse_sources(data: dict[str, Any], origin: str = "<sources>") -> list[Source]:
    tables = data.get("source")
    _check(isinstance(tables, list) and len(tables) > 0, origin, "expected one or more [[source]] tables")
    out: list[Source] = []
    seen: set[str] = set()
    for i, t in enumerate(tables):
        where = f"{origin}: [[source]] #{i + 1}"
        _check(isinstance(t, dict), where, "must be a table")
        name = t.get("name")
        _check(
            isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", name or "") is not None,
            where,
            "key 'name' must be a string of letters, digits, '_', '-', '.' (1-64 chars)",
        )
        where = f"{origin}: [[source]] '{name}'"
        _check(name not in seen, where, "duplicate source name")
        seen.add(name)
        kw: dict[str, Any] = {"name": name}
        for key in _STR_LISTS:
            v = t.get(key, [])
            _check(
                isinstance(v, list) and all(isinstance(x, str) for x in v),
                where,
                f"key '{key}' must be a list of strings",
            )
            kw[key] = tuple(v)
        for key in ("start_urls", "sitemap_urls", "feed_urls"):
            for u in kw[key]:
                _check(
                    urlsplit(u).scheme in ("http", "https"), where, f"key '{key}': not an http(s) URL: {u!r}"
                )
        if not kw["allowed_domains"]:
            hosts = {urlsplit(u).hostname for k in ("start_urls", "sitemap_urls", "feed_urls") for u in kw[k]}
            kw["allowed_domains"] = tuple(sorted(h for h in hosts if h))
        kw["allowed_domains"] = tuple(d.lower().lstrip(".") for d in kw["allowed_domains"])
        _check(bool(kw["allowed_domains"]), where, "key 'allowed_domains' is empty and no URL gives a host")
        for d in kw["allowed_domains"]:
            _check(_DOMAIN.fullmatch(d) is not None, where, f"key 'allowed_domains': not a host name: {d!r}")
        _check(
            any(kw[k] for k in ("start_urls", "sitemap_urls", "feed_urls")),
            where,
            "needs at least one of 'start_urls', 'sitemap_urls', 'feed_urls'",
        )
        for key in ("article_pattern", "follow_pattern"):
            kw[key] = _regex(t, key, where)
        ap = t.get("allow_private", False)
        _check(isinstance(ap, bool), where, "key 'allow_private' must be true or false")
        kw["allow_private"] = ap
        for key in ("max_pages", "max_depth"):
            if key in t:
                v = t[key]
                _check(
                    isinstance(v, int) and not isinstance(v, bool) and v >= 0,
                    where,
                    f"key '{key}' must be a non-negative integer",
                )
                kw[key] = v
        known = set(_STR_LISTS) | {
            "name",
            "article_pattern",
            "follow_pattern",
            "allow_private",
            "max_pages",
            "max_depth",
        }
        kw["extra"] = {k: v for k, v in t.items() if k not in known}
        out.append(Source(**kw))
    return out


def load_sources(path: str | Path) -> list[Source]:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise CorpusError(f"cannot read sources file {p}: {e.strerror}") from None
    _check(len(raw) <= MAX_SOURCES_BYTES, str(p), f"sources file larger than {MAX_SOURCES_BYTES} bytes")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as e:
        raise CorpusError(f"{p}: not a valid UTF-8 TOML file: {e}") from None
    return parse_sources(data, str(p))


def source_for_url(sources: list[Source], url: str) -> Source | None:
    """The source whose allowed_domains own the URL's host (the most specific domain wins)."""
    best: tuple[int, Source] | None = None
    host = (urlsplit(url).hostname or "").lower()
    for s in sources:
        for d in s.allowed_domains:
            if (host == d or host.endswith("." + d)) and (best is None or len(d) > best[0]):
                best = (len(d), s)
    return best[1] if best else None

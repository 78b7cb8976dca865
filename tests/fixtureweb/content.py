"""Deterministic page content for the fixture web: articles with realistic site chrome, listings,
sitemaps, RSS and Atom feeds. Pure functions returning bytes."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime

WORDS_EN = (
    "alliance ministers met in brussels to discuss deterrence and defence posture on the eastern "
    "flank while partners reviewed support packages training missions and industrial capacity "
    "for air defence ammunition and logistics the secretary general stressed unity"
).split()
WORDS_FR = (
    "les ministres de l alliance se sont réunis à bruxelles pour examiner la posture de dissuasion "
    "et de défense sur le flanc est tandis que les partenaires ont passé en revue l aide la "
    "formation et la capacité industrielle pour la défense aérienne le secrétaire général a salué "
    "l unité"
).split()


@dataclass
class Article:
    lang: str
    path: str
    title: str
    date: str  # YYYY-MM-DD
    paragraphs: list[str] = field(default_factory=list)
    alternate: str | None = None  # path of the other-language version
    modified: str | None = None  # YYYY-MM-DD of the last edit; the publication date stays

    @property
    def lastmod(self) -> str:
        return self.modified or self.date


def paragraphs(seed: int, lang: str, n: int = 5, words: int = 60) -> list[str]:
    vocab = WORDS_FR if lang == "fr" else WORDS_EN
    out = []
    for p in range(n):
        k = seed * 7919 + p * 104729
        ws = [vocab[(k + i * (i + 3) + p) % len(vocab)] for i in range(words)]
        out.append(" ".join(ws).capitalize() + ".")
    return out


def http_date(day: str) -> str:
    return format_datetime(
        datetime.strptime(day, "%Y-%m-%d").replace(hour=10, tzinfo=timezone.utc), usegmt=True
    )


def chrome(title: str, lang: str, main: str, head_extra: str = "") -> bytes:
    cookie = (
        "Nous utilisons des cookies pour améliorer votre expérience. Accepter / Refuser"
        if lang == "fr"
        else "We use cookies to improve your experience. Accept / Decline"
    )
    related = "Voir aussi" if lang == "fr" else "Related"
    nav = "".join(f'<li><a href="/{lang}/{p}/">{p.title()}</a></li>' for p in ("about", "topics", "contact"))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">{head_extra}
<link rel="stylesheet" href="/static/site.css"></head>
<body><div class="cookie-banner" id="cookies">{cookie}</div>
<header class="site-header"><a class="logo" href="/">Fixture</a><nav><ul>{nav}</ul></nav>
<form action="/search"><input name="q" placeholder="Search"></form></header>
<main>{main}</main>
<aside class="related"><h2>{related}</h2><ul><li>Newsletter</li></ul></aside>
<footer class="site-footer"><p>&copy; 2024 Fixture Organisation. <a href="/{lang}/legal/">Legal</a></p>
<p>Share: Facebook | X | LinkedIn</p></footer>
<script>window.analytics = {{id: "UA-0000"}};</script></body></html>
""".encode()


def article_page(a: Article, extra_links: list[str] = ()) -> bytes:
    alt = ""
    if a.alternate:
        other = "fr" if a.lang == "en" else "en"
        alt = f'\n<link rel="alternate" hreflang="{other}" href="{a.alternate}">'
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in a.paragraphs)
    links = "".join(f'<p><a href="{u}">{html.escape(u)}</a></p>' for u in extra_links)
    main = (
        f'<article><h1>{html.escape(a.title)}</h1><p class="date"><time datetime="{a.date}">{a.date}'
        f"</time></p>\n{body}{links}</article>"
    )
    return chrome(a.title, a.lang, main, alt)


def listing_page(
    title: str,
    lang: str,
    items: list[tuple[str, str]],
    extra_links: list[str],
    next_url: str | None,
    prev_url: str | None,
) -> bytes:
    lis = "".join(f'<li><a href="{u}">{html.escape(t)}</a></li>\n' for u, t in items)
    more = "".join(f'<li><a href="{u}">{html.escape(u)}</a></li>' for u in extra_links)
    pager = ""
    if prev_url:
        pager += f'<a rel="prev" href="{prev_url}">Previous</a> '
    if next_url:
        pager += f'<a rel="next" href="{next_url}">Next</a>'
    main = (
        f'<h1>{html.escape(title)}</h1><ul class="list">{lis}</ul><ul class="more">{more}</ul>'
        f'<nav class="pager">{pager}</nav>'
    )
    return chrome(title, lang, main)


def sitemap_index(entries: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f"<sitemap><loc>{html.escape(u)}</loc><lastmod>{m}</lastmod></sitemap>\n" for u, m in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/'
        f'schemas/sitemap/0.9">\n{items}</sitemapindex>\n'
    ).encode()


def urlset(entries: list[tuple[str, str, str | None]]) -> bytes:
    items = []
    for u, m, alt in entries:
        link = f'<xhtml:link rel="alternate" hreflang="x" href="{html.escape(alt)}"/>' if alt else ""
        items.append(f"<url><loc>{html.escape(u)}</loc><lastmod>{m}</lastmod>{link}</url>\n")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
        'sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "".join(items) + "</urlset>\n"
    ).encode()


def rss(title: str, site_url: str, items: list[tuple[str, str, str]]) -> bytes:
    its = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>"
        f"<pubDate>{http_date(d)}</pubDate></item>\n"
        for u, t, d in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{html.escape(title)}'
        f"</title><link>{site_url}</link><description>fixture</description>\n{its}</channel></rss>\n"
    ).encode()


def atom(title: str, site_url: str, items: list[tuple[str, str, str]]) -> bytes:
    its = "".join(
        f'<entry><title>{html.escape(t)}</title><link rel="alternate" href="{html.escape(u)}"/>'
        f"<id>{html.escape(u)}</id><updated>{d}T10:00:00Z</updated></entry>\n"
        for u, t, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>{html.escape(title)}</title><link href="{site_url}"/><id>{site_url}</id>'
        f"<updated>2024-05-10T00:00:00Z</updated>\n{its}</feed>\n"
    ).encode()

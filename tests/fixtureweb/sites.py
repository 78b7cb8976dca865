"""The fake sites: ``nato`` (EN+FR, sitemap index, paginated listings, every fault), ``actu-fr`` (RSS,
no validators), ``wire-en`` (Atom), ``intranet`` (private address test), ``elsewhere`` (an offsite host)
and, on demand, ``local`` (a big generated site on 127.0.0.1 for benches)."""

from __future__ import annotations

from tests.fixtureweb import content as C
from tests.fixtureweb.server import Page, Site

NEWS = "/{lang}/news-and-events/articles/news/2024/05/{day:02d}/{slug}"
COOKIES = [(b"Set-Cookie", b"session=abc123; Path=/; HttpOnly"), (b"Set-Cookie", b"consent=pending; Path=/")]


def _nato_articles() -> list[C.Article]:
    out = []
    topics = [
        (
            "defence-ministers-meet",
            "Defence ministers meet in Brussels",
            "Les ministres de la défense se réunissent à Bruxelles",
        ),
        (
            "air-policing-baltic",
            "Air policing mission in the Baltic",
            "Mission de police du ciel dans les pays baltes",
        ),
        (
            "partners-training",
            "Partners review training support",
            "Les partenaires examinent l'aide à la formation",
        ),
        (
            "industry-capacity",
            "Boosting defence industrial capacity",
            "Renforcer la capacité industrielle de défense",
        ),
        ("summit-preparations", "Preparations for the summit", "Préparatifs du sommet"),
    ]
    for i, (slug, en, fr) in enumerate(topics, start=1):
        pen, pfr = NEWS.format(lang="en", day=i, slug=slug), NEWS.format(lang="fr", day=i, slug=slug)
        out.append(C.Article("en", pen, en, f"2024-05-{i:02d}", C.paragraphs(i, "en"), pfr))
        out.append(C.Article("fr", pfr, fr, f"2024-05-{i:02d}", C.paragraphs(i, "fr"), pen))
    return out


FLAKY = NEWS.format(lang="en", day=6, slug="flaky-briefing")
SLOW = NEWS.format(lang="en", day=8, slug="slow-press-conference")
MOVED = NEWS.format(lang="en", day=7, slug="moved-story")
CALENDAR = "/en/news-and-events/calendar/"
OFFSITE_LINKER = NEWS.format(lang="en", day=1, slug="defence-ministers-meet")
LATIN1 = NEWS.format(lang="en", day=2, slug="air-policing-baltic")


def article_page(a: C.Article, lang_site: str) -> Page:
    page = Page(C.article_page(a), headers=list(COOKIES), last_modified=C.http_date(a.lastmod).encode())
    if a.lang == "en":
        page.gzip = True
    else:
        page.chunked = True
        page.gzip = a.path.endswith(("meet", "capacity"))
    if a.path == LATIN1:
        page.headers.append((b"X-Auteur", "Fran\u00e7ois R\u00e9dacteur".encode("latin-1")))
    return page


def _calendar(site: Site, path: str, headers: dict[str, str]) -> Page | None:
    parts = path[len(CALENDAR) :].strip("/").split("/")
    try:
        year, month = int(parts[0]), int(parts[1])
    except (ValueError, IndexError):
        return None
    nxt = (year + (month == 12), month % 12 + 1)
    prv = (year - (month == 1), (month - 2) % 12 + 1)
    links = [f"{CALENDAR}{nxt[0]}/{nxt[1]:02d}", f"{CALENDAR}{prv[0]}/{prv[1]:02d}"]
    return Page(C.listing_page(f"Calendar {year}-{month:02d}", "en", [], links, None, None))


def _flaky(site: Site, path: str, headers: dict[str, str]) -> Page | None:
    if path != FLAKY:
        return None
    n = site.state["flaky_hits"] = site.state.get("flaky_hits", 0) + 1
    if n == 1:
        return Page(
            b"<html><body>Busy, retry later</body></html>",
            status=503,
            reason=b"Service Temporarily Busy",
            headers=[(b"Retry-After", b"0")],
            validators=False,
        )
    return site.pages["_flaky_ok"]


def build_nato(site: Site, base: str, elsewhere: str) -> None:
    arts: list[C.Article] = site.state.setdefault("articles", _nato_articles())
    extras = site.state.setdefault(
        "extras",
        [
            C.Article("en", FLAKY, "Briefing after a flaky start", "2024-05-06", C.paragraphs(6, "en")),
            C.Article("en", SLOW, "A slow press conference", "2024-05-08", C.paragraphs(8, "en")),
            C.Article("en", MOVED, "A story that moved", "2024-05-07", C.paragraphs(7, "en")),
        ],
    )
    p: dict[str, Page] = {}
    for a in arts + extras:
        p[a.path] = article_page(a, site.name)
    p["_flaky_ok"] = p.pop(FLAKY)
    p[SLOW].delay = 0.6
    first = next(a for a in arts if a.path == OFFSITE_LINKER)
    p[first.path] = Page(C.article_page(first, [f"{elsewhere}/story.html"]), headers=list(COOKIES), gzip=True)
    p["/robots.txt"] = Page(
        f"User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap.xml\n".encode(),
        content_type=b"text/plain",
    )
    en = [a for a in arts if a.lang == "en"] + [extras[0], extras[1]]
    fr = [a for a in arts if a.lang == "fr"]
    pages = [en[i : i + 3] for i in range(0, len(en), 3)]
    traps = [
        "/private/internal-memo.html",
        f"{CALENDAR}2024/05",
        "/en/news-and-events/files/annual-report.pdf",
        "/en/news-and-events/old/summit-story",
        "/en/news-and-events/loop/a",
        "/en/news-and-events/old/offsite-jump",
    ]
    for n, chunk in enumerate(pages, start=1):
        path = "/en/news-and-events/articles/" + ("" if n == 1 else f"?page={n}")
        nxt = f"/en/news-and-events/articles/?page={n + 1}" if n < len(pages) else None
        prv = None if n == 1 else ("/en/news-and-events/articles/" + ("" if n == 2 else f"?page={n - 1}"))
        p[path] = Page(
            C.listing_page(
                f"News page {n}", "en", [(a.path, a.title) for a in chunk], traps if n == 1 else [], nxt, prv
            ),
            chunked=True,
        )
    p["/fr/news-and-events/articles/"] = Page(
        C.listing_page("Actualités", "fr", [(a.path, a.title) for a in fr], [], None, None), gzip=True
    )
    groups = {"en": [a for a in arts if a.lang == "en"], "fr": fr}
    p["/sitemap.xml"] = Page(
        C.sitemap_index(
            [(f"{base}/sitemaps/{lang}.xml", max(a.lastmod for a in g)) for lang, g in groups.items()]
        ),
        content_type=b"application/xml",
    )
    for lang, group in (("en", [a for a in arts if a.lang == "en"]), ("fr", fr)):
        p[f"/sitemaps/{lang}.xml"] = Page(
            C.urlset(
                [(base + a.path, a.lastmod, base + a.alternate if a.alternate else None) for a in group]
            ),
            content_type=b"application/xml",
        )
    p["/private/internal-memo.html"] = Page(b"<html><body>secret</body></html>")
    p["/en/news-and-events/files/annual-report.pdf"] = Page(
        b"%PDF-1.4\n% fixture\n" + bytes(range(256)) * 8, content_type=b"application/pdf"
    )
    p["/en/news-and-events/old/summit-story"] = Page(
        b"",
        status=301,
        reason=b"Moved Permanently",
        headers=[(b"Location", b"/en/news-and-events/old/summit-story-2")],
        validators=False,
    )
    p["/en/news-and-events/old/summit-story-2"] = Page(
        b"", status=302, reason=b"Found", headers=[(b"Location", MOVED.encode())], validators=False
    )
    p["/en/news-and-events/loop/a"] = Page(
        b"",
        status=302,
        reason=b"Found",
        headers=[(b"Location", b"/en/news-and-events/loop/b")],
        validators=False,
    )
    p["/en/news-and-events/loop/b"] = Page(
        b"",
        status=302,
        reason=b"Found",
        headers=[(b"Location", b"/en/news-and-events/loop/a")],
        validators=False,
    )
    p["/en/news-and-events/old/offsite-jump"] = Page(
        b"",
        status=302,
        reason=b"Found",
        headers=[(b"Location", f"{elsewhere}/story.html".encode())],
        validators=False,
    )
    site.pages = p
    site.routes = [(CALENDAR, _calendar), (FLAKY, _flaky)]


def nato_articles(site: Site) -> list[str]:
    """Every article path a complete crawl must archive (with a 200) exactly once."""
    return sorted([a.path for a in site.state["articles"]] + [a.path for a in site.state["extras"]])


def build_actu(site: Site, base: str) -> None:
    arts: list[C.Article] = site.state.setdefault(
        "articles",
        [
            C.Article(
                "fr",
                f"/international/article/2024/05/0{i}/otan-{s}_{6000 + i}_3210.html",
                t,
                f"2024-05-0{i}",
                C.paragraphs(20 + i, "fr"),
            )
            for i, s, t in (
                (2, "sommet", "L'OTAN prépare son sommet"),
                (3, "baltes", "Les pays baltes et l'OTAN"),
                (4, "budget", "Le budget de la défense en hausse"),
            )
        ],
    )
    p = {a.path: Page(C.article_page(a), validators=False, gzip=True) for a in arts}
    p["/robots.txt"] = Page(b"User-agent: *\nDisallow:\n", content_type=b"text/plain", validators=False)
    p["/rss/international.xml"] = Page(
        C.rss("International", base, [(base + a.path, a.title, a.date) for a in arts]),
        content_type=b"application/rss+xml",
        validators=False,
    )
    site.pages = p


def build_wire(site: Site, base: str) -> None:
    arts: list[C.Article] = site.state.setdefault(
        "articles",
        [
            C.Article("en", f"/world/2024/05/0{i}/{s}/", t, f"2024-05-0{i}", C.paragraphs(40 + i, "en"))
            for i, s, t in (
                (3, "nato-allies-agree", "NATO allies agree on plan"),
                (5, "eastern-flank-exercise", "Eastern flank exercise begins"),
            )
        ],
    )
    p = {a.path: Page(C.article_page(a)) for a in arts}
    p["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", content_type=b"text/plain")
    p["/feeds/nato.atom"] = Page(
        C.atom("NATO coverage", base, [(a.path, a.title, a.date) for a in arts]),
        content_type=b"application/atom+xml",
        chunked=True,
    )
    site.pages = p


def build_simple(site: Site, text: str) -> None:
    site.pages = {
        "/": Page(C.chrome(text, "en", f"<p>{text}</p>")),
        "/story.html": Page(C.chrome(text, "en", f"<p>{text}</p>")),
        "/robots.txt": Page(b"User-agent: *\nDisallow:\n", content_type=b"text/plain"),
    }


def build_local(site: Site, n: int, per_list: int = 50) -> None:
    """``n`` articles under /a/N.html, listings /list/K (rel=next chain) all linked from /."""
    p: dict[str, Page] = {}
    lists = (n + per_list - 1) // per_list
    for i in range(n):
        a = C.Article("en", f"/a/{i}.html", f"Article {i}", "2024-05-01", C.paragraphs(i, "en", 4, 80))
        p[a.path] = Page(C.article_page(a), validators=False)
    for k in range(1, lists + 1):
        items = [(f"/a/{i}.html", f"Article {i}") for i in range((k - 1) * per_list, min(n, k * per_list))]
        p[f"/list/{k}"] = Page(
            C.listing_page(
                f"List {k}",
                "en",
                items,
                [],
                f"/list/{k + 1}" if k < lists else None,
                f"/list/{k - 1}" if k > 1 else None,
            ),
            validators=False,
        )
    p["/"] = Page(
        C.listing_page("Home", "en", [], [f"/list/{k}" for k in range(1, lists + 1)], None, None),
        validators=False,
    )
    p["/robots.txt"] = Page(b"User-agent: *\nDisallow:\n", content_type=b"text/plain", validators=False)
    site.pages = p

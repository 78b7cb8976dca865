"""Link discovery: sitemap index with lastmod, gzipped sitemaps, robots.txt Sitemap lines, RSS, Atom,
listing links and rel=next pagination."""

from __future__ import annotations

import gzip

from crawler.discovery import page_links, parse_feed, parse_sitemap, sitemaps_from_robots
from tests.fixtureweb import content as C


def test_sitemap_index_keeps_lastmod_and_kind() -> None:
    body = C.sitemap_index([("https://x.org/s1.xml", "2024-05-10"), ("https://x.org/s2.xml", "2023-01-01")])
    entries = parse_sitemap(body)
    assert [(e.url, e.lastmod, e.is_sitemap) for e in entries] == [
        ("https://x.org/s1.xml", "2024-05-10", True),
        ("https://x.org/s2.xml", "2023-01-01", True),
    ]


def test_urlset_with_alternates_and_gzip() -> None:
    body = C.urlset([("https://x.org/en/a", "2024-05-01", "https://x.org/fr/a")])
    for raw in (body, gzip.compress(body)):
        entries = parse_sitemap(raw)
        assert [(e.url, e.is_sitemap) for e in entries] == [
            ("https://x.org/en/a", False),
            ("https://x.org/fr/a", False),
        ]
        assert entries[0].lastmod == "2024-05-01"
    assert parse_sitemap(b"<html>not a sitemap") == []


def test_robots_sitemap_lines() -> None:
    robots = b"User-agent: *\nDisallow: /private/\nSitemap: https://x.org/sitemap.xml\nsitemap:https://x.org/b.xml\n"
    assert sitemaps_from_robots(robots) == ["https://x.org/sitemap.xml", "https://x.org/b.xml"]


def test_rss_and_atom_links() -> None:
    rss = C.rss(
        "t",
        "https://x.org",
        [("https://x.org/a1", "A1", "2024-05-01"), ("https://x.org/a2", "A2", "2024-05-02")],
    )
    assert parse_feed(rss, "https://x.org/feed") == ["https://x.org/a1", "https://x.org/a2"]
    atom = C.atom("t", "https://y.org/", [("/world/a/", "A", "2024-05-01")])
    assert parse_feed(atom, "https://y.org/feeds/f.atom") == ["https://y.org/world/a/"]


def test_listing_links_and_pagination() -> None:
    page = C.listing_page(
        "News",
        "en",
        [("/news/1", "One"), ("https://x.org/news/2#top", "Two")],
        ["mailto:a@x.org", "/calendar/2024/05"],
        "/news/?page=2",
        None,
    )
    links = page_links(page, "https://x.org/news/")
    assert "https://x.org/news/1" in links.links and "https://x.org/news/2" in links.links
    assert "https://x.org/calendar/2024/05" in links.links
    assert not any(u.startswith("mailto") for u in links.links)
    assert links.next_pages == ["https://x.org/news/?page=2"]

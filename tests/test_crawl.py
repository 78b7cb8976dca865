"""End-to-end crawls of the fixture web: archive once, politeness, byte-identical bodies, revisits on
re-crawl, changes picked up. One fixture web for the module; crawls run in child processes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.runner import CrawlConfig, CrawlSummary, run_crawl_subprocess
from tests.fixtureweb import FixtureWeb
from tests.fixtureweb import content as C
from tests.fixtureweb import sites as S
from tests.fixtureweb.warcs import Rec, read_warcs, warcio_ok

pytestmark = pytest.mark.slow

ARTICLE_SITES = ("nato", "actu-fr", "wire-en")
CHANGED = S.NEWS.format(lang="en", day=3, slug="partners-training")
ADDED = S.NEWS.format(lang="fr", day=9, slug="nouvel-article")


@dataclass
class Crawl:
    summary: CrawlSummary
    files: list[Path]
    records: list[Rec]
    counts: dict[tuple[str, str], int]


@pytest.fixture(scope="module")
def crawls(module_web: FixtureWeb, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Crawl]:
    web = module_web
    tmp = tmp_path_factory.mktemp("crawl")
    cfg = CrawlConfig(web.write_sources(tmp / "sources.toml"), tmp / "warcs", settings=web.crawl_settings())
    out: dict[str, Crawl] = {}
    seen: set[Path] = set()
    for name in ("first", "unchanged", "changed"):
        if name == "changed":
            web.update_article("nato", CHANGED, C.paragraphs(99, "en"))
            web.add_article(
                "nato", C.Article("fr", ADDED, "Nouvel article", "2024-05-09", C.paragraphs(98, "fr"))
            )
        summary = run_crawl_subprocess(cfg, timeout=120)
        files = sorted(set(summary.warc_files) - seen)
        seen |= set(files)
        out[name] = Crawl(summary, files, read_warcs(files), web.counts())
    return out


def _articles(web: FixtureWeb) -> list[tuple[str, str]]:
    return [(s, p) for s in ARTICLE_SITES for p in web.article_paths(s)]


def _site_of(web: FixtureWeb, url: str) -> str:
    host = url.split("/")[2].split(":")[0]
    return next(s.name for s in web.sites.values() if s.host == host)


def test_every_article_archived_exactly_once(crawls: dict[str, Crawl], module_web: FixtureWeb) -> None:
    first = crawls["first"]
    ok = [
        (_site_of(module_web, r.url), r.path)
        for r in first.records
        if r.type == "response" and r.status == 200
    ]
    articles = [a for a in _articles(module_web) if a[1] != ADDED]
    assert len(articles) == 18  # 10 nato EN/FR + 3 nato extras + 3 actu-fr + 2 wire-en
    for a in articles:
        assert ok.count(a) == 1, a
    # The server saw each article once, except the one that answered 503 first.
    for site, path in articles:
        assert first.counts[(site, path)] == (2 if path == S.FLAKY else 1), path
    assert all(n == 1 for (site, path), n in first.counts.items() if path != S.FLAKY)  # nothing fetched twice
    assert first.summary.errors.get("http_503") == 1


def test_politeness_and_traps(crawls: dict[str, Crawl], module_web: FixtureWeb) -> None:
    counts = crawls["first"].counts
    assert not any(p.startswith("/private/") for (_, p) in counts)  # robots.txt Disallow
    assert not any(site in ("elsewhere", "intranet") for site, _ in counts)  # offsite link/redirect; private
    assert crawls["first"].summary.errors.get("private_address") == 1
    calendar = [p for (_, p) in counts if p.startswith(S.CALENDAR)]
    assert 1 <= len(calendar) <= 10  # the infinite calendar is cut by max_depth = 4
    assert counts[("nato", "/robots.txt")] == 1  # robots.txt also used as sitemap source: served from archive
    assert crawls["first"].summary.replayed >= 1
    assert max(counts.values()) <= 2


def test_warcio_accepts_every_file(crawls: dict[str, Crawl]) -> None:
    files = [f for c in crawls.values() for f in c.files]
    assert files
    for f in files:
        warcio_ok(f)
        cdxj = f.with_name(f.name.replace(".warc.gz", ".cdxj")).read_text().splitlines()
        by_offset = {}
        with open(f, "rb") as fh:
            it = ArchiveIterator(fh)
            for r in it:
                if r.rec_type in ("response", "revisit"):
                    status = r.http_headers.get_statuscode()
                    by_offset[str(it.get_record_offset())] = (
                        r.rec_headers.get_header("WARC-Target-URI"),
                        status,
                    )
        assert len(cdxj) == len(by_offset) and cdxj == sorted(cdxj)
        for line in cdxj:
            fields = json.loads(line.split(" ", 2)[2])
            assert by_offset[fields["offset"]] == (fields["url"], fields["status"])
    assert not list(files[0].parent.glob("*.open"))


def test_bodies_and_heads_are_what_the_server_sent(crawls: dict[str, Crawl], module_web: FixtureWeb) -> None:
    first = crawls["first"]
    kinds = {"gzip": 0, "chunked": 0, "gzip+chunked": 0}
    for r in first.records:
        if r.type != "response":
            continue
        sent = [s for s in module_web.sent(_site_of(module_web, r.url), r.path) if s.status == r.status]
        assert sent, r.url
        wire_head = sent[0].raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
        assert r.payload == sent[0].entity, r.url  # byte-identical entity body
        expected_head = wire_head.replace(b"\r\nTransfer-Encoding:", b"\r\nX-Archive-Orig-Transfer-Encoding:")
        assert r.head == expected_head, r.url  # status line, reason, every header byte
        gz, ch = b"Content-Encoding: gzip" in r.head, b"Transfer-Encoding: chunked" in r.head
        if gz or ch:
            kinds["gzip+chunked" if gz and ch else "gzip" if gz else "chunked"] += 1
        if gz:
            assert r.payload[:2] == b"\x1f\x8b"
        assert r.headers["WARC-IP-Address"] == "127.0.0.1"
    assert all(kinds.values()), kinds
    busy = [r for r in first.records if r.type == "response" and r.status == 503]
    assert busy and busy[0].block.startswith(b"HTTP/1.1 503 Service Temporarily Busy\r\n")
    latin = [r for r in first.records if r.type == "response" and r.path == S.LATIN1 and "/en/" in r.url]
    assert b"X-Auteur: Fran\xe7ois R\xe9dacteur\r\n" in latin[0].head
    assert latin[0].head.count(b"Set-Cookie: ") == 2


def test_request_records_pair_with_responses(crawls: dict[str, Crawl], module_web: FixtureWeb) -> None:
    recs = crawls["first"].records
    by_id = {r.headers["WARC-Record-ID"]: r for r in recs}
    requests = [r for r in recs if r.type == "request"]
    assert len(requests) == len([r for r in recs if r.type == "response"])
    for req in requests:
        resp = by_id[req.headers["WARC-Concurrent-To"]]
        assert resp.url == req.url and resp.headers["WARC-Date"] == req.headers["WARC-Date"]
        assert req.block.startswith(f"GET {req.path} HTTP/1.1\r\n".encode())
        lines = req.block.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")[1:]
        fields = {(k.lower(), v.strip()) for k, _, v in (ln.partition(":") for ln in lines)}
        site = _site_of(module_web, req.url)
        received = [set(s.request_headers.items()) for s in module_web.sent(site, req.path)]
        assert any(fields == r for r in received), (req.url, fields, received)  # exactly what the server got
        assert b"\r\nUser-Agent: newscorpus-crawler/" in req.block and b"(+https://" in req.block


def test_redirect_chain_and_pdf_archived(crawls: dict[str, Crawl]) -> None:
    recs = {r.path: r for r in crawls["first"].records if r.type == "response"}
    assert recs["/en/news-and-events/old/summit-story"].status == 301
    assert (
        b"\r\nLocation: /en/news-and-events/old/summit-story-2\r\n"
        in recs["/en/news-and-events/old/summit-story"].head
    )
    assert recs["/en/news-and-events/old/summit-story-2"].status == 302
    assert recs[S.MOVED].status == 200
    assert recs["/en/news-and-events/files/annual-report.pdf"].payload.startswith(b"%PDF-1.4")


def test_second_crawl_of_unchanged_site_writes_only_revisits(
    crawls: dict[str, Crawl], module_web: FixtureWeb
) -> None:
    second = crawls["unchanged"]
    types = {r.type for r in second.records}
    assert types == {"warcinfo", "request", "revisit"}
    # the 503 is not repeated and the two child sitemaps are skipped (lastmod unchanged)
    assert second.summary.pages == crawls["first"].summary.pages - 1 - 2
    profiles = {r.headers["WARC-Profile"].rsplit("/", 1)[1] for r in second.records if r.type == "revisit"}
    assert profiles == {"server-not-modified", "identical-payload-digest"}
    first_ids = {r.headers["WARC-Record-ID"]: r for r in crawls["first"].records}
    for r in second.records:
        if r.type == "revisit":
            ref = first_ids[r.headers["WARC-Refers-To"]]
            assert ref.type == "response" and ref.url == r.headers["WARC-Refers-To-Target-URI"]
            assert ref.headers["WARC-Payload-Digest"] == r.headers["WARC-Payload-Digest"]
    # conditional requests were sent for pages with validators
    sent = module_web.sent("nato", S.OFFSITE_LINKER)
    assert "if-none-match" not in sent[0].request_headers and sent[1].request_headers["if-none-match"]


def test_changed_and_new_articles_are_archived_in_full(
    crawls: dict[str, Crawl], module_web: FixtureWeb
) -> None:
    third = crawls["changed"]
    full = {r.path for r in third.records if r.type == "response" and r.status == 200}
    assert CHANGED in full and ADDED in full
    unchanged = [p for s, p in _articles(module_web) if s == "nato" and p not in (CHANGED, ADDED)]
    assert not full & set(unchanged)
    revisited = {r.path for r in third.records if r.type == "revisit"}
    assert set(unchanged) - {S.FLAKY} <= revisited | {S.MOVED}


def test_sitemap_lastmod_skips_unchanged_child_sitemaps(crawls: dict[str, Crawl]) -> None:
    child = [("nato", "/sitemaps/en.xml"), ("nato", "/sitemaps/fr.xml")]
    assert [crawls["first"].counts[k] for k in child] == [1, 1]
    assert [crawls["unchanged"].counts[k] for k in child] == [1, 1]  # index lastmod unchanged: not fetched
    assert crawls["unchanged"].summary.skipped["lastmod_unchanged"] == 2
    assert [crawls["changed"].counts[k] for k in child] == [2, 2]  # an article changed/was added in each

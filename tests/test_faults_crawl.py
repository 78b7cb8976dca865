"""Fault suite, crawl side: one crawl of a fault site (tests/faultserver.py) where every page misbehaves
in its own way, then a build of the WARCs it wrote. Each case checks what happened (requests the server
saw, records archived, documents built) and the counter that reports it.

Decision on bot challenges and noindex pages: the crawler archives bytes and never judges text, so it
archives them like any 200 answer (a challenge answered 403/503 is counted ``crawl/errors/http_403``);
the BUILD recognises them and counts ``read/skipped/bot_challenge`` / ``extract/skipped/noindex``
without making documents.

Already covered elsewhere (not repeated here): 503 then 200 on the fixture web
(tests/test_crawl.py::test_every_article_archived_exactly_once), a redirect chain ending in an article
(tests/test_crawl.py::test_redirect_chain_and_pdf_archived), a gzip bomb under a 200 KB cap
(tests/test_crawl_limits.py::test_gzip_bomb_is_archived_but_not_decompressed).
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass

import pytest

from corpus.build import build_snapshot
from corpus.config import BuildConfig
from corpus.loader import load
from crawler.runner import CrawlConfig, CrawlSummary, run_crawl_subprocess
from tests import faultserver as F
from tests.fixtureweb.warcs import Rec, read_warcs, warcio_ok
from tests.warcgen import Page, article_page, words

pytestmark = pytest.mark.slow

HOST = "faults.test"
RETRIES = 2  # RETRY_TIMES: a failing URL is tried 1 + RETRIES times
MAX_REDIRECTS = 5
MAXSIZE = 1_000_000
TEXT_FR = "Le ministre a précisé que la défense européenne était une priorité. "


def article(slug: str, extra_head: str = "", lang: str = "en") -> str:
    paras = [words(zlib.crc32(slug.encode()) % 1000 + i, 70, lang) for i in range(3)]
    html = article_page(Page(f"http://{HOST}/f/{slug}", f"Story {slug}", paras, "2024-05-01", lang))
    return html.replace("</head>", extra_head + "</head>", 1)


def with_fr(html: str) -> str:
    return html.replace("</article>", f"<p>{TEXT_FR * 3}</p></article>", 1)


CHALLENGE = (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
             b"<div id='challenge'>Checking your browser before accessing faults.test.</div>"
             b"<script>window._cf_chl_opt={cvId: '3'};</script></body></html>")


def routes() -> dict[str, F.Handler]:
    r: dict[str, F.Handler] = {
        "/robots.txt": F.ok(b"User-agent: *\nDisallow:\n", b"text/plain"),
        "/f/ok": F.ok(article("ok").encode()),
        "/f/retry-then-ok": F.statuses([503, 502], F.ok(article("retry-then-ok").encode())),
        "/f/always-500": F.always(500),
        "/f/hang": F.hang(),
        "/f/slowloris": F.slowloris(),
        "/f/reset": F.reset_now(),
        "/f/reset-mid-body": F.reset_mid_body(),
        "/f/loop-a": F.redirect(b"/f/loop-b"),
        "/f/loop-b": F.redirect(b"/f/loop-a"),
        "/f/to-file": F.redirect(b"file:///etc/passwd"),
        "/f/too-large": F.ok(b"<html><body>" + b"a" * (MAXSIZE + 500_000) + b"</body></html>"),
        "/f/too-large-chunked": F.chunked_stream(MAXSIZE + 500_000),
        "/f/gzip-bomb": F.gzip_bomb(30_000_000),
        "/f/charset-wrong": F.ok(with_fr(article("charset-wrong")).encode("cp1252")),
        "/f/charset-missing": F.ok(with_fr(article("charset-missing", lang="fr")).replace(
            '<meta charset="utf-8">', "").encode("latin-1"), b"text/html"),
        "/f/nul": F.ok(article("nul").replace("</p>", "\x00\x01\x0b\x1b NUL\x00here</p>", 1).encode()),
        "/f/empty": F.ok(b""),
        "/f/pdf": F.ok(b"%PDF-1.4\n" + bytes(range(256)) * 4, b"application/pdf"),
        "/f/json": F.ok(b'{"items": [1, 2, 3]}', b"application/json"),
        "/f/png": F.ok(b"\x89PNG\r\n\x1a\n" + bytes(200), b"image/png"),
        "/f/noindex": F.ok(article("noindex", '<meta name="robots" content="noindex, follow">').encode()),
        "/f/noindex-header": F.ok(article("noindex-header").encode(),
                                  headers=[(b"X-Robots-Tag", b"googlebot: noindex")]),
        "/f/challenge": F.ok(CHALLENGE),
        "/f/challenge-403": lambda c, hit: c.respond(403, b"Forbidden", CHALLENGE, [
            (b"Content-Type", b"text/html"), (b"cf-mitigated", b"challenge")]),
    }
    for i in range(MAX_REDIRECTS + 10):  # an endless chain of distinct URLs
        r[f"/f/chain/{i}"] = F.redirect(b"/f/chain/%d" % (i + 1))
    links = [p for p in r if p.startswith("/f/") and not p.startswith("/f/chain/") and p != "/f/loop-b"]
    links.append("/f/chain/0")
    r["/"] = F.ok(("<html><body>" + "".join(f'<a href="{p}">{p}</a> ' for p in links)
                   + "</body></html>").encode())
    return r


@dataclass
class Run:
    server: F.FaultServer
    summary: CrawlSummary
    records: list[Rec]
    stats: dict[str, int]
    docs: dict[str, dict]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("faults")
    with F.FaultServer() as srv:
        for path, handler in routes().items():
            srv.route(path, handler)
        sources = tmp / "sources.toml"
        sources.write_text(
            f'[[source]]\nname = "faults"\nstart_urls = ["{srv.url(HOST, "/")}"]\n'
            f"allowed_domains = [\"{HOST}\"]\narticle_pattern = '/f/'\nallow_private = true\n",
            encoding="utf-8")
        settings = {
            "CORPUS_HOSTS": {HOST: "127.0.0.1"}, "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "RETRY_TIMES": RETRIES, "DOWNLOAD_TIMEOUT": 2.5,
            "DOWNLOAD_MAXSIZE": MAXSIZE, "DOWNLOAD_WARNSIZE": MAXSIZE // 2, "CORPUS_PROGRESS_INTERVAL": 0,
            "REDIRECT_MAX_TIMES": MAX_REDIRECTS, "LOG_LEVEL": "ERROR",
        }
        summary = run_crawl_subprocess(CrawlConfig(sources, tmp / "w", settings=settings), timeout=120)
    for f in summary.warc_files:
        warcio_ok(f)
    records = read_warcs(summary.warc_files)
    result = build_snapshot([tmp / "w"], tmp / "out", BuildConfig(extract={"max_payload_bytes": MAXSIZE}))
    docs = {d["url"].split(str(srv.port), 1)[1]: d for d in load(result.path)}
    return Run(srv, summary, records, result.stats, docs)


def responses(run: Run, path: str) -> list[Rec]:
    return [r for r in run.records if r.type == "response" and r.path == path]


def captures(run: Run, path: str) -> list[int]:
    """Statuses of every capture of ``path`` (a repeated identical answer is stored as a revisit)."""
    return [r.status for r in run.records if r.type in ("response", "revisit") and r.path == path]


def test_crawl_finishes_and_every_warc_is_valid(run: Run) -> None:
    assert run.summary.finish_reason == "finished"
    assert run.summary.warc_files and run.summary.records["response"] == len(
        [r for r in run.records if r.type == "response"])
    assert "/f/ok" in run.docs


def test_5xx_then_success_is_retried_and_archived_once(run: Run) -> None:
    assert run.server.count("/f/retry-then-ok") == 3
    assert [r.status for r in responses(run, "/f/retry-then-ok")] == [503, 502, 200]
    assert run.summary.errors["http_503"] == 1 and run.summary.errors["http_502"] == 1
    assert "/f/retry-then-ok" in run.docs


def test_permanent_5xx_is_recorded_not_retried_forever(run: Run) -> None:
    assert run.server.count("/f/always-500") == 1 + RETRIES
    assert captures(run, "/f/always-500") == [500] * (1 + RETRIES)
    assert run.summary.errors["http_500"] == 1 + RETRIES
    assert "/f/always-500" not in run.docs
    assert run.stats["read/skipped/status/500"] == 1 and run.stats["read/skipped/record/revisit"] >= RETRIES


def test_timeouts_and_slow_loris_give_up(run: Run) -> None:
    for path in ("/f/hang", "/f/slowloris"):
        assert run.server.count(path) == 1 + RETRIES, path
        assert not responses(run, path)
    assert run.summary.errors["timeout"] == 2 * (1 + RETRIES)


def test_connection_resets_are_counted(run: Run) -> None:
    for path in ("/f/reset", "/f/reset-mid-body"):
        assert run.server.count(path) == 1 + RETRIES, path
        assert not responses(run, path)  # nothing half-received is archived as a page
    kinds = {k: v for k, v in run.summary.errors.items() if k in ("connection_lost", "response_failed",
                                                                 "data_loss", "download_failed")}
    assert sum(kinds.values()) == 2 * (1 + RETRIES), run.summary.errors


def test_redirect_chain_stops_at_the_limit_and_loop_ends(run: Run) -> None:
    chain = {p: n for p, n in run.server.counts().items() if p.startswith("/f/chain/")}
    assert chain == {f"/f/chain/{i}": 1 for i in range(MAX_REDIRECTS + 1)}
    hops = [r for r in run.records if r.type == "response" and "/f/chain/" in r.path]
    assert len(hops) == MAX_REDIRECTS + 1
    assert run.summary.errors["redirect_max"] == 1
    assert run.server.count("/f/loop-a") == 1 and run.server.count("/f/loop-b") == 1
    assert [r.status for r in responses(run, "/f/loop-a") + responses(run, "/f/loop-b")] == [302, 302]


def test_redirect_to_file_url_reads_no_local_file(run: Run) -> None:
    assert [r.status for r in responses(run, "/f/to-file")] == [302]
    assert not [r for r in run.records if r.url.startswith("file:")]
    assert not any(b"root:" in r.block for r in run.records)


def test_over_size_cap_is_cancelled_and_counted(run: Run) -> None:
    for path in ("/f/too-large", "/f/too-large-chunked"):
        assert run.server.count(path) == 1, path  # a size failure is not retried
        assert not responses(run, path)
    # the gzip bomb is archived as received (small) and its decompression stops at the cap
    [bomb] = responses(run, "/f/gzip-bomb")
    assert len(bomb.payload) < 100_000
    assert run.summary.errors["too_large"] == 3
    assert run.stats["read/skipped/too_large"] == 1  # and the build skips it under the same cap


def test_wrong_and_missing_charsets_decode(run: Run) -> None:
    for path in ("/f/charset-wrong", "/f/charset-missing"):
        assert "Le ministre a précisé que la défense" in run.docs[path]["text"], path
        assert "\ufffd" not in run.docs[path]["text"]
    assert run.stats["read/charset/utf8_cp1252_repair"] >= 1  # utf-8 label, cp1252 bytes
    assert run.stats["read/charset/detected"] >= 1  # no label at all, not UTF-8


def test_nul_and_control_characters_do_not_break_extraction(run: Run) -> None:
    text = run.docs["/f/nul"]["text"]
    assert "NULhere" in text.replace(" ", "")
    assert not any(c in text for c in "\x00\x01\x0b\x1b")
    assert not [k for k in run.stats if k.startswith("extract/skipped/error")]


def test_empty_and_non_html_bodies(run: Run) -> None:
    [empty] = responses(run, "/f/empty")
    assert empty.status == 200 and empty.payload == b""
    assert run.stats["extract/skipped/unparsable"] == 1  # the empty page
    assert run.summary.skipped["non_html"] == 2  # pdf, png (JSON is text: parsed, finds no link)
    assert run.stats["read/skipped/not_html"] == 4  # pdf, json, png and robots.txt (text/plain)
    for path in ("/f/empty", "/f/pdf", "/f/json", "/f/png"):
        assert path not in run.docs


def test_noindex_pages_are_archived_but_not_documents(run: Run) -> None:
    for path in ("/f/noindex", "/f/noindex-header"):
        assert [r.status for r in responses(run, path)] == [200]
        assert path not in run.docs
    assert run.stats["extract/skipped/noindex"] == 2


def test_bot_challenges_are_archived_but_counted_not_documents(run: Run) -> None:
    assert [r.status for r in responses(run, "/f/challenge")] == [200]
    assert run.stats["read/skipped/bot_challenge"] == 1
    assert run.summary.errors["http_403"] == 1 and run.stats["read/skipped/status/403"] == 1  # not retried
    assert "/f/challenge" not in run.docs and "/f/challenge-403" not in run.docs


def test_every_archived_response_is_accounted_for_by_the_build(run: Run) -> None:
    read = Counter({k: v for k, v in run.stats.items() if k.startswith("read/skipped/")})
    responses_read = run.stats["read/responses"]
    n_resp = len([r for r in run.records if r.type == "response"])
    skipped = sum(v for k, v in read.items() if not k.startswith("read/skipped/record/"))
    assert responses_read + skipped == n_resp
    extracted = run.stats["extract/documents"] + sum(
        v for k, v in run.stats.items() if k.startswith("extract/skipped/"))
    assert extracted == responses_read

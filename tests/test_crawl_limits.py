"""Size limits: a gzip bomb is archived as received (small on the wire) but its decompression is capped
(DOWNLOAD_MAXSIZE via HttpCompressionMiddleware) and counted as ``crawl/errors/too_large``; error kinds."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import IgnoreRequest

from crawler.errors import RefusedRequest, error_kind
from crawler.runner import CrawlConfig, run_crawl_subprocess
from tests.fixtureweb import FixtureWeb, Page
from tests.fixtureweb.warcs import read_warcs, warcio_ok


def test_error_kinds() -> None:
    assert error_kind(RefusedRequest("private_address", "x")) == "private_address"
    assert error_kind(IgnoreRequest("Forbidden by robots.txt")) == "robots_disallowed"
    assert error_kind(IgnoreRequest("Filtered offsite request to 'a.b'")) == "offsite"
    assert (
        error_kind(IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (10 B) during decompression.")) == "too_large"
    )
    assert error_kind(TimeoutError()) == "timeout"
    assert error_kind(KeyError("x")) == "keyerror"


@pytest.mark.slow
def test_gzip_bomb_is_archived_but_not_decompressed(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    web = fixture_web
    bomb = b"\0" * 3_000_000
    web.set_page("elsewhere", "/list", Page(b'<html><body><a href="/bomb">b</a></body></html>'))
    web.set_page("elsewhere", "/bomb", Page(bomb, gzip=True))
    src = tmp_path / "s.toml"
    src.write_text(
        f'[[source]]\nname = "b"\nstart_urls = ["{web.url("elsewhere", "/list")}"]\n'
        "allowed_domains = [\"elsewhere.test\"]\narticle_pattern = '/bomb$'\nallow_private = true\n",
        encoding="utf-8",
    )
    settings = {**web.crawl_settings(), "DOWNLOAD_MAXSIZE": 200_000, "DOWNLOAD_WARNSIZE": 100_000}
    summary = run_crawl_subprocess(CrawlConfig(src, tmp_path / "w", settings=settings), timeout=60)
    assert web.count("elsewhere", "/bomb") == 1
    assert summary.errors == {"too_large": 1}
    [f] = summary.warc_files
    warcio_ok(f)
    [rec] = [r for r in read_warcs([f]) if r.type == "response" and r.path == "/bomb"]
    assert rec.payload == web.sent("elsewhere", "/bomb")[0].entity and len(rec.payload) < 10_000

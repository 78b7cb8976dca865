"""``corpus demo`` end to end: bundled web on 127.0.0.1 -> crawl (child process) -> build -> snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import load
from corpus.cli import main
from corpus.demo import SITE_DIR, SITES
from corpus.verify import verify_snapshot


def test_demo_site_is_bundled_with_robots_and_sitemaps():
    for site in SITES:
        assert (SITE_DIR / site / "robots.txt").is_file() and (SITE_DIR / site / "sitemap.xml").is_file()
    articles = [p for p in SITE_DIR.rglob("*.html") if "/20" in str(p)]
    assert len(articles) >= 10


@pytest.mark.slow
def test_corpus_demo_end_to_end(tmp_path):
    res = CliRunner().invoke(main, ["demo", "--workdir", str(tmp_path / "demo")])
    assert res.exit_code == 0, res.output
    snap_dir = Path(res.stdout.strip().splitlines()[-1])
    assert snap_dir.parent == tmp_path / "demo" / "snapshots" and verify_snapshot(snap_dir).ok
    assert list((tmp_path / "demo" / "warc").glob("*.warc.gz"))

    snap = load(snap_dir)
    docs = {d["url"].split("/", 3)[3]: d for d in snap}
    dropped = {d["url"].split("/", 3)[3]: d for d in snap.dropped()}
    summit = docs["en/news/2024/03/12/summit-opens.html"]

    assert dropped["en/news/2024/03/18/summit-opens-republished.html"]["reason"] == "exact_duplicate"
    assert dropped["articles/2024/03/13/summit-wire.html"]["reason"] == "near_duplicate"
    assert {d["duplicate_of"] for d in dropped.values() if "summit" in d["url"]} == {summit["id"]}
    assert len(summit["duplicates"]) == 2
    assert "articles/2024/03/12/leaders-gather-in-brussels.html" in docs  # same event, other article: kept

    fr = docs["fr/news/2024/03/12/summit-opens.html"]
    assert fr["lang"] == "fr" and fr["translation_of"] == summit["id"]
    assert docs["fr/news/2024/03/14/air-policing.html"]["translation_of"] == \
        docs["en/news/2024/03/14/air-policing.html"]["id"]

    for d in docs.values():
        text = d["text"].lower()
        assert "cookies" not in text and "share on facebook" not in text and "read also" not in text
        assert "independent newspaper published in oslo" not in text
        assert "newsroom in brussels reports on diplomacy" not in text
        assert "couvre la diplomatie, la défense" not in text
        assert d["source"] in SITES and d["warc_file"].endswith(".warc.gz")
    assert any(r["stage"] == "site_boilerplate" for d in docs.values() for r in d["removed"])
    assert len(docs) == 9

"""``corpus crawl`` and ``scrapy crawl news``: errors, summary, progress, private-address opt-in, budget."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import main
from crawler.warc.reader import iter_records
from tests.fixtureweb import FixtureWeb
from tests.fixtureweb.warcs import warcio_ok

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def set_args(settings: dict) -> list[str]:
    return [a for k, v in settings.items() for a in ("-s", f"{k}={json.dumps(v)}")]


def test_bad_sources_file_is_a_clear_cli_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "s"\nstart_urls = "https://x.org/"\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["crawl", "--sources", str(bad), "--warc-dir", str(tmp_path / "w")])
    assert res.exit_code == 1
    assert "[[source]] 's': key 'start_urls' must be a list of strings" in res.output
    good = tmp_path / "good.toml"
    good.write_text('[[source]]\nname = "s"\nstart_urls = ["https://x.org/"]\n', encoding="utf-8")
    res = CliRunner().invoke(
        main, ["crawl", "--sources", str(good), "--warc-dir", str(tmp_path / "w"), "--source", "nope"]
    )
    assert res.exit_code == 1 and "unknown source name(s): nope" in res.output
    assert not (tmp_path / "w").exists()


@pytest.mark.slow
def test_private_opt_in_summary_and_progress(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    web = fixture_web
    src = web.write_sources(tmp_path / "s.toml", intranet_private=True)
    settings = {**web.crawl_settings(), "CORPUS_PROGRESS_INTERVAL": 0.05}
    web.default_delay = 0.1
    proc = subprocess.run(
        [
            str(BIN / "corpus"),
            "crawl",
            "--sources",
            str(src),
            "--warc-dir",
            str(tmp_path / "w"),
            "--source",
            "intranet",
            *set_args(settings),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert web.count("intranet", "/") == 1 and web.count("intranet", "/robots.txt") == 1
    fetched = sum(web.counts("intranet").values())  # home, robots.txt and the 404 nav links of its chrome
    n404 = sum(1 for s in web.recorder.sent.values() for x in s if x.status == 404)
    assert n404 >= 1
    assert f"pages archived: {fetched} " in proc.stdout and "WARC files (1):" in proc.stdout
    assert f"errors: http_404={n404}" in proc.stdout
    progress = [ln for ln in proc.stderr.splitlines() if ln.startswith("[crawl]")]
    assert progress and "\r" not in proc.stderr and f"pages={fetched} " in progress[-1]  # plain lines, no TTY


@pytest.mark.slow
def test_max_pages_caps_the_crawl_and_files_rotate(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    web = fixture_web
    src = web.write_sources(tmp_path / "s.toml")
    proc = subprocess.run(
        [
            str(BIN / "corpus"),
            "crawl",
            "--sources",
            str(src),
            "--warc-dir",
            str(tmp_path / "w"),
            "--source",
            "nato",
            "--max-pages",
            "5",
            "--json",
            *set_args({**web.crawl_settings(), "WARC_MAX_SIZE": 4000, "WARC_PREFIX": "rot"}),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    fetched = {p for (s, p) in web.counts() if p != "/robots.txt"}
    assert len(fetched) <= 5 and summary["skipped"]["max_pages"] > 0
    files = sorted((tmp_path / "w").glob("*.warc.gz"))
    assert [Path(p) for p in summary["warc_files"]] == files and len(files) >= 2  # rotated by size
    assert not list((tmp_path / "w").glob("*.open"))
    for f in files:
        assert re.fullmatch(r"rot-\d{17}-\d{5}-[\w.-]+\.warc\.gz", f.name), f.name
        warcio_ok(f)
        assert next(iter_records(f))[2].type == "warcinfo"
        assert f.with_name(f.name.replace(".warc.gz", ".cdxj")).exists()
    assert summary["pages"] <= 6  # 5 pages + robots.txt


@pytest.mark.slow
def test_scrapy_crawl_news_in_project(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    web = fixture_web
    src = web.write_sources(tmp_path / "s.toml")
    settings = {
        **web.crawl_settings(),
        "CORPUS_SOURCES": str(src),
        "CORPUS_SOURCE_NAMES": "wire-en",
        "WARC_DIR": str(tmp_path / "w"),
    }
    args = [str(BIN / "scrapy"), "crawl", "news"] + [
        a for k, v in settings.items() for a in ("-s", f"{k}={v if isinstance(v, str) else json.dumps(v)}")
    ]
    proc = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert all(web.count("wire-en", p) == 1 for p in web.article_paths("wire-en"))
    assert len(list((tmp_path / "w").glob("*.warc.gz"))) == 1

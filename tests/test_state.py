"""Crawl state: runs (resume of an unfinished job), URL rows, digest lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.errors import CorpusError
from crawler.state import CrawlState, UrlRow


def row(url: str, run: int, digest: str = "sha1:AAA", status: int = 200) -> UrlRow:
    return UrlRow(
        url,
        status,
        '"e1"',
        "Wed, 01 May 2024 10:00:00 GMT",
        digest,
        "2024-05-01T00:00:00Z",
        run,
        "response",
        url,
        "<urn:uuid:1>",
        "2024-05-01T00:00:00Z",
        "f.warc.gz",
        123,
    )


def test_unfinished_run_is_resumed_finished_run_is_not(tmp_path: Path) -> None:
    st = CrawlState(tmp_path / "s.sqlite")
    r1 = st.begin_run("sources:a")
    assert not r1.resumed
    st.close()
    st = CrawlState(tmp_path / "s.sqlite")  # e.g. after a SIGKILL
    again = st.begin_run("sources:a")
    assert again.resumed and again.id == r1.id
    other = st.begin_run("sources:b")  # another job is independent
    assert not other.resumed and other.id != r1.id
    st.finish_run(r1.id)
    r2 = st.begin_run("sources:a")
    assert not r2.resumed and r2.id > r1.id
    assert [r[3] is not None for r in st.runs()] == [True, False, False]


def test_rows_persist_and_replace(tmp_path: Path) -> None:
    st = CrawlState(tmp_path / "s.sqlite")
    st.save(row("http://x/a", 1))
    st.save(row("http://x/b", 1, "sha1:BBB"))
    st.close()
    st = CrawlState(tmp_path / "s.sqlite")
    assert st.lookup("http://x/a") == row("http://x/a", 1)
    st.save(row("http://x/a", 2, "sha1:CCC"))
    assert st.lookup("http://x/a").run_id == 2 and st.count_urls() == 2
    assert st.lookup("http://x/missing") is None
    assert st.by_digest("sha1:BBB").url == "http://x/b"
    assert st.by_digest("sha1:AAA") is None  # replaced
    st.save(row("http://x/e", 2, "sha1:EEE", status=404))
    assert st.by_digest("sha1:EEE") is None  # only 200 captures serve as identical-payload references


def test_unreadable_state_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CorpusError, match="crawl state"):
        CrawlState(bad)


def test_by_ref_record(tmp_path: Path) -> None:
    st = CrawlState(tmp_path / "s.sqlite")
    st.save(row("http://x/a", 1))
    assert st.by_ref_record("<urn:uuid:1>").url == "http://x/a"
    assert st.by_ref_record("<urn:uuid:2>") is None

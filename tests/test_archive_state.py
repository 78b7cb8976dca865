"""The archive path's shortcuts over the crawl state must answer exactly what the plain queries answer:
a URL's row read once per page (``CrawlState.pin`` / ``row_at_store``), digest lookups pre-screened by a
Bloom filter (``crawler.digestfilter``), and the safety middleware's memo of URL owners."""

from __future__ import annotations

import copy
import pickle
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy import Request

from crawler.digestfilter import DigestFilter
from crawler.errors import RefusedRequest
from crawler.middlewares.safety import SafetyMiddleware
from crawler.sources import Source
from crawler.state import CrawlState, UrlRow


def row(url: str, run: int = 1, digest: str | None = None, status: int = 200) -> UrlRow:
    d = digest or f"sha1:{url}"
    return UrlRow(url, status, None, None, d, "2024-05-01", run, "response", url, f"<id:{url}>", "d", "f", 0)


class Selects:
    """Counts the SELECTs a CrawlState's connection runs."""

    def __init__(self, state: CrawlState):
        self.n = 0
        state.db.set_trace_callback(self._seen)

    def _seen(self, sql: str) -> None:
        self.n += sql.lstrip().upper().startswith("SELECT")


def test_pin_taken_under_the_write_lock_is_reused_without_a_query(tmp_path: Path) -> None:
    s = CrawlState(tmp_path / "s.sqlite")
    s.save(row("http://x/other"))  # opens the write transaction
    s.save(row("http://x/a", run=1))
    pin = s.pin("http://x/a")
    s.save(row("http://x/b"))  # another URL saved in between does not matter
    q = Selects(s)
    assert s.row_at_store("http://x/a", pin) == s.lookup("http://x/a") == row("http://x/a", run=1)
    assert q.n == 1  # the lookup above, not row_at_store
    missing = s.pin("http://x/new")  # a URL without a row: the URL filter (built by the first pin) says so
    assert missing.row is None and q.n == 1
    assert s.row_at_store("http://x/new", missing) is None and q.n == 1


def test_pin_is_read_again_after_its_url_was_saved(tmp_path: Path) -> None:
    s = CrawlState(tmp_path / "s.sqlite")
    s.save(row("http://x/a", run=1))
    pin = s.pin("http://x/a")
    s.save(row("http://x/a", run=2))  # e.g. a retry of the same URL stored first
    q = Selects(s)
    assert s.row_at_store("http://x/a", pin).run_id == 2 and q.n == 1


def test_pin_is_read_again_after_a_commit_let_another_connection_write(tmp_path: Path) -> None:
    s = CrawlState(tmp_path / "s.sqlite")
    s.save(row("http://x/a", run=1))
    pin = s.pin("http://x/a")
    s.commit()  # the write lock is released here
    other = CrawlState(tmp_path / "s.sqlite")
    other.save(row("http://x/a", run=7))
    other.commit()
    s.save(row("http://x/b"))  # write lock taken again
    assert s.row_at_store("http://x/a", pin).run_id == 7
    other.close()


def test_pin_without_the_write_lock_or_from_elsewhere_is_not_trusted(tmp_path: Path) -> None:
    s = CrawlState(tmp_path / "s.sqlite")
    early = s.pin("http://x/a")  # no write transaction yet: another process could still write
    assert early.txn == 0
    s.save(row("http://x/a", run=3))
    assert s.row_at_store("http://x/a", early).run_id == 3
    t = CrawlState(tmp_path / "t.sqlite")
    t.save(row("http://x/a", run=5))
    foreign = t.pin("http://x/a")
    q = Selects(s)
    assert s.row_at_store("http://x/a", foreign).run_id == 3 and q.n == 1
    assert s.row_at_store("http://x/b", s.pin("http://x/a")) is None  # pinned for another URL
    assert s.row_at_store("http://x/a", None).run_id == 3
    t.close()


def test_pins_do_not_survive_pickling_or_deep_copies(tmp_path: Path) -> None:
    s = CrawlState(tmp_path / "s.sqlite")
    s.save(row("http://x/a"))
    pin = s.pin("http://x/a")
    assert pickle.loads(pickle.dumps(pin)) is None
    assert copy.deepcopy({"pin": pin}) == {"pin": None}


def test_a_failed_write_voids_every_pin(tmp_path: Path) -> None:
    s = CrawlState(tmp_path / "s.sqlite")
    s.save(row("http://x/a", run=1))
    pin = s.pin("http://x/a")
    with pytest.raises(sqlite3.Error):
        s._write("INSERT INTO no_such_table VALUES (1)", ())
    q = Selects(s)
    assert s.row_at_store("http://x/a", pin).run_id == 1 and q.n == 1


@settings(max_examples=50, deadline=None)
@given(st.sets(st.text(min_size=1, max_size=12), max_size=300), st.lists(st.text(max_size=12), max_size=50))
def test_digest_filter_has_no_false_negatives(added: set[str], probes: list[str]) -> None:
    f = DigestFilter(expected=len(added) // 4)  # undersized on purpose: fuller tables, more collisions
    for d in added:
        f.add(d)
    assert all(d in f for d in added)
    assert f.count == len(added)
    assert f.full == (len(added) * 16 > (1 << 16))


def test_digest_filter_screens_out_most_absent_digests() -> None:
    f = DigestFilter(f"sha1:{i}" for i in range(5000))
    absent = sum(f"sha1:x{i}" not in f for i in range(5000))
    assert absent > 4500  # about 1.4% false positives at 16 bits per digest


def _query(s: CrawlState, digest: str) -> str | None:
    r = s.db.execute(
        "SELECT url FROM urls WHERE payload_digest=? AND status=200 AND ref_record_id IS NOT NULL "
        "ORDER BY url LIMIT 1",
        (digest,),
    ).fetchone()
    return r[0] if r else None


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 12), st.sampled_from([200, 404])), max_size=80))
def test_by_digest_answers_what_the_query_answers(tmp_path_factory: pytest.TempPathFactory, saves) -> None:
    s = CrawlState(tmp_path_factory.mktemp("d") / "s.sqlite", commit_every=7)
    for i, (u, d, status) in enumerate(saves):
        s.save(row(f"http://x/{u}", run=i, digest=f"sha1:{d}", status=status))
        for probe in (f"sha1:{d}", f"sha1:{(d * 7) % 13}", "sha1:never"):
            got = s.by_digest(probe)
            assert (got.url if got else None) == _query(s, probe)
    s.close()


def test_digests_committed_by_another_connection_are_found(tmp_path: Path) -> None:
    s = CrawlState(tmp_path / "s.sqlite")
    s.save(row("http://x/a", digest="sha1:A"))
    assert s.by_digest("sha1:B") is None  # the filter is built here (write lock held)
    s.commit()
    other = CrawlState(tmp_path / "s.sqlite")
    other.save(row("http://x/b", digest="sha1:B"))
    other.commit()
    assert s.by_digest("sha1:B").url == "http://x/b"  # no write lock now: plain query
    s.save(row("http://x/c", digest="sha1:C"))  # lock taken again: the other writer is noticed
    assert s.by_digest("sha1:B").url == "http://x/b"
    s.commit()
    other.save(row("http://x/d", digest="sha1:D"))
    other.commit()
    s.save(row("http://x/e", digest="sha1:E"))
    assert s.by_digest("sha1:D").url == "http://x/d"
    other.close()
    s.close()


def test_digest_filter_grows_with_the_table(tmp_path: Path) -> None:
    s = CrawlState(tmp_path / "s.sqlite", commit_every=100_000)
    n = (1 << 16) // 16 + 50  # past the smallest table's capacity
    for i in range(n):
        s.save(row(f"http://x/{i}", digest=f"sha1:{i}"))
        if i in (0, n - 1):
            assert s.by_digest("sha1:none") is None
    f = s._filters["digest"]
    assert not f.full and f.count == n
    assert s.by_digest(f"sha1:{n - 1}").url == f"http://x/{n - 1}"
    s.close()


class Stats(Counter):
    def inc_value(self, key: str, n: int = 1) -> None:
        self[key] += n


def test_safety_memo_returns_the_same_owner_and_never_remembers_a_refusal() -> None:
    a = Source("a", ("a.test",), allow_private=True)
    b = Source("b", ("b.a.test",), allow_private=True)
    mw = SafetyMiddleware([a, b], Stats())
    for _ in range(2):
        assert mw._source(Request("http://x.b.a.test/p")) is b  # the most specific domain
        assert mw._source(Request("http://a.test/p", meta={"source": "a"})) is a
        with pytest.raises(RefusedRequest):
            mw._source(Request("http://b.a.test/p", meta={"source": "nope"}))
        with pytest.raises(RefusedRequest):
            mw._source(Request("http://other.test/p", meta={"source": "a"}))
    # the same URL under another source name is judged on its own
    with pytest.raises(RefusedRequest):
        mw._source(Request("http://other.test/p", meta={"source": "b"}))
    assert set(mw._owner) == {(None, "http://x.b.a.test/p"), ("a", "http://a.test/p")}


def test_urls_committed_by_another_connection_are_found_by_pin(tmp_path: Path) -> None:
    s = CrawlState(tmp_path / "s.sqlite")
    s.save(row("http://x/a"))
    assert s.pin("http://x/b").row is None  # URL filter built under the write lock
    s.commit()
    other = CrawlState(tmp_path / "s.sqlite")
    other.save(row("http://x/b", run=4))
    other.commit()
    assert s.pin("http://x/b").row.run_id == 4  # no write lock: plain query
    s.save(row("http://x/c"))  # lock taken again: the other writer is noticed, filters dropped
    assert s.pin("http://x/b").row.run_id == 4
    other.close()
    s.close()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.booleans()), max_size=80))
def test_pin_answers_what_lookup_answers(tmp_path_factory: pytest.TempPathFactory, steps) -> None:
    s = CrawlState(tmp_path_factory.mktemp("p") / "s.sqlite", commit_every=5)
    for i, (u, write) in enumerate(steps):
        url = f"http://x/{u}"
        if write:
            s.save(row(url, run=i))
        pin = s.pin(url)
        assert pin.row == s.lookup(url)
        assert s.row_at_store(url, pin) == s.lookup(url)
    s.close()

"""Fault suite, build side: damaged WARC files, a 50 MB page, 100,000 tiny documents. The build always
finishes and its stats count every record it did not turn into a document, by reason.

Reader-level cases (one file at a time, exact survivors) are in tests/test_reader.py
(test_broken_files_lose_only_the_damaged_record: truncated, corrupt member, request-only, garbage;
test_decompression_bomb_and_raw_cap); a cut input in a build is in
tests/test_build.py::test_damaged_input_is_counted_and_the_rest_is_built.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from pathlib import Path

import pytest

from corpus.build import build_snapshot
from corpus.config import BuildConfig
from corpus.snapshot import iter_rows, shard_paths
from crawler.warc.records import WarcRecord, gzip_member, serialize
from tests.warcgen import Page, article_page, words

DATA = Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("make_broken", DATA / "make_broken.py")
mb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mb)

HTML = b"text/html; charset=utf-8"


def response_member(i: int, url: str, body: bytes, level: int = 1) -> bytes:
    """One gzip member holding one response record (our own serializer: fast enough for 100k)."""
    block = (b"HTTP/1.1 200 OK\r\nContent-Type: " + HTML + b"\r\nContent-Length: %d\r\n\r\n" % len(body)
             + body)
    rec = WarcRecord("response", [
        ("WARC-Type", "response"), ("WARC-Record-ID", f"<urn:uuid:00000000-0000-4000-8000-{i:012d}>"),
        ("WARC-Date", "2024-01-01T00:00:00Z"), ("WARC-Target-URI", url),
        ("Content-Type", "application/http;msgtype=response")], block)
    return gzip_member(serialize(rec), level)


def real_article(i: int) -> bytes:
    paras = [words(7000 + 10 * i + k, 80) for k in range(4)]
    return article_page(Page(f"https://real.test/news/{i}", f"Real story {i}", paras, "2024-02-01")).encode()


def rows(result, kind: str) -> list[dict]:
    return list(iter_rows(shard_paths(result.path, result.manifest, kind), columns=["url"]))


def accounted(stats: dict[str, int]) -> None:
    """Every response read became a document or was counted under extract/skipped/<reason>."""
    skipped = sum(v for k, v in stats.items() if k.startswith("extract/skipped/"))
    assert stats.get("extract/documents", 0) + skipped == stats.get("read/responses", 0), stats


def test_damaged_files_build_and_count_every_skip(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in mb.EXPECTED:
        shutil.copy(DATA / name, src / name)
    result = build_snapshot([src], tmp_path / "out", BuildConfig())
    s = result.stats
    assert s["read/skipped/truncated"] == 1  # truncated.warc.gz: the cut 3rd response
    assert s["read/skipped/corrupt"] == 2  # the damaged 2nd member; the junk run in garbage_middle.warc
    assert s["read/skipped/record/request"] == 2  # request_only.warc.gz
    assert s["read/skipped/record/warcinfo"] == 4  # one per file
    assert s["read/resync"] >= 2  # reading resumed after the corrupt member and after the garbage
    accounted(s)
    survivors = {u for e in mb.EXPECTED.values() for u in e["urls"]}  # records after damage included
    built = [r["url"] for r in rows(result, "data")] + [r["url"] for r in rows(result, "dropped")]
    assert set(built) <= survivors and s["extract/documents"] == len(built)  # kept or dropped, not lost
    assert s["read/responses"] == sum(len(e["urls"]) for e in mb.EXPECTED.values())
    assert sorted(i["name"] for i in result.manifest["inputs"]) == sorted(mb.EXPECTED)


def test_request_only_warc_builds_an_empty_snapshot(tmp_path: Path) -> None:
    result = build_snapshot([DATA / "request_only.warc.gz"], tmp_path / "out", BuildConfig())
    assert result.counts["documents_out"] == 0 and result.stats["read/skipped/record/request"] == 2
    assert (result.path / "data" / "part-00000.parquet").is_file()


@pytest.mark.slow
def test_50mb_page_is_skipped_by_the_cap_and_the_rest_is_built(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    para = "<p>" + "Filler sentence of a page that never ends. " * 40 + "</p>\n"
    big = ("<html><body>" + para * (50 * 2**20 // len(para) + 1) + "</body></html>").encode()
    assert len(big) >= 50 * 2**20
    with open(tmp_path / "in" / "big.warc.gz", "wb") as f:
        f.write(response_member(0, "https://real.test/huge", big))
        f.write(response_member(1, "https://real.test/news/1", real_article(1)))
    t = time.perf_counter()
    result = build_snapshot([tmp_path / "in"], tmp_path / "out", BuildConfig())
    elapsed = time.perf_counter() - t
    assert result.stats["read/skipped/too_large"] == 1  # 52 MB > the 50 MB payload cap
    assert [r["url"] for r in rows(result, "data")] == ["https://real.test/news/1"]
    accounted(result.stats)
    assert elapsed < 60, elapsed
    print(f"50 MB page: build {elapsed:.1f} s")


@pytest.mark.slow
def test_100k_tiny_documents_are_skipped_fast(tmp_path: Path) -> None:
    n_files, per_file = 2, 50_000
    (tmp_path / "in").mkdir()
    for k in range(n_files):
        with open(tmp_path / "in" / f"tiny-{k}.warc.gz", "wb") as f:
            f.write(response_member(10**6 + k, f"https://real.test/news/{k}", real_article(k)))
            f.write(b"".join(response_member(k * per_file + i, f"https://tiny.test/{k}/{i}",
                                             b"<html><body><p>stub %d</p></body></html>" % i)
                             for i in range(per_file)))
    t = time.perf_counter()
    result = build_snapshot([tmp_path / "in"], tmp_path / "out", BuildConfig().with_runtime(workers=2))
    elapsed = time.perf_counter() - t
    s = result.stats
    assert s["read/responses"] == n_files * (per_file + 1)
    assert s["extract/skipped/too_short"] == n_files * per_file
    assert result.counts["documents_out"] == n_files
    accounted(s)
    print(f"100k tiny documents: build {elapsed:.1f} s ({n_files * per_file / elapsed:.0f} records/s)")
    assert elapsed < 150, elapsed


def test_tiny_page_shortcut_agrees_with_the_full_path() -> None:
    """The too_short shortcut (text bound before trafilatura) never drops a page the full path keeps."""
    from corpus.extract import ExtractOptions, Extractor

    full, quick = Extractor(ExtractOptions(min_chars=0)), Extractor(ExtractOptions(min_chars=200))
    pages = [real_article(3), b"<html><body><p>stub</p></body></html>",
             b"<html><body>" + b"<p>a</p>" * 120 + b"</body></html>",
             ("<html><body><article><p>" + "mot " * 60 + "</p></article></body></html>").encode()]
    for page in pages:
        ref = full.extract(page, "https://real.test/x")
        out = quick.extract(page, "https://real.test/x")
        long_enough = ref.doc is not None and len(ref.doc.text) >= 200
        assert (out.doc is not None) == long_enough, (page[:60], ref.reason, out.reason)
        if out.doc is None and ref.doc is not None:
            assert out.reason == "too_short"


def test_disk_full_while_writing_shards_is_a_clear_error_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import pyarrow.parquet as pq

    from corpus.errors import CorpusError

    (tmp_path / "in").mkdir()
    with open(tmp_path / "in" / "a.warc.gz", "wb") as f:
        f.write(b"".join(response_member(i, f"https://real.test/news/{i}", real_article(i))
                         for i in range(3)))

    def full(self, *a, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pq.ParquetWriter, "write_table", full)
    with pytest.raises(CorpusError, match="No space left on device"):
        build_snapshot([tmp_path / "in"], tmp_path / "out", BuildConfig())
    assert list((tmp_path / "out").iterdir()) == []  # no snapshot, no temp directory left
    monkeypatch.undo()
    result = build_snapshot([tmp_path / "in"], tmp_path / "out", BuildConfig())
    assert result.counts["documents_out"] == 3

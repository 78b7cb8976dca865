"""WARC_GZIP_LIBRARY: zlib-ng (default) and zlib members hold the same record bytes, each library's members
are its own one-call gzip output, every reader takes both, crash recovery works on both, and an unknown
library is refused before anything is written."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from zlib_ng import zlib_ng

from corpus.errors import CorpusError
from crawler.warc.reader import iter_records
from crawler.warc.records import (
    GZIP_LIBRARIES,
    MAX_WBITS,
    MIN_LOOKAHEAD,
    MIN_WBITS,
    HttpExchange,
    exchange_records,
    fitted_wbits,
    gzip_function,
    zlib_ng_compress,
)
from crawler.warc.recovery import recover_directory
from crawler.warc.writer import WarcWriter, WriterOptions
from tests.test_warc_writer import HEAD, REQ, fixed_factory

WARCIO = [sys.executable, "-m", "warcio.cli"]
COMPRESS = {"zlib": lambda b: zlib.compress(b, 6, 31), "zlib-ng": lambda b: zlib_ng.compress(b, 6, 31)}


def pages(n: int = 5) -> list[HttpExchange]:
    """Compressible HTML-like bodies of a few sizes, and one incompressible body."""
    rng = random.Random(7)
    words = [b"alliance", b"summit", b"defence", b"<p>", b"</p>", b"ministers", b"\xc3\xa9t\xc3\xa9"]
    out = []
    for i in range(n):
        body = b" ".join(rng.choice(words) for _ in range(300 * 4**i))
        out.append(HttpExchange(f"http://example.org/{i}", REQ, b"", HEAD, body, ip_address="192.0.2.7"))
    out.append(HttpExchange("http://example.org/rand", REQ, b"q=1", HEAD, rng.randbytes(5000)))
    return out


def write(directory: Path, library: str, close: bool = True) -> Path:
    w = WarcWriter(
        WriterOptions(directory, prefix="t", hostname="box", factory=fixed_factory(), gzip_library=library)
    )
    for ex in pages():
        w.write_group(lambda wid, ex=ex: exchange_records(ex, w.options.factory, wid))
    if not close:
        assert w.current_path is not None
        return w.current_path
    path = w.close()
    assert path is not None
    return path


def split_members(data: bytes) -> list[tuple[bytes, bytes]]:
    """(compressed member, its decompressed bytes) for each gzip member, with Python's zlib."""
    out = []
    while data:
        d = zlib.decompressobj(31)
        raw = d.decompress(data)
        assert d.eof
        out.append((data[: len(data) - len(d.unused_data)], raw))
        data = d.unused_data
    return out


def cdxj_without_position(path: Path) -> list[tuple[str, str, dict]]:
    """CDXJ lines minus the fields that depend on compressed sizes (offset, length)."""
    cdxj = path.with_name(path.name.replace(".warc.gz", ".cdxj"))
    out = []
    for line in cdxj.read_text().splitlines():
        key, ts, fields = line.split(" ", 2)
        d = json.loads(fields)
        del d["offset"], d["length"]
        out.append((key, ts, d))
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("gz")
    return {lib: write(tmp / lib, lib) for lib in GZIP_LIBRARIES}


def test_default_library_is_zlib_ng() -> None:
    assert WriterOptions(Path(".")).gzip_library == "zlib-ng"


def test_libraries_store_the_same_records_each_in_its_own_bytes(written: dict[str, Path]) -> None:
    members = {lib: split_members(p.read_bytes()) for lib, p in written.items()}
    raw = {lib: [r for _, r in m] for lib, m in members.items()}
    assert len(raw["zlib"]) == 1 + 2 * len(pages())  # warcinfo + response/request per page
    assert raw["zlib-ng"] == raw["zlib"]  # decompressed, record for record, identical
    for lib, ms in members.items():
        assert [c for c, _ in ms] == [COMPRESS[lib](r) for _, r in ms], lib  # one call, level 6, mtime 0
        assert all(c[4:8] == b"\0\0\0\0" for c, _ in ms)  # mtime 0: no wall clock in the bytes
    assert written["zlib-ng"].read_bytes() != written["zlib"].read_bytes()  # the setting really switches
    assert written["zlib-ng"].name == written["zlib"].name


def test_python_gzip_and_warcio_read_both(written: dict[str, Path]) -> None:
    bodies = [ex.response_body for ex in pages()]
    for lib, path in written.items():
        members = [r for _, r in split_members(path.read_bytes())]
        assert gzip.decompress(path.read_bytes()) == b"".join(members), lib  # multi-member gzip file
        with gzip.open(path, "rb") as f:
            assert f.read() == b"".join(members), lib
        with open(path, "rb") as f:
            got = [(r.rec_type, r.raw_stream.read()) for r in ArchiveIterator(f, check_digests=True)]
        assert [b for t, b in got if t == "response"] == bodies, lib
        assert [t for t, _ in got] == ["warcinfo"] + ["response", "request"] * len(bodies), lib


def test_warcio_check_and_index_accept_both(written: dict[str, Path]) -> None:
    offsets = {}
    for lib, path in written.items():
        check = subprocess.run(WARCIO + ["check", "-v", str(path)], capture_output=True, text=True)
        assert check.returncode == 0 and "digest pass" in check.stdout, check.stdout + check.stderr
        index = subprocess.run(WARCIO + ["index", str(path)], capture_output=True, text=True)
        assert index.returncode == 0, index.stderr
        lines = [json.loads(ln) for ln in index.stdout.splitlines()]
        assert len(lines) == 1 + 2 * len(pages())
        offsets[lib] = [int(d["offset"]) for d in lines]
        assert offsets[lib] == [off for off, _, _ in iter_records(path)], lib  # same member boundaries
    assert offsets["zlib-ng"] != offsets["zlib"]


def test_cdxj_differs_only_in_offsets_and_lengths(written: dict[str, Path]) -> None:
    assert cdxj_without_position(written["zlib-ng"]) == cdxj_without_position(written["zlib"])
    for path in written.values():
        cdxj = path.with_name(path.name.replace(".warc.gz", ".cdxj")).read_text().splitlines()
        data = path.read_bytes()
        for line in cdxj:
            d = json.loads(line.split(" ", 2)[2])
            member = data[int(d["offset"]) : int(d["offset"]) + int(d["length"])]
            raw = zlib.decompress(member, 31)  # offset and length cover exactly one whole member
            assert raw.startswith(b"WARC/1.1\r\nWARC-Type: response\r\n")
            assert f"WARC-Target-URI: {d['url']}\r\n".encode() in raw


@pytest.mark.parametrize("library", GZIP_LIBRARIES)
def test_cut_file_recovers_to_its_last_whole_record(tmp_path: Path, library: str) -> None:
    open_file = write(tmp_path / "live", library, close=False)
    data = open_file.read_bytes()
    whole = [(off, ln) for off, ln, _ in iter_records(open_file)]
    for i, cut in enumerate((len(data) - 20, whole[5][0] + whole[5][1] // 2, whole[3][0])):
        crashed = tmp_path / f"crashed{i}"
        crashed.mkdir()
        (crashed / open_file.name).write_bytes(data[:cut])
        [rec] = recover_directory(crashed)
        kept = [(off, ln) for off, ln, _ in iter_records(rec.path)]
        assert kept == [w for w in whole if w[0] + w[1] <= cut] and kept
        assert rec.path.stat().st_size == kept[-1][0] + kept[-1][1]
        assert rec.path.read_bytes() == data[: rec.path.stat().st_size]
        with open(rec.path, "rb") as f:
            assert sum(1 for _ in ArchiveIterator(f)) == len(kept)


def test_unknown_library_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown gzip library 'gzip'.*'zlib-ng', 'zlib'"):
        gzip_function("gzip")
    with pytest.raises(ValueError, match="unknown gzip library 'zlibng'"):
        WarcWriter(WriterOptions(tmp_path / "w", gzip_library="zlibng"))
    assert not (tmp_path / "w").exists()


def test_setting_reaches_the_bytes_and_a_bad_value_is_a_clear_error(tmp_path: Path) -> None:
    from scrapy.settings import Settings

    from crawler.middlewares.archive import ArchiveOptions
    from crawler.settings import WARC_GZIP_LIBRARY

    assert WARC_GZIP_LIBRARY == "zlib-ng"
    bad = Settings({"WARC_DIR": str(tmp_path / "bad"), "WARC_GZIP_LIBRARY": "lz4"})
    with pytest.raises(CorpusError, match="WARC_GZIP_LIBRARY: unknown gzip library 'lz4'"):
        ArchiveOptions.from_settings(bad)
    assert ArchiveOptions.from_settings(Settings({"WARC_DIR": "w"})).gzip_library == "zlib-ng"
    sizes = {}
    for lib in GZIP_LIBRARIES:
        mw = _middleware(tmp_path / lib, lib)
        mw.writer.write_group(lambda wid: [])  # opens a file: its warcinfo member only
        path = mw.writer.close()
        mw.state.close()
        [(member, raw)] = split_members(path.read_bytes())
        assert member == COMPRESS[lib](raw), lib
        sizes[lib] = len(member)
    assert len(set(sizes.values())) == 2


def _middleware(directory: Path, library: str):  # noqa: ANN202 - Scrapy objects
    from scrapy.utils.test import get_crawler

    from crawler.middlewares.archive import WarcArchiveMiddleware
    from crawler.spiders.news import NewsSpider

    sources = directory / "sources.toml"
    directory.mkdir()
    sources.write_text(
        '[[source]]\nname = "s"\nstart_urls = ["http://127.0.0.1:9/"]\nallowed_domains = ["127.0.0.1"]\n'
        'languages = ["en"]\n',
        encoding="utf-8",
    )
    settings = {
        "WARC_DIR": str(directory / "w"),
        "CORPUS_SOURCES": str(sources),
        "WARC_GZIP_LIBRARY": library,
    }
    return WarcArchiveMiddleware.from_crawler(get_crawler(NewsSpider, settings))


@pytest.mark.parametrize("level", range(10))
def test_fitted_window_gives_the_bytes_of_the_full_window(level: int) -> None:
    """zlib-ng members are compressed with the window fitted to the record (less to zero per member): the
    bytes must be those of the full 32 KB window, at every level, for sizes at each window's bound."""
    rng = random.Random(level)
    page = b" ".join(
        rng.choice([b"<p>alliance", b"summit</p>", b"defence", b"\xc3\xa9t\xc3\xa9"]) for _ in range(9000)
    )
    sizes = [0, 1, 2, 3, 100] + [
        (1 << w) - MIN_LOOKAHEAD + d for w in range(MIN_WBITS, MAX_WBITS + 1) for d in (-2, -1, 0, 1, 2)
    ]
    for size in sizes:
        period = rng.randbytes(rng.randrange(1, 300))
        for data in (
            rng.randbytes(size),
            page[:size],
            (period * (size // len(period) + 1))[:size],
            bytes(size),
        ):
            assert zlib_ng_compress(data, level) == zlib_ng.compress(data, level, 31), (size, level)
    assert [fitted_wbits(n) for n in (0, 250, 251, 1000, 8000, 40_000)] == [9, 9, 10, 11, 14, 15]

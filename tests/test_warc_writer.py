"""WARC writer: exact bytes, digests, one gzip member per record, rotation, .open/rename, CDXJ, recovery."""

from __future__ import annotations

import base64
import gzip
import hashlib
import itertools
import random
import re
import shutil
import subprocess
import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.warc.reader import iter_records
from crawler.warc.records import HttpExchange, RecordFactory, RevisitRef, exchange_records
from crawler.warc.recovery import recover_directory, recover_file
from crawler.warc.writer import WarcWriter, WriterOptions

WARCIO = [sys.executable, "-m", "warcio.cli"]


def fixed_factory() -> RecordFactory:
    ids = itertools.count(1)
    return RecordFactory(
        new_id=lambda: f"<urn:uuid:00000000-0000-0000-0000-{next(ids):012d}>",
        clock=lambda: datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=timezone.utc),
    )


def b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


REQ = b"GET /a HTTP/1.1\r\nHost: example.org\r\nAccept-Encoding: gzip\r\n\r\n"
HEAD = (
    b"HTTP/1.1 200 Fine Thanks\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Name: Fran\xe7ois\r\n"
    b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
)
BODY = gzip.compress(b"<html><body>hello</body></html>", mtime=0)


def exchange(url: str = "http://example.org/a", body: bytes = BODY) -> HttpExchange:
    return HttpExchange(url, REQ, b"", HEAD, body, ip_address="192.0.2.7")


def writer(tmp: Path, **kw) -> WarcWriter:
    opts = WriterOptions(tmp, prefix="t", hostname="box", factory=fixed_factory(), **kw)
    return WarcWriter(opts)


def members(path: Path) -> list[bytes]:
    data, out = path.read_bytes(), []
    while data:
        d = zlib.decompressobj(31)
        out.append(d.decompress(data))
        assert d.eof
        data = d.unused_data
    return out


def test_response_record_bytes_are_exact(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_group(lambda wid: exchange_records(exchange(), w.options.factory, wid))
    path = w.close()
    recs = members(path)
    assert len(recs) == 3  # warcinfo, response, request: one gzip member each
    head = HEAD.replace(b"Transfer-Encoding: chunked", b"X-Archive-Orig-Transfer-Encoding: chunked")
    block = head + BODY
    expected = (
        (
            "WARC/1.1\r\nWARC-Type: response\r\n"
            "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000002>\r\n"
            "WARC-Date: 2024-05-01T12:00:00.123456Z\r\nWARC-Target-URI: http://example.org/a\r\n"
            "WARC-Warcinfo-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            "WARC-IP-Address: 192.0.2.7\r\nContent-Type: application/http;msgtype=response\r\n"
            f"WARC-Block-Digest: {b32(block)}\r\nWARC-Payload-Digest: {b32(BODY)}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n"
        ).encode()
        + block
        + b"\r\n\r\n"
    )
    assert recs[1] == expected
    assert recs[2].startswith(b"WARC/1.1\r\nWARC-Type: request\r\n")
    assert b"WARC-Concurrent-To: <urn:uuid:00000000-0000-0000-0000-000000000002>\r\n" in recs[2]
    assert recs[2].endswith(REQ + b"\r\n\r\n")
    assert recs[0].startswith(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n")


def test_same_input_same_bytes(tmp_path: Path) -> None:
    outs = []
    for sub in ("a", "b"):
        w = writer(tmp_path / sub)
        w.write_group(lambda wid, w=w: exchange_records(exchange(), w.options.factory, wid))
        outs.append(w.close().read_bytes())
    assert outs[0] == outs[1]


def test_warcio_reads_headers_body_and_checks_digests(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_group(lambda wid: exchange_records(exchange(), w.options.factory, wid))
    path = w.close()
    with open(path, "rb") as f:
        recs = [(r.rec_type, r.http_headers, r.raw_stream.read()) for r in ArchiveIterator(f)]
    assert [t for t, _, _ in recs] == ["warcinfo", "response", "request"]
    http = recs[1][1]
    assert http.get_statuscode() == "200" and http.protocol == "HTTP/1.1"
    assert http.statusline.endswith("Fine Thanks")
    assert [v for k, v in http.headers if k.lower() == "set-cookie"] == ["a=1", "b=2"]
    assert recs[1][2] == BODY  # the stored payload is the entity as received (still gzip)
    raw = members(path)[1]
    assert b"X-Name: Fran\xe7ois\r\n" in raw  # non-UTF-8 header byte kept
    for cmd in (["check", "-v", str(path)], ["index", str(path)]):
        proc = subprocess.run(WARCIO + cmd, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_revisit_record_refers_to_original(tmp_path: Path) -> None:
    w = writer(tmp_path)
    ref = RevisitRef(
        "server-not-modified", "<urn:uuid:x>", "http://example.org/a", "2024-04-01T00:00:00Z", b32(BODY)
    )
    ex = HttpExchange(
        "http://example.org/a", REQ, b"", b'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n', b""
    )
    w.write_group(lambda wid: exchange_records(ex, w.options.factory, wid, ref))
    path = w.close()
    with open(path, "rb") as f:
        rec = [r for r in ArchiveIterator(f) if r.rec_type == "revisit"][0]
    h = rec.rec_headers
    assert h.get_header("WARC-Profile").endswith("/revisit/server-not-modified")
    assert h.get_header("WARC-Refers-To") == "<urn:uuid:x>"
    assert h.get_header("WARC-Refers-To-Target-URI") == "http://example.org/a"
    assert h.get_header("WARC-Refers-To-Date") == "2024-04-01T00:00:00Z"
    assert h.get_header("WARC-Payload-Digest") == b32(BODY)
    assert subprocess.run(WARCIO + ["check", str(path)], capture_output=True).returncode == 0


def test_rotation_open_suffix_rename_and_cdxj(tmp_path: Path) -> None:
    w = writer(tmp_path, max_size=3000)
    for i in range(6):
        body = random.Random(i).randbytes(2048)  # incompressible: forces rotation
        w.write_group(
            lambda wid, i=i, body=body: exchange_records(
                exchange(f"http://example.org/{i}", body), w.options.factory, wid
            )
        )
        assert w.current_path is None or w.current_path.name.endswith(".warc.gz.open")
    w.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) >= 3 and not list(tmp_path.glob("*.open"))
    pat = re.compile(r"^t-\d{17}-\d{5}-box\.warc\.gz$")
    assert all(pat.match(f.name) for f in files)
    urls = []
    for f in files:
        types = [r.type for _, _, r in iter_records(f)]
        assert types[0] == "warcinfo" and types.count("warcinfo") == 1
        cdx = f.with_name(f.name.replace(".warc.gz", ".cdxj")).read_text().splitlines()
        for line in cdx:
            surt, ts, _ = line.split(" ", 2)
            assert surt.startswith("org,example)/") and ts == "20240501120000"
        urls += [line.split('"url": "')[1].split('"')[0] for line in cdx]
        # CDXJ offsets point at the response records
        for line in cdx:
            off = int(line.split('"offset": "')[1].split('"')[0])
            with open(f, "rb") as fh:
                fh.seek(off)
                assert next(iter(ArchiveIterator(fh))).rec_type == "response"
    assert sorted(urls) == sorted(f"http://example.org/{i}" for i in range(6))


def test_crash_cut_file_recovers_to_last_whole_record(tmp_path: Path) -> None:
    live = tmp_path / "live"
    w = writer(live)
    for i in range(4):
        w.write_group(
            lambda wid, i=i: exchange_records(exchange(f"http://example.org/{i}"), w.options.factory, wid)
        )
    open_file = w.current_path
    assert open_file is not None and open_file.exists()
    # recovery must leave a file another live writer holds alone
    assert recover_directory(live) == []
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    data = open_file.read_bytes()
    cut = crashed / open_file.name
    cut.write_bytes(data[: len(data) - 40])  # the last record (a request) is cut mid-member
    w.close()
    [rec] = recover_directory(crashed)
    assert rec.path.name == open_file.name.removesuffix(".open") and rec.path.exists()
    assert not cut.exists() and rec.cut_bytes > 0
    types = [r.type for _, _, r in iter_records(rec.path)]
    assert types == ["warcinfo"] + ["response", "request"] * 3 + ["response"]
    assert subprocess.run(WARCIO + ["check", str(rec.path)], capture_output=True).returncode == 0
    assert len(rec.path.with_name(rec.path.name.replace(".warc.gz", ".cdxj")).read_text().splitlines()) == 4


def test_recovery_with_a_prefix_leaves_other_writers_files_alone(tmp_path: Path) -> None:
    """Workers of a distributed crawl share a directory: each recovers only its own dead files, and a
    file its owner renamed between the listing and the opening is skipped, not an error."""
    src = tmp_path / "src"
    w = writer(src)
    w.write_group(lambda wid: exchange_records(exchange(), w.options.factory, wid))
    data, name = w.current_path.read_bytes(), w.current_path.name
    w.close()
    dead = tmp_path / "dead"
    dead.mkdir()
    prefix = w.file_prefix
    mine = dead / name
    other = dead / name.replace(f"{prefix}-", f"{prefix}-w2-", 1)
    similar = dead / name.replace(f"{prefix}-", f"{prefix}x-", 1)
    for p in (mine, other, similar):
        p.write_bytes(data)
    [rec] = recover_directory(dead, prefix=prefix)
    assert rec.path == mine.with_name(name.removesuffix(".open"))
    assert other.exists() and similar.exists()
    [rec_w2] = recover_directory(dead, prefix=f"{prefix}-w2")
    assert rec_w2.path.name == other.name.removesuffix(".open") and similar.exists()
    assert recover_file(tmp_path / "gone.warc.gz.open") is None


def test_writer_takes_another_name_when_recovery_grabbed_its_fresh_file(tmp_path: Path, monkeypatch) -> None:
    import crawler.warc.writer as writer_mod

    calls = []

    def lock_once_refused(f):  # another process's recovery locked the file between create and lock
        calls.append(f.name)
        return len(calls) > 1

    monkeypatch.setattr(writer_mod, "lock_exclusive", lock_once_refused)
    w = writer(tmp_path)
    w.write_group(lambda wid: exchange_records(exchange(), w.options.factory, wid))
    assert len(calls) == 2 and calls[0] != calls[1] and w.current_path == Path(calls[1])
    w.close()
    assert subprocess.run(WARCIO + ["check", str(Path(calls[1][: -len(".open")]))]).returncode == 0


def test_recovery_of_intact_open_file_keeps_everything(tmp_path: Path) -> None:
    w = writer(tmp_path / "a")
    w.write_group(lambda wid: exchange_records(exchange(), w.options.factory, wid))
    src = w.current_path
    dst = tmp_path / "b"
    dst.mkdir()
    shutil.copy(src, dst / src.name)
    w.close()
    [rec] = recover_directory(dst)
    assert rec.cut_bytes == 0 and rec.kept_records == 3
    assert rec.path.read_bytes() == (tmp_path / "a" / rec.path.name).read_bytes()

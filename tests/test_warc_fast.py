"""corpus.warc_fast (plain gzip members read without warcio) changes nothing: every file gives the same
responses, in the same order, and the same counts (same keys, same order) as the warcio path alone."""

from __future__ import annotations

import gzip
import importlib.util
import io
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import corpus.warc_reader as reader
from corpus.warc_fast import NotPlain, parse_headers
from corpus.warc_reader import ReadOptions, iter_responses

DATA = Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("make_broken", DATA / "make_broken.py")
mb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mb)
HTML = "text/html; charset=utf-8"


def _warcio_only(fh, name, stats, options, progress, pos, size):  # the reader before corpus.warc_fast
    return pos
    yield


def both(path: Path, monkeypatch: pytest.MonkeyPatch, **opts) -> tuple[tuple, tuple]:
    def run() -> tuple:
        stats: Counter[str] = Counter()
        docs = list(iter_responses(path, stats, ReadOptions(**opts)))
        return docs, list(stats.items())

    fast = run()
    with monkeypatch.context() as m:
        m.setattr(reader, "_read_plain_members", _warcio_only)
        slow = run()
    return fast, slow


def test_plain_file_is_read_by_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ok.warc.gz"
    path.write_bytes(mb.build(5)[0])
    calls: list[int] = []
    real = reader._read_from
    monkeypatch.setattr(reader, "_read_from", lambda *a, **k: calls.append(1) or real(*a, **k))
    fast, slow = both(path, monkeypatch)
    assert fast == slow and len(fast[0]) == 5
    assert calls == [1]  # once, for the warcio-only run: the fast path read the whole file alone


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.warc*")))
def test_damaged_test_files(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = both(DATA / name, monkeypatch)
    assert fast == slow


def _records(path: Path, records: list[tuple[str, str, bytes, list[tuple[str, str]]]]) -> None:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for rtype, url, body, headers in records:
        http = StatusAndHeaders("200 OK" if rtype == "response" else "GET / HTTP/1.1", headers,
                                protocol="HTTP/1.1", is_http_request=rtype == "request")
        rec = w.create_warc_record(url, rtype, payload=io.BytesIO(body), http_headers=http)
        w.write_record(rec)
    path.write_bytes(buf.getvalue())


def test_record_kinds_and_headers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chunked = b"5\r\n<html\r\n3\r\n>x<\r\n0\r\n\r\n"
    path = tmp_path / "kinds.warc.gz"
    _records(path, [
        ("request", "http://s.test/a", b"", [("Host", "s.test")]),
        ("response", "http://s.test/a", mb.page(1), [("Content-Type", HTML), ("Set-Cookie", "a=1"),
                                                     ("Set-Cookie", "b=2"), ("X-Name", "caf\u00e9")]),
        ("response", "http://s.test/b", b"%PDF", [("Content-Type", "application/pdf")]),
        ("response", "http://s.test/c", chunked, [("Content-Type", HTML), ("Transfer-Encoding", "chunked")]),
        ("response", "http://s.test/d", gzip.compress(mb.page(2)), [("Content-Encoding", "gzip")]),
        ("response", "http://s.test/e", b"no markup here", []),
    ])
    fast, slow = both(path, monkeypatch)
    assert fast == slow and [d.uri for d in fast[0]] == ["http://s.test/a", "http://s.test/c", "http://s.test/d"]


def test_whole_file_gzip_and_large_payloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "p.warc"
    plain.write_bytes(mb.build(4, gz=False)[0])
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    assert both(whole, monkeypatch)[0] == both(whole, monkeypatch)[1]
    members = tmp_path / "m.warc.gz"
    members.write_bytes(mb.build(4)[0])
    fast, slow = both(members, monkeypatch, max_payload_bytes=2000)
    assert fast == slow and dict(fast[1])["read/skipped/too_large"] == 4


def test_parse_headers_is_warcios_parser() -> None:
    from warcio.statusandheaders import StatusAndHeadersParser

    block = (b"HTTP/1.1 200 OK \r\nA: 1\r\nB :  two \r\n  more\r\nno colon\r\nC:\xe9\r\n"
             b"D: caf\xc3\xa9\r\n\r\nbody")
    ours = parse_headers(block, 0, len(block), ("HTTP/1.0", "HTTP/1.1"))
    theirs = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"]).parse(io.BytesIO(block))
    assert (ours.protocol, ours.statusline) == (theirs.protocol, theirs.statusline)
    assert ours.headers == theirs.headers
    assert ours.size == len(block) - len(b"body")  # bytes (warcio's total_len counts decoded characters)
    for name in ("a", "A", "b", "c", "D", "no colon", "missing", "e"):
        assert ours.get_header(name) == theirs.get_header(name)
        assert ours.get_header(name, "-") == theirs.get_header(name, "-")
    repeated = b"HTTP/1.1 200 OK\r\nSet-Cookie: one\r\nset-cookie: two\r\nSET-COOKIE: three\r\n\r\n"
    ours = parse_headers(repeated, 0, len(repeated), ("HTTP/1.1",))
    theirs = StatusAndHeadersParser(["HTTP/1.1"]).parse(io.BytesIO(repeated))
    assert ours.get_header("Set-Cookie") == theirs.get_header("Set-Cookie") == "one"
    with pytest.raises(NotPlain):
        parse_headers(b"HTTP/2 200\r\n\r\n", 0, 14, ("HTTP/1.0", "HTTP/1.1"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)),
                      max_size=3),
       cut=st.one_of(st.none(), st.integers(min_value=0)),
       insert=st.one_of(st.none(), st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=40))))
def test_random_damage_same_as_warcio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flips, cut,
                                      insert) -> None:
    data = bytearray(mb.build(6)[0])
    for pos, mask in flips:
        data[pos % len(data)] ^= mask
    if insert is not None:
        at = insert[0] % len(data)
        data[at:at] = insert[1]
    if cut is not None:
        data = data[: cut % len(data)]
    path = tmp_path / "fuzz.warc.gz"
    path.write_bytes(bytes(data))
    fast, slow = both(path, monkeypatch)
    assert fast == slow


def test_copied_warcio_constants_are_warcios() -> None:
    from warcio.recordloader import ArcWarcRecordLoader as L

    import corpus.warc_fast as wf

    assert wf._WARC_TYPES == tuple(L.WARC_TYPES) and wf._HTTP_TYPES == tuple(L.HTTP_TYPES)
    assert wf._HTTP_VERBS == tuple(L.HTTP_VERBS) and wf._HTTP_RECORDS == tuple(L.HTTP_RECORDS)
    assert wf._HTTP_SCHEMES == tuple(L.HTTP_SCHEMES)


def test_plain_files_are_read_without_importing_warcio(tmp_path: Path) -> None:
    import subprocess
    import sys

    plain, damaged = tmp_path / "ok.warc.gz", tmp_path / "bad.warc.gz"
    data = mb.build(3)[0]
    plain.write_bytes(data)
    damaged.write_bytes(data[:-40])  # cut inside the last member: the warcio path takes over
    code = ("import sys; from collections import Counter; from corpus.warc_reader import iter_responses; "
            "n = len(list(iter_responses(sys.argv[1], Counter()))); print(n, 'warcio' in sys.modules)")
    repo = Path(__file__).resolve().parent.parent
    out = [subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, check=True,
                          cwd=repo).stdout.split() for p in (plain, damaged)]
    assert out == [["3", "False"], ["2", "True"]]


HEADER_LINES = st.sampled_from([
    b"HTTP/1.1 200 OK\r\n", b"http/1.0 404  Not Found \n", b"WARC/1.0\r\n", b"HTTP/2 200\r\n",
    b"Content-Type: text/html\r\n", b"A:1\n", b"B :  two \r\n", b"  more\r\n", b"\tmore\n", b"no colon\r\n",
    b"C: caf\xc3\xa9\r\n", b"D: caf\xe9\r\n", b"E:\r\n", b":\r\n", b" \r\n", b"\t\n", b"\x0c\r\n", b"\r\n",
    b"\n", b"\r\r\n", b"F: x\ry\r\n", b"G: \xe2\x80\xa8\r\n", b"H: \x85\r\n",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(HEADER_LINES, max_size=12), st.sampled_from([b"", b"\r\n", b"\n", b"\r\nbody", b"\nx\n\n"]))
def test_parse_headers_matches_warcio_on_random_blocks(lines, tail) -> None:
    from warcio.statusandheaders import StatusAndHeadersParser

    block = b"".join(lines) + tail
    for prefixes in (("HTTP/1.0", "HTTP/1.1"), ("WARC/1.0",)):
        stream = io.BytesIO(block)
        try:
            theirs = StatusAndHeadersParser(list(prefixes)).parse(stream)
        except Exception:
            with pytest.raises(NotPlain):
                parse_headers(block, 0, len(block), prefixes)
            continue
        ours = parse_headers(block, 0, len(block), prefixes)
        assert (ours.protocol, ours.statusline, ours.headers) == \
            (theirs.protocol, theirs.statusline, theirs.headers)
        assert ours.size == stream.tell()


@pytest.mark.parametrize("size", [16_380, 16_381, 16_382, 16_383, 16_384, 40_000])
@pytest.mark.parametrize("blank", [b"\r\n", b"\n"])
def test_header_blocks_longer_than_the_search_window(size: int, blank: bytes) -> None:
    from warcio.statusandheaders import StatusAndHeadersParser

    head = b"HTTP/1.1 200 OK\r\nX: "
    block = head + b"v" * (size - len(head)) + b"\n" + blank + b"body\n\nmore\r\n\r\n"
    ours = parse_headers(block, 0, len(block), ("HTTP/1.1",))
    stream = io.BytesIO(block)
    theirs = StatusAndHeadersParser(["HTTP/1.1"]).parse(stream)
    assert ours.headers == theirs.headers and len(ours.headers[0][1]) == size - len(head)
    assert ours.size == stream.tell() == size + 1 + len(blank)

"""Fault suite, fuzzing (hypothesis): the WARC reader over mutated files (bit flips, truncations,
inserted garbage) never raises, never yields damaged content as a page, and accounts for every record:
each one is read, or lost to damage that a ``read/skipped/...`` counter reports.

The cleaners' properties (any Unicode in, no exception, output paragraphs a subset of the input's) are
in tests/test_clean_props.py; here: the whole page path (decode -> lxml -> trafilatura -> cleaners) on
arbitrary bytes.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.extract import ExtractOptions, Extractor
from corpus.warc_reader import ReadOptions, iter_responses

DATA = Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("make_broken", DATA / "make_broken.py")
mb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mb)

N = 6
GZ, GZ_OFFSETS = mb.build(N)
PLAIN, PLAIN_OFFSETS = mb.build(N, gz=False)
ORIGINAL = {f"http://broken.test/a{i}": mb.page(i) for i in range(N)}
DAMAGE = tuple(f"read/skipped/{r}" for r in ("corrupt", "truncated", "bad_http", "bad_encoding", "not_html",
                                              "too_large", "status/", "unsupported_encoding", "record/"))

mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(0, 7)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("zero"), st.integers(0, 10**9), st.integers(1, 256)),
)


def mutate(data: bytes, ops: list[tuple], cut: int | None) -> bytes:
    buf = bytearray(data)
    for op in ops:
        pos = op[1] % max(1, len(buf))
        if op[0] == "flip":
            buf[pos] ^= 1 << op[2]
        elif op[0] == "insert":
            buf[pos:pos] = op[2]
        else:
            buf[pos:pos + op[2]] = bytes(min(op[2], len(buf) - pos))
    if cut is not None:
        del buf[cut % (len(buf) + 1):]
    return bytes(buf)


def read_all(path: Path) -> tuple[list, Counter[str]]:
    stats: Counter[str] = Counter()
    return list(iter_responses(path, stats, ReadOptions(max_payload_bytes=1_000_000))), stats


def damage_count(stats: Counter[str]) -> int:
    return sum(v for k, v in stats.items() if k.startswith(DAMAGE))


def members(data: bytes, offsets: list[int]) -> list[bytes]:
    return [data[a:b] for a, b in zip(offsets, [*offsets[1:], len(data)], strict=True)]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(mutation, max_size=4), cut=st.none() | st.integers(0, 10**9))
def test_mutated_gzip_warc_loses_only_damaged_records(tmp_path: Path, ops, cut) -> None:
    damaged = mutate(GZ, ops, cut)
    path = tmp_path / "m.warc.gz"
    path.write_bytes(damaged)
    docs, stats = read_all(path)  # never raises
    read = {d.uri: d.payload for d in docs}
    assert len(read) == len(docs) == stats["read/responses"]
    for uri, payload in read.items():  # gzip CRCs: damaged content never passes as a page
        assert ORIGINAL.get(uri) == payload, uri
    for i, member in enumerate(members(GZ, GZ_OFFSETS)):  # every record still whole in the file is read
        if member in damaged:
            assert f"http://broken.test/a{i}" in read, (i, dict(stats))
    clean_prefix = any(damaged == GZ[:b] for b in [0, GZ_OFFSETS[0], *GZ_OFFSETS[1:], len(GZ)])
    if len(read) < N and not clean_prefix:  # a record was lost to damage: a counter says so
        assert damage_count(stats) >= 1, dict(stats)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(mutation, max_size=4), cut=st.none() | st.integers(0, 10**9))
def test_mutated_plain_warc_never_raises(tmp_path: Path, ops, cut) -> None:
    damaged = mutate(PLAIN, ops, cut)
    path = tmp_path / "m.warc"
    path.write_bytes(damaged)
    docs, stats = read_all(path)  # never raises
    assert stats["read/responses"] == len(docs)
    whole = [i for i, m in enumerate(members(PLAIN, PLAIN_OFFSETS)) if m in damaged]
    got = {d.uri for d in docs}
    if len(got & set(ORIGINAL)) < len(whole):  # no checksum here: a damaged neighbour may swallow one
        assert damage_count(stats) + stats["read/resync"] >= 1, dict(stats)


EXTRACTOR = Extractor(ExtractOptions(min_chars=0))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=3000),
                 st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.lists(st.sampled_from(["<p>", "</p>", "<div>", "<script>", "\x00", "é", "<!--", "-->",
                                           "<meta charset='utf-16'>", "<![CDATA[", "&#0;", "&#xD800;",
                                           "word ", "<html>", "<?xml version='1.0'?>", "\ufeff"]),
                          max_size=300).map(lambda xs: "".join(xs).encode("utf-8", "surrogatepass"))))
def test_any_bytes_through_the_page_path_give_an_outcome(page: bytes) -> None:
    out = EXTRACTOR.extract(page, "https://fuzz.test/p")
    assert out.reason in ("ok", "no_text", "too_short", "unparsable", "noindex") or out.reason.startswith(
        "error/"), out.reason
    assert not out.reason.startswith("error/"), out.reason  # no library crash on any input
    if out.doc is not None and out.doc.text:
        assert "\x00" not in out.doc.text
        lines = {ln.strip() for ln in out.doc.text.split("\n")}  # the cleaners strip line ends
        assert lines <= {ln.strip() for ln in out.doc.extracted_text.split("\n")}

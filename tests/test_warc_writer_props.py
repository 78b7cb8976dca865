"""Properties of the WARC writer and crash recovery, over generated exchanges and cut points."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator

from crawler.warc.reader import iter_records
from crawler.warc.records import HttpExchange, RecordFactory, exchange_records
from crawler.warc.recovery import recover_directory
from crawler.warc.writer import WarcWriter, WriterOptions

header_value = st.binary(min_size=0, max_size=30).map(
    lambda b: bytes(c for c in b if c not in b"\r\n") or b"x"
)
exchanges = st.lists(
    st.tuples(st.binary(max_size=3000), st.lists(header_value, max_size=4), st.integers(100, 599)),
    min_size=1,
    max_size=6,
)


def write(directory: Path, items: list[tuple[bytes, list[bytes], int]]) -> Path:
    w = WarcWriter(WriterOptions(directory, prefix="p", hostname="h", factory=RecordFactory()))
    for i, (body, values, status) in enumerate(items):
        head = b"HTTP/1.1 %d Reason %d\r\n" % (status, i) + b"".join(b"X-H: " + v + b"\r\n" for v in values)
        ex = HttpExchange(
            f"http://example.org/{i}",
            b"GET /%d HTTP/1.1\r\nHost: example.org\r\n\r\n" % i,
            b"",
            head + b"\r\n",
            body,
        )
        w.write_group(lambda wid, ex=ex: exchange_records(ex, w.options.factory, wid))
    assert w.current_path is not None
    return w.current_path


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=exchanges)
def test_payloads_and_headers_round_trip_through_warcio(items: list[tuple[bytes, list[bytes], int]]) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = write(Path(d), items)
        with open(path, "rb") as f:
            got = [
                (r.raw_stream.read(), [v for k, v in r.http_headers.headers if k == "X-H"], r.http_headers)
                for r in ArchiveIterator(f)
                if r.rec_type == "response"
            ]
        assert [g[0] for g in got] == [body for body, _, _ in items]
        assert [g[2].get_statuscode() for g in got] == [str(s) for _, _, s in items]
        assert [len(g[1]) for g in got] == [len(v) for _, v, _ in items]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=exchanges, cut=st.floats(0.0, 1.0))
def test_recovery_keeps_exactly_the_whole_records_before_a_cut(items: list, cut: float) -> None:
    with tempfile.TemporaryDirectory() as d:
        live, crashed = Path(d) / "live", Path(d) / "crashed"
        path = write(live, items)
        data = path.read_bytes()
        whole = [(off, ln, r.record_id) for off, ln, r in iter_records(path)]
        n = int(len(data) * cut)
        crashed.mkdir()
        (crashed / path.name).write_bytes(data[:n])
        [rec] = recover_directory(crashed)
        kept = [(off, ln, r.record_id) for off, ln, r in iter_records(rec.path)]
        assert kept == [w for w in whole if w[0] + w[1] <= n]
        assert rec.path.stat().st_size == (kept[-1][0] + kept[-1][1] if kept else 0)
        shutil.rmtree(crashed)

"""The archive middleware's writer thread (``crawler.archive_worker.SerialWorker``) and the download
handler's request-head recording: jobs run off the calling thread in submission order, outcomes come
back only through the reactor hook (batched), errors reach the submitter, ``close`` drains, a full queue
blocks the submitter; the head recorded is exactly the head written to the transport; a crawl written by
the thread is byte-identical to one written inline (``WARC_WRITER_THREAD = False``)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from twisted.internet.testing import StringTransport
from twisted.web._newclient import Request as TxRequest
from twisted.web.client import FileBodyProducer
from twisted.web.http_headers import Headers

from crawler.archive_worker import SerialWorker
from crawler.download import _record_head
from crawler.runner import CrawlConfig, subprocess_args
from tests.fixtureweb import FixtureWeb
from tests.recordids import FACTORY_PATH


class FakeReactor:
    """Collects what the worker schedules; the test thread plays the reactor by pumping it."""

    def __init__(self) -> None:
        self.calls: list[Any] = []
        self.lock = threading.Lock()

    def call(self, f: Any) -> None:
        with self.lock:
            self.calls.append(f)

    def pump(self) -> int:
        with self.lock:
            calls, self.calls = self.calls, []
        for f in calls:
            f()
        return len(calls)


def _results(ds: list[Any]) -> list[Any]:
    out: list[Any] = []
    for d in ds:
        d.addCallbacks(out.append, lambda f: out.append(("error", f.value)))
    return out


def _wait(pred: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_jobs_run_in_order_off_thread_and_come_back_only_through_the_reactor() -> None:
    reactor, seen = FakeReactor(), []
    caller = threading.get_ident()

    def run(job: int) -> int:
        seen.append((job, threading.get_ident() != caller))
        return job * 10

    worker = SerialWorker(run, reactor.call)
    ds = [worker.submit(i) for i in range(50)]
    out = _results(ds)
    _wait(lambda: len(seen) == 50)
    assert seen == [(i, True) for i in range(50)]  # submission order, never on the caller's thread
    assert out == []  # nothing fires until the reactor runs the delivery
    _wait(lambda: reactor.calls)
    while len(out) < 50:
        reactor.pump()
        time.sleep(0.001)
    assert out == [i * 10 for i in range(50)]
    worker.close()


def test_outcomes_finished_while_the_reactor_is_busy_are_delivered_in_one_batch() -> None:
    reactor, gate = FakeReactor(), threading.Event()
    worker = SerialWorker(lambda job: gate.wait() and job, reactor.call)
    ds = [worker.submit(i) for i in range(20)]
    out = _results(ds)
    gate.set()
    _wait(lambda: worker._jobs.empty() and len(worker._done) == 20)
    assert len(reactor.calls) == 1  # one wake-up for the 20 outcomes
    assert reactor.pump() == 1 and out == list(range(20))
    worker.close()


def test_an_error_reaches_its_submitter_and_later_jobs_still_run() -> None:
    reactor = FakeReactor()

    def run(job: int) -> int:
        if job == 1:
            raise OSError(28, "No space left on device")
        return job

    worker = SerialWorker(run, reactor.call)
    out = _results([worker.submit(i) for i in range(3)])
    worker.close()  # drains, joins and delivers on this thread
    assert out[0] == 0 and out[2] == 2
    kind, err = out[1]
    assert kind == "error" and isinstance(err, OSError) and err.errno == 28


def test_on_success_runs_for_every_written_job_even_if_its_consumer_cancelled() -> None:
    reactor, gate, counted = FakeReactor(), threading.Event(), []
    worker = SerialWorker(lambda job: gate.wait() and job, reactor.call, on_success=counted.append)
    ds = [worker.submit(i) for i in range(4)]
    out = _results(ds)
    ds[1].cancel()  # e.g. the crawl shut down while this response waited for its write
    assert out == [("error", out[0][1])] and type(out[0][1]).__name__ == "CancelledError"
    gate.set()
    worker.close()
    assert counted == [0, 1, 2, 3]  # the cancelled job was still written, so it is still counted
    assert out[1:] == [0, 2, 3]  # the others fire normally; the late result of the cancelled one is dropped


def test_close_runs_every_queued_job_and_refuses_new_ones() -> None:
    reactor, done = FakeReactor(), []
    worker = SerialWorker(lambda job: time.sleep(0.002) or done.append(job) or job, reactor.call)
    out = _results([worker.submit(i) for i in range(30)])
    worker.close()
    assert done == list(range(30)) and out == list(range(30))
    assert not worker._thread.is_alive()
    with pytest.raises(RuntimeError):
        worker.submit(99)
    worker.close()  # idempotent


def test_a_full_queue_blocks_the_submitter_until_the_writer_catches_up() -> None:
    reactor, gate = FakeReactor(), threading.Event()
    worker = SerialWorker(lambda job: gate.wait() and job, reactor.call, maxsize=2)
    worker.submit(0)  # taken by the thread, which then waits on the gate
    _wait(lambda: worker._jobs.empty())
    worker.submit(1)
    worker.submit(2)  # queue now full
    submitted = threading.Event()
    t = threading.Thread(target=lambda: (worker.submit(3), submitted.set()))
    t.start()
    assert not submitted.wait(0.3)  # blocked: backpressure
    gate.set()
    assert submitted.wait(10)
    t.join()
    worker.close()


def _wire(req: TxRequest) -> tuple[bytes, list[bytes]]:
    heads: list[bytes] = []
    _record_head(req, heads)
    transport = StringTransport()
    req.writeTo(transport)
    assert "_writeHeaders" not in vars(req)  # the per-request hook removed itself
    return transport.value(), heads


def test_recorded_request_head_is_exactly_what_twisted_wrote() -> None:
    headers = Headers({b"Host": [b"news.test"], b"User-Agent": [b"ua/1"], b"Accept": [b"a", b"b"]})
    wire, heads = _wire(TxRequest(b"GET", b"/p?q=1", headers, None, persistent=False))
    assert len(heads) == 1 and heads[0] == wire
    assert heads[0].startswith(b"GET /p?q=1 HTTP/1.1\r\nConnection: close\r\n")
    assert heads[0].endswith(b"\r\n\r\n") and heads[0].count(b"Accept: ") == 2


def test_recorded_request_head_of_a_post_stops_before_the_body() -> None:
    import io

    body = b"x=1&y=2"
    headers = Headers({b"Host": [b"news.test"]})
    wire, heads = _wire(TxRequest(b"POST", b"/form", headers, FileBodyProducer(io.BytesIO(body)), True))
    assert len(heads) == 1 and wire.startswith(heads[0])
    assert b"Content-Length: 7\r\n" in heads[0] and heads[0].endswith(b"\r\n\r\n")


# -- the archive middleware: writer thread vs inline writing, byte for byte --------------------------
def _config(web: FixtureWeb, tmp: Path, mode: dict[str, bool]) -> CrawlConfig:
    settings = {**web.crawl_settings(), "CONCURRENT_REQUESTS": 1, "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
                "WARC_RECORD_FACTORY": FACTORY_PATH, "WARC_MAX_SIZE": 8_000, **mode}
    tmp.mkdir(exist_ok=True)
    # the feed sites: the server keeps no per-client state for them (unlike nato's 503-once page), so
    # the two crawls can run at the same time against one server and still see the same answers
    sources = web.write_sources(tmp / "sources.toml")
    return CrawlConfig(sources, tmp / "w", source_names=("actu-fr", "wire-en"), settings=settings)


def _crawl_together(configs: list[CrawlConfig]) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    procs = [subprocess.Popen(subprocess_args(c), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env) for c in configs]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-2000:] for _, err in outs]
    return [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]


def _outputs(cfg: CrawlConfig, summaries: list[dict]) -> dict[str, bytes]:
    out = {f.name: f.read_bytes() for f in sorted(cfg.warc_dir.iterdir()) if ".warc" in f.name or
           f.suffix == ".cdxj"}
    db = sqlite3.connect(cfg.resolved_state_path)
    out["urls"] = repr(db.execute("SELECT * FROM urls ORDER BY url").fetchall()).encode()
    out["lastmods"] = repr(db.execute("SELECT * FROM lastmods ORDER BY url").fetchall()).encode()
    db.close()
    for i, s in enumerate(summaries):
        out[f"summary{i}"] = json.dumps({**s, "warc_files": [Path(p).name for p in s["warc_files"]]}).encode()
    return out


@pytest.mark.slow
def test_writer_thread_and_process_write_the_same_bytes_as_inline_writing(
    fixture_web: FixtureWeb, tmp_path: Path
) -> None:
    """A first crawl and an unchanged re-crawl (304 and identical-payload revisits), written inline, by the
    thread and by the writer process (the default): every WARC and CDXJ file, the state rows and the
    summaries are identical."""
    modes = {
        "inline": {"WARC_WRITER_THREAD": False, "WARC_WRITER_PROCESS": False},
        "thread": {"WARC_WRITER_THREAD": True, "WARC_WRITER_PROCESS": False},
        "process": {"WARC_WRITER_THREAD": False, "WARC_WRITER_PROCESS": True},
    }
    configs = [_config(fixture_web, tmp_path / name, mode) for name, mode in modes.items()]
    first = _crawl_together(configs)
    again = _crawl_together(configs)
    inline, *others = (_outputs(c, [a, b]) for c, a, b in zip(configs, first, again, strict=True))
    assert sum(name.endswith(".warc.gz") for name in inline) >= 4  # files rotated
    assert again[0]["revisits"] >= 5 and again[0]["pages"] >= 5  # the re-crawl wrote revisit records
    for other in others:
        assert sorted(other) == sorted(inline)
        assert [k for k in inline if other[k] != inline[k]] == []

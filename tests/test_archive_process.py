"""The WARC writer process (``WARC_WRITER_PROCESS``, ``crawler.writer_process`` / ``crawler.writer_client``):
its frames, the child writing the same bytes and rows as ``Archiver.store`` run in-process, a dead child
stopping the crawl cleanly (nothing marked archived), and the child dying with a SIGKILLed crawler."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.archiving import Archiver, Capture
from crawler.state import CrawlState
from crawler.warc.records import HttpExchange
from crawler.warc.writer import WarcWriter, WriterOptions
from crawler.writer_process import (
    CLOSED,
    OK,
    WriterConfig,
    capture_from,
    exchange_message,
    frame,
    split_frames,
)
from tests.recordids import FACTORY_PATH, fixed_factory

REPO = Path(__file__).resolve().parent.parent


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def test_frames_survive_any_cut_of_the_stream() -> None:
    objs = [("store", "u", b"x" * n, None, {"k": "v"}, n) for n in (0, 1, 3, 4, 5, 300, 70_000)]
    stream = b"".join(frame(o) for o in objs)
    for step in (1, 3, 4, 7, 1000, len(stream)):
        buf, got = bytearray(), []
        for i in range(0, len(stream), step):
            buf += stream[i : i + step]
            got += list(split_frames(buf))
        assert got == objs and buf == b""


def _exchanges() -> list[Capture]:
    """Pages, a page with the payload of another (identical-payload revisit), a 304 after a capture
    (server-not-modified revisit), an error page and a truncated one."""
    caps = []
    bodies = [b"<html>page %d " % i + b"text " * (50 * i) + b"</html>" for i in range(6)]
    for i, body in enumerate([*bodies, bodies[2]]):
        url = f"http://news.test/a/{i}.html"
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nETag: \"e%d\"\r\n\r\n" % i
        ex = HttpExchange(url, b"GET /a HTTP/1.1\r\nHost: news.test\r\n\r\n", b"", head, body,
                          "127.0.0.1", None, {}, 200, "text/html")
        caps.append(Capture(ex, 200, [(b"etag", b'"e%d"' % i)], f"2024-05-0{1 + i % 9}"))
    not_modified = HttpExchange("http://news.test/a/1.html", b"GET /a/1 HTTP/1.1\r\n\r\n", b"",
                                b"HTTP/1.1 304 Not Modified\r\n\r\n", b"", None, None, {}, 304, "")
    caps.append(Capture(not_modified, 304, [], None))
    error = HttpExchange("http://news.test/gone", b"GET /gone HTTP/1.1\r\n\r\n", b"",
                         b"HTTP/1.1 404 Not Found\r\n\r\n", b"no", None, None, {}, 404, "")
    caps.append(Capture(error, 404, [], None))
    cut = HttpExchange("http://news.test/cut", b"GET /cut HTTP/1.1\r\n\r\n", b"",
                       b"HTTP/1.1 200 OK\r\n\r\n", b"half", None, "disconnect", {}, 200, "")
    caps.append(Capture(cut, 200, [], None))
    return caps


class _Stats(Counter):
    def inc_value(self, key: str, n: int = 1) -> None:
        self[key] += n


def _writer_options(directory: Path) -> WriterOptions:
    return WriterOptions(directory, max_size=1_200, hostname="h", warcinfo={"isPartOf": "t", "run-id": "1"})


def _inline(directory: Path, caps: list[Capture]) -> list[tuple]:
    state = CrawlState(directory / "state.sqlite")
    run = state.begin_run("job")
    factory = fixed_factory()
    writer = WarcWriter(replace(_writer_options(directory), factory=factory), before_close=state.commit)
    archiver = Archiver(writer, state, run.id, factory, _Stats())
    rows = [tuple(archiver.store(c).row) for c in caps]
    writer.close()
    state.close()
    return rows


def _child_answers(directory: Path, caps: list[Capture], factory_path: str = "") -> list[tuple]:
    """Run the writer child on ``caps`` (then a close) over a fresh state in ``directory``; its answers."""
    directory.mkdir(parents=True, exist_ok=True)
    state = CrawlState(directory / "state.sqlite")
    run = state.begin_run("job")
    state.close()
    config = WriterConfig(_writer_options(directory), directory / "state.sqlite", run.id, factory_path)
    msgs = [config, *(exchange_message(c) for c in caps), ("close",)]
    proc = subprocess.run([sys.executable, "-m", "crawler.writer_process"], input=b"".join(map(frame, msgs)),
                          capture_output=True, env=_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return list(split_frames(bytearray(proc.stdout)))


def _through_child(directory: Path, caps: list[Capture]) -> tuple[list[tuple], list[tuple]]:
    answers = _child_answers(directory, caps, FACTORY_PATH)
    assert [a[0] for a in answers] == [OK] * len(caps) + [CLOSED]
    return [a[1] for a in answers[:-1]], answers


def _files(directory: Path) -> dict[str, bytes]:
    out = {f.name: f.read_bytes() for f in sorted(directory.iterdir()) if ".warc" in f.name or
           f.suffix == ".cdxj"}
    db = sqlite3.connect(directory / "state.sqlite")
    out["urls"] = repr(db.execute("SELECT * FROM urls ORDER BY url").fetchall()).encode()
    out["lastmods"] = repr(db.execute("SELECT * FROM lastmods ORDER BY url").fetchall()).encode()
    db.close()
    return out


def test_the_child_writes_the_bytes_and_rows_the_inline_archiver_writes(tmp_path: Path) -> None:
    caps = _exchanges()
    inline_rows = _inline(tmp_path / "inline", caps)
    child_rows, answers = _through_child(tmp_path / "child", caps)
    assert child_rows == inline_rows
    profiles = [a[4] for a in answers[:-1]]
    assert profiles.count("identical-payload-digest") == 1 and profiles.count("server-not-modified") == 1
    inline, child = _files(tmp_path / "inline"), _files(tmp_path / "child")
    assert sum(n.endswith(".warc.gz") for n in inline) >= 3  # files rotated (small WARC_MAX_SIZE)
    assert sorted(child) == sorted(inline)
    assert [k for k in inline if child[k] != inline[k]] == []
    closed, cpu = answers[-1][1], answers[-1][2]
    assert sorted(Path(p).name for p in closed) == sorted(n for n in inline if n.endswith(".warc.gz"))
    assert cpu > 0


def test_a_capture_crosses_the_pipe_unchanged() -> None:
    for cap in _exchanges():
        assert capture_from(exchange_message(cap)) == cap._replace(pin=None)


def test_a_failed_store_is_answered_and_later_exchanges_still_written(tmp_path: Path) -> None:
    caps = _exchanges()[:3]
    bad = caps[1]._replace(exchange=HttpExchange("http://news.test/x", b"", b"", b"", b"", None, None,
                                                 {"X-Bad": "line\r\nbreak"}))  # a header value with CRLF
    answers = _child_answers(tmp_path, [caps[0], bad, caps[2]])
    assert [a[0] for a in answers] == [OK, 1, OK, CLOSED]
    assert isinstance(answers[1][1], ValueError) and "line break" in str(answers[1][1])
    db = sqlite3.connect(tmp_path / "state.sqlite")
    urls = [u for (u,) in db.execute("SELECT url FROM urls ORDER BY url")]
    assert urls == sorted([caps[0].exchange.url, caps[2].exchange.url])  # nothing saved for the bad one


def _crawl_args(web, tmp: Path, settings: dict) -> tuple[list[str], Path]:  # noqa: ANN001
    from crawler.runner import CrawlConfig, subprocess_args

    cfg = CrawlConfig(web.write_sources(tmp / "sources.toml"), tmp / "w",
                      settings={**web.crawl_settings(), "LOG_LEVEL": "ERROR", **settings})
    return subprocess_args(cfg), cfg.resolved_state_path


@pytest.mark.slow
def test_a_dead_writer_stops_the_crawl_and_nothing_is_marked_archived(fixture_web, tmp_path: Path) -> None:  # noqa: ANN001
    dead = [sys.executable, "-c", "import sys; sys.stdin.buffer.read(10); sys.exit(3)"]
    args, state = _crawl_args(fixture_web, tmp_path, {"WARC_WRITER_PROCESS_COMMAND": dead})
    proc = subprocess.run(args, capture_output=True, text=True, env=_env(), timeout=120)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "WARC writer process exited" in proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["finish_reason"] == "warc_write_failed"
    db = sqlite3.connect(state)
    assert db.execute("SELECT COUNT(*) FROM urls").fetchone()[0] == 0


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_the_writer_dies_with_a_sigkilled_crawler(fixture_web, tmp_path: Path) -> None:  # noqa: ANN001
    slow = {"DOWNLOAD_DELAY": 0.5, "CONCURRENT_REQUESTS_PER_DOMAIN": 1}
    args, _ = _crawl_args(fixture_web, tmp_path, slow)
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    try:
        deadline = time.monotonic() + 60
        while not (kids := _children(proc.pid)) and time.monotonic() < deadline:
            assert proc.poll() is None
            time.sleep(0.05)
        assert kids, "no writer process started"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{k}").exists() and "zombie" not in _status(k) for k in kids):
            assert time.monotonic() < deadline, "the writer outlived the crawler"
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()


def _status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "gone"


def test_the_writer_process_imports_neither_scrapy_nor_twisted() -> None:
    code = "import sys, crawler.writer_process; print(sorted({m.split('.')[0] for m in sys.modules}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=60)
    loaded = json.loads(out.stdout.replace("'", '"'))
    assert "crawler" in loaded and "scrapy" not in loaded and "twisted" not in loaded


# -- reactor side: answers, rows the child saved, the pipe --------------------------------------------
def _answer(url: str, commits: int) -> bytes:
    from crawler.state import UrlRow

    row = UrlRow(url, 200, None, None, "sha1:X", "d", 1, "response", url, "<id>", "d", "f.warc.gz", 0)
    written = [("f.warc.gz", 0, 10, "<id>", "d", "response")]
    return frame((OK, tuple(row), written, 5, "", commits))


def test_answers_fire_in_order_and_rows_stay_readable_until_the_child_commits() -> None:
    from crawler.writer_client import WriterProcess

    counted: list[str] = []
    proto = WriterProcess(None, on_success=lambda stored: counted.append(stored.row.url))  # type: ignore[arg-type]
    proto.pipe = type("P", (), {"write": lambda self, data: None})()
    ds = [proto.submit(cap) for cap in _exchanges()[:3]]
    results: list[str] = []
    for d in ds:
        d.addCallback(lambda stored: results.append(stored.row.url))
    stream = _answer("http://a/1", 0) + _answer("http://a/2", 0) + _answer("http://a/3", 1)
    proto.childDataReceived(1, stream[:7])  # a frame cut anywhere waits for its end
    assert results == [] and proto.row("http://a/1") == (False, None)
    proto.childDataReceived(1, stream[7:])
    assert results == counted == ["http://a/1", "http://a/2", "http://a/3"]
    assert proto.commits == 1
    # rows saved before the child's latest commit are the database's to answer; the last one is not yet
    assert proto.row("http://a/1") == (False, None) and proto.row("http://a/2") == (False, None)
    found, row = proto.row("http://a/3")
    assert found and row is not None and row.url == "http://a/3"


class _FakeReactor:
    def __init__(self) -> None:
        self.writers: list = []
        self.later: list = []

    def addWriter(self, w) -> None:  # noqa: ANN001, N802
        self.writers.append(w)

    def removeWriter(self, w) -> None:  # noqa: ANN001, N802
        self.writers.remove(w)

    def callLater(self, delay: float, f, *args) -> None:  # noqa: ANN001, N802
        self.later.append((f, args))

    def run_later(self) -> None:
        later, self.later = self.later, []
        for f, args in later:
            f(*args)


def test_the_pipe_keeps_the_order_when_the_child_reads_slower_than_the_reactor_writes() -> None:
    from crawler.writer_client import _Pipe

    read_end, write_end = os.pipe()
    reactor = _FakeReactor()
    pipe = _Pipe(write_end, reactor)
    chunks = [bytes([i % 251]) * 30_000 for i in range(12)]  # more than a pipe buffer (64 KB)
    got = bytearray()
    try:
        for c in chunks:
            pipe.write(c)
            reactor.run_later()  # the end of the reactor turn: the frames go out
        assert reactor.writers == [pipe]  # the pipe filled up: the rest waits for it to drain
        os.set_blocking(read_end, False)
        while len(got) < sum(map(len, chunks)):
            try:
                got += os.read(read_end, 1 << 16)
            except BlockingIOError:
                assert reactor.writers, "bytes missing and nothing left to write"
                pipe.doWrite()
        assert bytes(got) == b"".join(chunks)
        assert reactor.writers == []
    finally:
        pipe.close()
        os.close(read_end)

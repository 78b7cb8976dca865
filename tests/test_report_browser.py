"""The HTML report in a real headless Chromium: it loads without console errors or any network request,
the per-document view shows a removed cookie banner labelled with its stage, hostile text stays text.

Chromium is driven over the DevTools protocol through ``--remote-debugging-pipe`` (NUL-separated JSON on
file descriptors 3 and 4), so no port, no websocket library and no Playwright are needed. CI installs
Debian's ``chromium``; without it this test fails, unless ``CORPUS_SKIP_BROWSER=1`` is set.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-pipe",
)  # fmt: skip
LOGGED = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")


class DevTools:
    """A minimal DevTools-protocol client over Chromium's debugging pipe."""

    def __init__(self, binary: str, profile: Path, log: Path) -> None:
        commands_r, commands_w = os.pipe()
        events_r, events_w = os.pipe()

        def child_fds() -> None:  # the protocol reads commands on fd 3 and writes on fd 4
            a = fcntl.fcntl(commands_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(events_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        with log.open("wb") as stderr:
            self.proc = subprocess.Popen(
                [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr, close_fds=False, preexec_fn=child_fds,
            )  # fmt: skip
        os.close(commands_r)
        os.close(events_w)
        self.writer = os.fdopen(commands_w, "wb", buffering=0)
        self.reader = os.fdopen(events_r, "rb", buffering=0)
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self.last_id = 0
        self.session: str | None = None
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while chunk := self.reader.read(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for message in messages:
                self.inbox.put(json.loads(message))
        self.inbox.put(None)

    def _next(self, deadline: float) -> dict[str, Any]:
        message = self.inbox.get(timeout=max(0.01, deadline - time.monotonic()))
        if message is None:
            raise RuntimeError("Chromium closed the DevTools pipe")
        return message

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 20) -> dict[str, Any]:
        self.last_id += 1
        message: dict[str, Any] = {"id": self.last_id, "method": method, "params": params or {}}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        self.writer.write(json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._next(deadline)
            if reply.get("id") == self.last_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 20) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method:
                return event
        deadline = time.monotonic() + timeout
        while True:
            event = self._next(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def attach_page(self) -> None:
        targets = self.send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, queue.Empty):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def chromium_binary() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        return binary
    if os.environ.get("CORPUS_SKIP_BROWSER") == "1":
        pytest.skip("CORPUS_SKIP_BROWSER=1 and no chromium installed")
    pytest.fail("chromium not found: install Debian's chromium package (apt-get install -y chromium)")


def problems(events: list[dict[str, Any]]) -> list[str]:
    """Console errors, uncaught exceptions, error log entries and JavaScript dialogs."""
    out = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            out.append(f"console.{params['type']}: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            out.append(f"exception: {params.get('exceptionDetails')}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            out.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}")
        elif method == "Page.javascriptDialogOpening":
            out.append(f"dialog: {params.get('message')}")
    return out


def removed_records(snapshot: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows = []
    for shard in sorted((snapshot / "data").glob("part-*.parquet")):
        for row in pq.read_table(shard, columns=["id", "removed"]).to_pylist():
            rows += [{"id": row["id"], **rec} for rec in row["removed"] or []]
    return rows


FIND_DELS = """(() => {
  const q = document.getElementById("q");
  q.value = %s;
  q.dispatchEvent(new Event("input"));
  return Array.from(document.querySelectorAll("#doc-list del")).map(d => [
    d.closest("article").id, d.textContent, d.dataset.stage,
    d.nextElementSibling && d.nextElementSibling.className,
    d.nextElementSibling && d.nextElementSibling.textContent]);
})()"""

HOSTILE_VIEW = """(() => {
  const q = document.getElementById("q");
  q.value = %s;
  q.dispatchEvent(new Event("input"));
  const card = document.querySelector("#doc-list article");
  return {title: card.querySelector("h3").textContent, scripts: document.scripts.length,
          images: document.querySelectorAll("img").length,
          jsLinks: Array.from(document.links).filter(a => /^javascript:/i.test(a.href)).length,
          body: card.querySelector(".extracted p").textContent};
})()"""


@pytest.mark.slow
def test_report_in_headless_chromium(tmp_path: Path) -> None:
    binary = chromium_binary()
    snapshot, cookie_text, hostile = build_fixture_snapshot(tmp_path)
    from corpus.report import write_report

    page = write_report(snapshot, tmp_path / "report.html").path
    url = page.resolve().as_uri()
    records = [r for r in removed_records(snapshot) if cookie_text in r["text"]]
    assert records, "the fixture must have a removed cookie banner"
    browser = DevTools(binary, tmp_path / "profile", tmp_path / "chromium.log")
    try:
        browser.attach_page()
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})  # fmt: skip
        browser.send("Page.navigate", {"url": url})
        browser.wait_for("Page.loadEventFired")
        assert browser.evaluate("document.title").startswith("Snapshot report")
        dels = browser.evaluate(FIND_DELS % json.dumps(cookie_text))
        expected = {(f"doc-{r['id']}", r["text"], r["stage"]) for r in records}
        assert {(d[0], d[1], d[2]) for d in dels if cookie_text in d[1]} == expected
        assert all(d[3] == "stage-label" and d[4] == d[2] for d in dels)
        view = browser.evaluate(HOSTILE_VIEW % json.dumps(hostile["id"]))
        assert view == {
            "title": hostile["title"],
            "scripts": 2,
            "images": 0,
            "jsLinks": 0,
            "body": hostile["text"],
        }
        browser.evaluate(FIND_DELS % json.dumps(cookie_text))
        browser.evaluate("document.querySelector('#documents').scrollIntoView()")
        shot = browser.send("Page.captureScreenshot", {"format": "png"})
        requests = [
            e["params"]["request"]["url"]
            for e in browser.events
            if e["method"] == "Network.requestWillBeSent"
        ]
        errors = problems(browser.events)
    finally:
        browser.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.png").write_bytes(base64.b64decode(shot["data"]))
    assert errors == []
    assert requests == [url]


def build_fixture_snapshot(tmp_path: Path) -> tuple[Path, str, dict[str, str]]:
    """TEMPORARY until corpus.build lands: a pyarrow-written snapshot."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_report import COOKIE, HOSTILE, doc_id, fixture_docs, write_snapshot

    docs, dropped = fixture_docs()
    snap = write_snapshot(tmp_path / "snap", docs, dropped)
    return snap, COOKIE, {"id": doc_id(4), "title": "<script>alert('title')</script>", "text": HOSTILE}

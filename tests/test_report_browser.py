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

from tests.warcgen import Page, words, write_warc

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
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        result = self.send("Runtime.evaluate", params)
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
    """Debian's chromium; a missing browser fails the test (CI installs it) unless CORPUS_SKIP_BROWSER=1."""
    if os.environ.get("CORPUS_SKIP_BROWSER") == "1":
        pytest.skip("CORPUS_SKIP_BROWSER=1: browser test skipped on request")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        pytest.fail("chromium not found: install Debian's chromium package (apt-get install -y chromium)")
    return binary


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


COOKIE_FR = (
    "Nous utilisons des cookies et des traceurs pour mesurer l'audience. Tout accepterTout refuserParamétrer"
)
COOKIE_EN = "We use cookies to improve your experience. Accept all cookies Manage preferences"
HOSTILE_TITLE = "<script>alert('title')</script> Sommet </script>"
HOSTILE_TEXT = "Le texte cite <img src=x onerror=alert(1)> et </script><script>alert(2)</script> tel quel."


def fixture_pages() -> tuple[list[Page], list[Page]]:
    """Two fictional sites: French pages with a consent banner leaking into the article, English pages
    with another banner, a near-duplicate story and a page whose text is hostile markup."""
    fr = [
        Page(url=f"https://journal-a.example/fr/article-{i}", title=f"Réunion des ministres, jour {i}",
             paragraphs=[words(100 + i, 60, "fr"), words(200 + i, 70, "fr"), words(300 + i, 50, "fr")],
             date=f"2024-03-0{i + 1}", lang="fr", chrome=[COOKIE_FR] if i % 2 == 0 else [])
        for i in range(5)
    ]  # fmt: skip
    fr.append(Page(url="https://journal-a.example/fr/hostile", title=HOSTILE_TITLE, lang="fr",
                   paragraphs=[HOSTILE_TEXT, words(600, 60, "fr")], date="2024-03-09"))  # fmt: skip
    en = [
        Page(url=f"https://daily-b.example/en/story-{i}", title=f"Leaders meet, day {i}", lang="en",
             paragraphs=[words(400 + i, 60), words(500 + i, 70)], date=f"2024-03-1{i}", chrome=[COOKIE_EN])
        for i in range(4)
    ]  # fmt: skip
    en.append(Page(url="https://daily-b.example/en/story-copy", title="Leaders meet (updated)", lang="en",
                   paragraphs=[words(400, 60), words(500, 70)], date="2024-03-15"))  # fmt: skip
    return fr, en


BANNER_TEXT = "Votre vie privée compte pour nous : nous et nos 212 partenaires déposons des traceurs."
BANNER_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Le conseil se réunit</title>
<meta property="article:published_time" content="2024-03-20T09:00:00Z"></head><body>
<div id="onetrust-banner-sdk" role="dialog"><p>{banner}</p>
<button>J'accepte</button><button>Je refuse</button></div>
<main><article><h1>Le conseil se réunit</h1>{paragraphs}</article></main>
<footer><p>Journal A, tous droits réservés.</p></footer></body></html>"""


def write_html_warc(path: Path, pages: list[tuple[str, str]]) -> Path:
    """One response record per (url, html), deterministic ids and dates (like tests.warcgen)."""
    import io
    import uuid

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        for i, (url, page) in enumerate(pages):
            body = page.encode("utf-8")
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{path.name}|{url}")
            warc_headers = {"WARC-Record-ID": f"<urn:uuid:{rid}>", "WARC-Date": f"2024-03-20T12:00:{i:02d}Z"}
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict=warc_headers,
            )
            writer.write_record(record)
    return path


def banner_pages() -> list[tuple[str, str]]:
    """Pages whose consent banner is a CMP container outside the article (removed from the DOM)."""
    pages = []
    for i in range(2):
        body = "".join(f"<p>{words(700 + 10 * i + k, 60, 'fr')}</p>" for k in range(3))
        pages.append(
            (
                f"https://journal-a.example/fr/conseil-{i}",
                BANNER_PAGE.format(banner=BANNER_TEXT, paragraphs=body),
            )
        )
    return pages


FIXTURE_PAGES = REPO / "tests" / "fixtureweb" / "pages"


def fixture_web_pages() -> list[tuple[str, str]]:
    """The realistic news pages of tests/fixtureweb/pages (full HTML with consent pop-ups, menus, share
    bars, teasers), one URL per page."""
    pages = sorted(FIXTURE_PAGES.glob("*/*.html"))
    assert pages, f"no fixture pages under {FIXTURE_PAGES}"
    return [(f"https://{p.parent.name}.example/{p.stem}.html", p.read_text(encoding="utf-8")) for p in pages]


@pytest.fixture(scope="module")
def built_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from corpus.build import build_snapshot
    from corpus.config import BuildConfig

    root = tmp_path_factory.mktemp("fixtureweb")
    fr, en = fixture_pages()
    warcs = [write_warc(root / "crawl-00000.warc.gz", fr), write_warc(root / "crawl-00001.warc.gz", en),
             write_html_warc(root / "crawl-00002.warc.gz", banner_pages()),
             write_html_warc(root / "crawl-00003.warc.gz", fixture_web_pages())]  # fmt: skip
    return build_snapshot(warcs, root / "snapshots", BuildConfig()).path


def rows(snapshot: Path, kind: str, columns: list[str]) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    out = []
    for shard in sorted((snapshot / kind).glob("part-*.parquet")):
        out += pq.read_table(shard, columns=columns).to_pylist()
    return out


@pytest.mark.slow
def test_report_of_a_real_build_shows_banners_duplicates_and_provenance(built_snapshot: Path) -> None:
    from corpus.report import gather_report

    data = gather_report(built_snapshot)
    docs = rows(built_snapshot, "data", ["id", "url", "removed", "duplicates", "warc_file", "warc_offset"])
    dropped = rows(built_snapshot, "dropped", ["id", "duplicate_of", "stage"])
    banners = [
        (d["id"], r["stage"]) for d in docs for r in d["removed"] if r["text"] in (COOKIE_FR, COOKIE_EN)
    ]
    assert len(banners) == 3 + 4  # every banner that leaked into an article was removed and recorded
    page_chrome = [(d["id"], r["stage"]) for d in docs for r in d["removed"] if BANNER_TEXT in r["text"]]
    listed = {
        (doc.id, r.stage) for doc in data.documents for r in doc.diff.unlocated if BANNER_TEXT in r.text
    }
    assert len(page_chrome) == 2 and listed == set(page_chrome)  # shown as removed before extraction
    shown = {
        (doc.id, seg.stage)
        for doc in data.documents
        for para in doc.diff.paragraphs
        for seg in para
        if seg.text in (COOKIE_FR, COOKIE_EN)
    }
    assert shown == set(banners)
    near = [d for d in dropped if d["duplicate_of"]]
    assert near and {(c.kept_id, m.key) for c in data.clusters for m in c.members} == {
        (d["duplicate_of"], d["id"]) for d in near
    }
    by_id = {d["id"]: d for d in docs}
    for doc in (d for d in data.documents if d.dropped is None):
        assert (doc.warc_file, doc.warc_offset) == (by_id[doc.id]["warc_file"], by_id[doc.id]["warc_offset"])
    assert all(seg.stage != "unrecorded" for doc in data.documents for p in doc.diff.paragraphs for seg in p)


FIND_DELS = """(() => {
  const q = document.getElementById("q");
  q.value = %s;
  q.dispatchEvent(new Event("input"));
  return Array.from(document.querySelectorAll("#doc-list del")).map(d => [
    d.closest("article").id, d.textContent, d.dataset.stage,
    d.nextElementSibling && d.nextElementSibling.className,
    d.nextElementSibling && d.nextElementSibling.textContent]);
})()"""

DOC_VIEW = """(() => {
  const q = document.getElementById("q");
  q.value = %s;
  q.dispatchEvent(new Event("input"));
  const card = document.querySelector("#doc-list article");
  return {title: card.querySelector("h3").textContent, scripts: document.scripts.length,
          images: document.querySelectorAll("img").length,
          jsLinks: Array.from(document.links).filter(a => /^javascript:/i.test(a.href)).length,
          paragraphs: Array.from(card.querySelectorAll(".kept p")).map(p => p.textContent)};
})()"""


DROPPED_VIEW = """(() => {
  const q = document.getElementById("q");
  q.value = %s;
  q.dispatchEvent(new Event("input"));
  const card = document.querySelector("#doc-list article");
  const link = card.querySelector(".dropped-note a");
  return {cls: card.className, link: link && link.getAttribute("href"),
          stages: Array.from(card.querySelectorAll("del")).map(d => d.dataset.stage),
          struck: Array.from(card.querySelectorAll("del")).map(d => d.textContent)};
})()"""

FOLLOW_LINK = """(() => {
  document.querySelector("#doc-list .dropped-note a").click();
  return new Promise(done => setTimeout(() => done(document.querySelector("#doc-list article").id), 50));
})()"""


def open_page(browser: DevTools, page: Path) -> str:
    url = page.resolve().as_uri()
    browser.send("Page.navigate", {"url": url})
    browser.wait_for("Page.loadEventFired")
    browser.events = [e for e in browser.events if e.get("method") != "Page.loadEventFired"]
    return url


@pytest.mark.slow
def test_report_in_headless_chromium(built_snapshot: Path, tmp_path: Path) -> None:
    from corpus.report import write_report
    from tests.test_report import doc_id, fixture_docs, write_snapshot

    binary = chromium_binary()
    report = write_report(built_snapshot, tmp_path / "report.html").path
    docs, dropped = fixture_docs()  # a hand-written snapshot with a javascript: URL and markup in titles
    hostile_report = write_report(write_snapshot(tmp_path / "snap", docs, dropped), tmp_path / "h.html").path
    kept = rows(built_snapshot, "data", ["id", "url", "title", "text", "removed"])
    banners = {
        (f"doc-{d['id']}", r["text"], r["stage"])
        for d in kept
        for r in d["removed"]
        if r["text"] == COOKIE_FR
    }
    hostile = next(d for d in kept if d["url"].endswith("/hostile"))
    near = next(
        d
        for d in rows(built_snapshot, "dropped", ["url", "stage", "duplicate_of", "text"])
        if d["duplicate_of"]
    )
    dom_banners = {
        (f"doc-{d['id']}", r["stage"]) for d in kept for r in d["removed"] if BANNER_TEXT in r["text"]
    }
    fixture_urls = {url for url, _ in fixture_web_pages()}
    fixture_cookies = {
        d["id"]: {(r["text"], r["stage"]) for r in d["removed"] if "cookie" in r["text"].lower()}
        for d in kept
        if d["url"] in fixture_urls
    }
    assert sum(map(len, fixture_cookies.values())) >= len(fixture_urls) // 2  # most pop-ups were removed
    browser = DevTools(binary, tmp_path / "profile", tmp_path / "chromium.log")
    try:
        browser.attach_page()
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})  # fmt: skip
        urls = [open_page(browser, report)]
        assert browser.evaluate("document.title").startswith("Snapshot report")
        dels = browser.evaluate(FIND_DELS % json.dumps("tout refuser"))
        assert {(d[0], d[1], d[2]) for d in dels if d[1] == COOKIE_FR} == banners and len(banners) == 3
        assert all(d[3] == "stage-label" and d[4] == d[2] for d in dels)
        dels = browser.evaluate(FIND_DELS % json.dumps("conseil-"))  # banner removed from the page's DOM
        assert {(d[0], d[2]) for d in dels if BANNER_TEXT in d[1]} == dom_banners and len(dom_banners) == 2
        for kept_id, records in fixture_cookies.items():  # the realistic fixture pages' consent pop-ups
            shown = {(d[1], d[2]) for d in browser.evaluate(FIND_DELS % json.dumps(kept_id))}
            assert records <= shown, kept_id
        card = browser.evaluate(DROPPED_VIEW % json.dumps(near["url"]))
        assert card["cls"] == "doc dropped" and card["link"] == f"#doc={near['duplicate_of']}"
        assert set(card["stages"]) == {near["stage"]} and "".join(card["struck"]) == near["text"].replace(
            "\n", ""
        )
        assert browser.evaluate(FOLLOW_LINK) == f"doc-{near['duplicate_of']}"  # the link opens the kept copy
        view = browser.evaluate(DOC_VIEW % json.dumps(hostile["id"]))
        assert view == {"title": hostile["title"], "scripts": 2, "images": 0, "jsLinks": 0,
                        "paragraphs": hostile["text"].split("\n")}  # fmt: skip
        assert HOSTILE_TEXT in view["paragraphs"]
        browser.evaluate(FIND_DELS % json.dumps("tout refuser"))
        browser.evaluate("document.querySelector('#documents').scrollIntoView()")
        shot = browser.send("Page.captureScreenshot", {"format": "png"})
        urls.append(open_page(browser, hostile_report))
        view = browser.evaluate(DOC_VIEW % json.dumps(doc_id(4)))
        assert (view["title"], view["scripts"], view["images"]) == (docs[3]["title"], 2, 0)
        assert view["jsLinks"] == 0  # the javascript: URL is shown as text, never as a link
        bad_escape = 'location.hash = "#doc=%E0%A4"; new Promise(done => setTimeout(done, 50))'
        browser.evaluate(bad_escape)  # a malformed link fragment must not throw
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
    assert requests == urls  # the two report files themselves, nothing else

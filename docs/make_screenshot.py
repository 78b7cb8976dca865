"""Regenerate docs/report.png (the README's picture of ``corpus report``).

Run from the repository root with Debian's chromium installed::

    .venv/bin/python docs/make_screenshot.py

It runs the bundled demo (``corpus demo``: crawl of two fictional sites on 127.0.0.1, then build), writes
the report of its snapshot and photographs one document's view in headless Chromium (driven by the test
suite's DevTools-pipe client).
"""

from __future__ import annotations

import base64
import json
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from corpus.demo import DemoOptions, run_demo  # noqa: E402
from corpus.report import write_report  # noqa: E402
from tests.test_report_browser import DevTools  # noqa: E402

DOCUMENT = "cyber-centre"  # a demo article with a consent banner, a share bar, a teaser and a site tagline


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="report-shot-"))
    try:
        snapshot = run_demo(DemoOptions(workdir=work / "demo")).build.path
        report = write_report(snapshot, work / "report.html").path
        browser = DevTools(shutil.which("chromium") or "chromium", work / "profile", work / "chromium.log")
        try:
            browser.attach_page()
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": 1200, "height": 720, "deviceScaleFactor": 1, "mobile": False})  # fmt: skip
            browser.send("Page.navigate", {"url": report.as_uri()})
            browser.wait_for("Page.loadEventFired")
            query = json.dumps(DOCUMENT)
            browser.evaluate(
                f"(() => {{ const q = document.getElementById('q'); q.value = {query};"
                " q.dispatchEvent(new Event('input'));"
                " document.querySelector('#controls').scrollIntoView(); })()"
            )
            shot = browser.send("Page.captureScreenshot", {"format": "png"})
        finally:
            browser.close()
        out = REPO / "docs" / "report.png"
        out.write_bytes(base64.b64decode(shot["data"]))
        print(out, out.stat().st_size, "bytes")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

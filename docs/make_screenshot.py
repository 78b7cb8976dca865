"""Regenerate docs/report.png (the README's picture of ``corpus report``).

Run from the repository root with Debian's chromium installed::

    .venv/bin/python docs/make_screenshot.py

It writes two WARC files of fictional news pages (with the boilerplate real sites leak into articles),
builds a snapshot with ``corpus.build``, writes the report and photographs its document view in
headless Chromium (driven by the test suite's DevTools-pipe client).
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

from corpus.build import build_snapshot  # noqa: E402
from corpus.config import BuildConfig  # noqa: E402
from corpus.report import write_report  # noqa: E402
from tests.test_report_browser import DevTools  # noqa: E402
from tests.warcgen import Page, words, write_warc  # noqa: E402

CONSENT = (
    "Nous respectons votre vie privée. Nos partenaires et nous utilisons des cookies. "
    "Tout accepterTout refuser"
)
FR = [
    "Les ministres de la Défense des pays alliés se sont réunis jeudi à Bruxelles pour faire le point sur le "
    "soutien apporté à l'Ukraine et sur l'état des stocks de munitions.",
    "Selon le secrétaire général, la production a fortement augmenté depuis l'an dernier, mais les besoins "
    "restent supérieurs aux livraisons prévues pour les prochains mois.",
    "La réunion a également porté sur la défense aérienne et sur la préparation du prochain sommet, prévu en "
    "juillet à Washington.",
]
CHROME = ["Lire aussi : Les alliés renforcent leur présence sur le flanc est", "Photo : Jean Dupont / AFP",
          "Partager sur Facebook Partager sur X Copier le lien"]  # fmt: skip


def pages() -> list[Page]:
    main = Page(url="https://journal-a.example/fr/2024/03/ministres-defense-bruxelles",
                title="Les ministres de la Défense réunis à Bruxelles", paragraphs=FR, date="2024-03-14",
                lang="fr", chrome=[CONSENT, *CHROME])  # fmt: skip
    others = [Page(url=f"https://journal-a.example/fr/2024/03/breve-{i}", title=f"Brève {words(i, 6, 'fr')}",
                   paragraphs=[words(10 + i, 70, "fr"), words(20 + i, 60, "fr")], date=f"2024-03-0{i + 1}",
                   lang="fr", chrome=[CONSENT]) for i in range(6)]  # fmt: skip
    return [main, *others]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="report-shot-"))
    try:
        warc = write_warc(work / "crawl-00000.warc.gz", pages())
        snapshot = build_snapshot([warc], work / "snapshots", BuildConfig()).path
        report = write_report(snapshot, work / "report.html").path
        browser = DevTools(shutil.which("chromium") or "chromium", work / "profile", work / "chromium.log")
        try:
            browser.attach_page()
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": 1200, "height": 760, "deviceScaleFactor": 1, "mobile": False})  # fmt: skip
            browser.send("Page.navigate", {"url": report.as_uri()})
            browser.wait_for("Page.loadEventFired")
            query = json.dumps("ministres de la défense")
            browser.evaluate(
                f"(() => {{ const q = document.getElementById('q'); q.value = {query};"
                " q.dispatchEvent(new Event('input'));"
                " document.querySelector('#documents').scrollIntoView(); })()"
            )
            shot = browser.send("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": False})
        finally:
            browser.close()
        out = REPO / "docs" / "report.png"
        out.write_bytes(base64.b64decode(shot["data"]))
        print(out, out.stat().st_size, "bytes")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

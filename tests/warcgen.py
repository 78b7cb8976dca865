"""Deterministic WARC files for build tests: small HTML news pages -> response records (warcio).

Record ids are uuid5 of (file name, URL, index) and dates come from the page, so the same call writes the
same bytes every time. ``article_page`` renders a realistic-enough article page (nav, article, footer) that
trafilatura extracts; ``words`` makes varied, seeded filler text.
"""

from __future__ import annotations

import html
import io
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

VOCAB_EN = ("alliance defence summit minister council forces security agreement region partners support "
            "meeting leaders exercise mission cooperation capability budget report statement challenge "
            "commitment deployment training strategy operation nations treaty dialogue response").split()
VOCAB_FR = ("alliance défense sommet ministre conseil forces sécurité accord région partenaires soutien "
            "réunion dirigeants exercice mission coopération capacité budget rapport déclaration défi "
            "engagement déploiement formation stratégie opération nations traité dialogue réponse").split()


def words(seed: int, n: int, lang: str = "en") -> str:
    """``n`` seeded pseudo-random words forming sentences of 8-15 words."""
    rng = random.Random(seed)
    vocab = VOCAB_FR if lang == "fr" else VOCAB_EN
    out, sentence = [], []
    for _ in range(n):
        sentence.append(rng.choice(vocab))
        if len(sentence) >= rng.randint(8, 15):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


@dataclass
class Page:
    url: str
    title: str
    paragraphs: list[str]
    date: str = "2024-03-01"
    lang: str = "en"
    chrome: list[str] = field(default_factory=list)  # extra site paragraphs inside the article body
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> URL


def article_page(page: Page) -> str:
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in [*page.paragraphs, *page.chrome])
    links = "\n".join(f'<link rel="alternate" hreflang="{h}" href="{html.escape(u)}">'
                      for h, u in sorted(page.alternates.items()))
    return f"""<!DOCTYPE html>
<html lang="{page.lang}"><head><meta charset="utf-8">
<title>{html.escape(page.title)}</title>
<meta property="og:title" content="{html.escape(page.title)}">
<meta name="date" content="{page.date}">
<meta property="article:published_time" content="{page.date}T10:00:00Z">
<link rel="canonical" href="{html.escape(page.url)}">
{links}
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav></header>
<main><article>
<h1>{html.escape(page.title)}</h1>
<p class="date"><time datetime="{page.date}">{page.date}</time></p>
{paras}
</article></main>
<footer><p>Copyright Example Media. All rights reserved.</p></footer>
</body></html>
"""


def write_warc(path: Path, pages: list[Page], *, gzip: bool = True) -> Path:
    """Write one response record per page (status 200, text/html; charset=utf-8)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip, warc_version="WARC/1.1")
    for i, page in enumerate(pages):
        body = article_page(page).encode("utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{path.name}|{page.url}|{i}")
        record = writer.create_warc_record(
            page.url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:{rid}>",
                               "WARC-Date": f"{page.date}T12:00:{i % 60:02d}Z"},
        )
        writer.write_record(record)
    path.write_bytes(buf.getvalue())
    return path


def edit_words(text: str, every: int, replacement: str = "edited") -> str:
    """Replace every ``every``-th word (a light edit, as a wire copy or a correction would make)."""
    out = text.split(" ")
    for i in range(every - 1, len(out), every):
        out[i] = replacement
    return " ".join(out)


def build_corpus_pages() -> dict[str, list[Page]]:
    """A small corpus exercising every corpus stage, as {warc file name: pages}.

    news.example: A (summit, EN), A_fr (its French version under /fr/, sharing one English quote),
    A_copy (exact republication of A, later), B and C (different stories sharing one quote paragraph),
    D; every news.example page ends with the same site tagline. wire.example: A_near (A with light edits,
    later date), E (another article about the same event as A, same day and topic, its own text plus
    one quote sentence that A_near lacks).
    """
    tagline = "News Example is the independent newsroom covering the alliance from Brussels since 1998."
    a = [words(100 + i, 60) for i in range(4)]
    quote = "We will defend every inch of allied territory, the secretary general said on the final day."
    a = [*a[:3], a[3] + " " + quote]
    shared = words(900, 40)
    news = "https://news.example"
    pages_1 = [
        Page(f"{news}/en/news/2024/03/01/summit.html", "Summit opens in Brussels", a, "2024-03-01",
             chrome=[tagline], alternates={"fr": f"{news}/fr/news/2024/03/01/summit.html"}),
        Page(f"{news}/fr/news/2024/03/01/summit.html", "Le sommet s'ouvre à Bruxelles",
             [words(200 + i, 60, "fr") for i in range(3)] + [a[0]], "2024-03-01", lang="fr", chrome=[tagline],
             alternates={"en": f"{news}/en/news/2024/03/01/summit.html"}),
        Page(f"{news}/en/news/2024/03/03/budget.html", "Budget talks stall",
             [words(300 + i, 60) for i in range(3)] + [shared], "2024-03-03", chrome=[tagline]),
    ]
    pages_2 = [
        Page(f"{news}/en/news/2024/03/04/exercise.html", "Exercise in the north",
             [words(400 + i, 60) for i in range(3)] + [shared], "2024-03-04", chrome=[tagline]),
        Page(f"{news}/en/news/2024/03/06/summit-republished.html", "Summit opens in Brussels", a,
             "2024-03-06", chrome=[tagline]),
        Page(f"{news}/en/news/2024/03/07/cyber.html", "Cyber centre opens",
             [words(500 + i, 60) for i in range(3)], "2024-03-07", chrome=[tagline]),
    ]
    wire = "https://wire.example"
    pages_3 = [
        Page(f"{wire}/stories/2024/03/02/summit-wire.html", "Summit opens in Brussels (wire)",
             [edit_words(p, 40) for p in a], "2024-03-02"),
        Page(f"{wire}/stories/2024/03/01/leaders-arrive.html", "Leaders arrive for the summit",
             [words(600 + i, 60) for i in range(3)] + [quote], "2024-03-01"),
    ]
    return {"news-1.warc.gz": pages_1, "news-2.warc.gz": pages_2, "wire-1.warc.gz": pages_3}


def write_corpus(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return [write_warc(directory / name, pages) for name, pages in build_corpus_pages().items()]

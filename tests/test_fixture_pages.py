"""Fixture news pages (tests/fixtureweb/pages) through the real pipeline, ``corpus.extract`` (decoding,
DOM chrome stage, extractor, cleaners), with each extractor: it must keep >= 98% of the article
paragraphs exactly once and leave <= 2% of the boilerplate strings; the default extractor must score
no worse than the other. The cleaners are also checked alone behind a worst-case "leaky" extractor."""

from __future__ import annotations

from collections import Counter

import lxml.html
import pytest
import trafilatura

from cleaners import clean, default_stages
from cleaners.dates import find_dates
from corpus.document import Document
from corpus.extract import EXTRACTORS, ExtractOptions, Extractor
from tests.scoring import FixturePage, PageScore, Totals, load_pages, norm, report, score_page, score_text

PAGES = load_pages()
DEFAULT = ExtractOptions().extractor


def trafilatura_alone(html: str) -> str:
    return trafilatura.extract(html, deduplicate=False, include_comments=False, include_tables=False) or ""


def page_url(page: FixturePage) -> str:
    return f"https://{page.site}.test/{page.name}.html"


@pytest.fixture(scope="module")
def pipeline_docs() -> dict[str, list[Document | None]]:
    """Extractor name -> the pipeline's document of each page (None when it returned none)."""
    out: dict[str, list[Document | None]] = {}
    for name in EXTRACTORS:
        ex = Extractor(ExtractOptions(min_chars=0, extractor=name))
        out[name] = [ex.extract(p.html, page_url(p)).doc for p in PAGES]
    return out


def scores_of(docs: list[Document | None], field: str) -> list[PageScore]:
    pairs = zip(PAGES, docs, strict=True)
    return [score_text(p.id, p.gold, getattr(d, field) if d else "") for p, d in pairs]


_BLOCKS = ("p", "h1", "h2", "h3", "h4", "li", "figcaption", "button", "label", "time")


def leaky(page_html: str) -> str:
    """A worst-case extractor: the text of every block of the page, chrome included, in order."""
    root = lxml.html.fromstring(page_html.encode("utf-8"))
    for node in root.xpath("//script|//style|//head"):
        node.drop_tree()
    lines = []
    for el in root.iter():
        leaf = el.tag in ("div", "span", "a", "nav") and not len(el)
        if (el.tag in _BLOCKS or leaf) and not any(a.tag in _BLOCKS for a in el.iterancestors()):
            text = norm(el.text_content())
            if text:
                lines.append(text)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def stages():
    return default_stages()


def test_enough_varied_pages() -> None:
    sites = Counter(p.site for p in PAGES)
    langs = Counter(p.gold["lang"] for p in PAGES)
    assert len(PAGES) >= 12 and len(sites) >= 4, sites
    assert langs["fr"] >= 4 and langs["en"] >= 4, langs


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_gold_matches_page(page: FixturePage) -> None:
    """Every gold string is really on the page (escaped text nodes), and no paragraph is both."""
    import html

    text = norm(html.unescape(page.html))
    for s in page.gold["keep"] + page.gold["drop"]:
        assert norm(s) in text, s
    assert not set(map(norm, page.gold["keep"])) & set(map(norm, page.gold["drop"]))


@pytest.mark.slow
@pytest.mark.parametrize("name", EXTRACTORS)
def test_full_pipeline(pipeline_docs, name: str) -> None:
    bare = Totals.of([score_page(trafilatura_alone, p) for p in PAGES])
    raw, cleaned = scores_of(pipeline_docs[name], "extracted_text"), scores_of(pipeline_docs[name], "text")
    print(f"extractor={name}, its output:\n" + report(raw) + "\n\nafter the cleaners:\n" + report(cleaned))
    # the pages must exercise the pipeline: bare trafilatura leaves a real share of the boilerplate
    assert bare.drop_left_rate >= 0.05, bare
    after = Totals.of(cleaned)
    assert after.keep_rate >= 0.98, report(cleaned)
    assert after.drop_left_rate <= 0.02, report(cleaned)
    # the cleaners never lose what the extractor found
    lost = [m for r, c in zip(raw, cleaned, strict=True) for m in c.missing if m not in r.missing]
    assert not lost, lost


@pytest.mark.slow
def test_default_extractor_scores_no_worse(pipeline_docs) -> None:
    totals = {name: Totals.of(scores_of(docs, "text")) for name, docs in pipeline_docs.items()}
    print(totals)
    for name, other in totals.items():
        assert totals[DEFAULT].keep_rate >= other.keep_rate, (name, totals)
        assert totals[DEFAULT].drop_left_rate <= other.drop_left_rate, (name, totals)


@pytest.mark.slow
def test_leaky_extraction_then_cleaners(stages) -> None:
    """All the chrome (menus, consent banners, footers) reaches the cleaners: they must still keep
    the article and remove nearly all of it (the DOM stage is not there to help)."""
    raw = [score_page(leaky, p) for p in PAGES]
    cleaned = [score_page(lambda h, p=p: clean(leaky(h), lang="auto", stages=stages).text, p) for p in PAGES]
    before, after = Totals.of(raw), Totals.of(cleaned)
    print("leaky extractor with cleaners:\n" + report(cleaned))
    assert before.keep_rate == 1.0 and before.drop_left_rate >= 0.95, report(raw)
    assert after.keep_rate >= 0.98, report(cleaned)
    assert after.drop_left_rate <= 0.03, report(cleaned)


@pytest.mark.slow
def test_page_language_and_dates(pipeline_docs, stages) -> None:
    """The pipeline's language matches the gold; a date line that reaches the cleaners ends in metadata."""
    checked = 0
    for page, doc in zip(PAGES, pipeline_docs[DEFAULT], strict=True):
        assert doc is not None and doc.lang == page.gold["lang"], page.id
        raw = doc.extracted_text
        result = clean(raw, lang="auto", title=doc.title, stages=stages)
        assert result.lang == doc.lang, page.id
        raw_lines = {norm(line) for line in raw.splitlines()}
        for line in page.gold["drop"]:
            dates = find_dates(line, lang=page.gold["lang"])
            if norm(line) in raw_lines and dates:
                assert dates[0].iso in result.metadata.values(), (page.id, line, result.metadata)
                checked += 1
    assert checked >= 2

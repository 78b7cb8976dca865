"""Cheaper steps of corpus.extract give what the plain computations give: trafilatura's metadata
without its date search, the "trafilatura" extractor when the page's date is known, the text bound."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import trafilatura
from trafilatura.metadata import extract_metadata

from corpus.decode import decode_html
from corpus.extract import _text_bound
from corpus.extraction import trafilatura_meta
from corpus.extraction.engines import run_trafilatura
from corpus.extraction.parse import parse_page
from tests.scoring import load_pages

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "article-extraction"


def pages() -> list[tuple[str, str]]:
    """(url, decoded HTML) of the fixture pages and every 6th benchmark page."""
    out = [(f"https://{p.site}.test/{p.name}.html", p.html) for p in load_pages()]
    if BENCH.exists():
        gold = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
        for key in sorted(gold)[::6]:
            raw = gzip.decompress((BENCH / "html" / f"{key}.html.gz").read_bytes())
            out.append((gold[key].get("url") or f"https://example.test/{key}", decode_html(raw).text))
    return out


@pytest.fixture(scope="module")
def trees() -> list[tuple[str, object]]:
    return [(url, parse_page(text)) for url, text in pages()]


def test_metadata_without_date_equals_trafilatura_metadata(trees) -> None:
    fields = ("title", "author", "sitename", "url")
    seen = {f: 0 for f in fields}
    for url, tree in trees:
        expected = extract_metadata(tree, url, {"original_date": True, "extensive_search": False,
                                                "max_date": "2024-05-01"}, True, set())
        ours = trafilatura_meta.metadata_without_date(tree, url)
        for f in fields:
            assert getattr(ours, f) == getattr(expected, f), (url, f)
            seen[f] += bool(getattr(ours, f))
        assert ours.date is None
    assert all(seen.values())  # the pages exercise every field


def test_metadata_with_date_equals_trafilatura_metadata(trees) -> None:
    params = {"original_date": True, "extensive_search": False, "max_date": "2024-05-01"}
    dated = 0
    for url, tree in trees:
        expected = extract_metadata(tree, url, params, True, set())
        ours = trafilatura_meta.page_metadata(tree, url, params)
        for f in ("title", "author", "sitename", "url", "date", "filedate"):
            assert getattr(ours, f) == getattr(expected, f), (url, f)
        dated += bool(ours.date)
    assert dated  # htmldate found some dates


@pytest.mark.slow
def test_trafilatura_extractor_equals_bare_extraction_with_metadata(trees) -> None:
    params = {"original_date": True, "extensive_search": False, "max_date": "2024-05-01"}
    for url, tree in trees:
        ours = run_trafilatura(tree, url, "2024-05-01", include_tables=True, fast=True)
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                          deduplicate=False, include_tables=True, fast=True,
                                          date_extraction_params=params)
        assert doc is not None
        assert (ours.text, ours.title, ours.date, ours.author, ours.sitename) == \
            (doc.text, doc.title, doc.date, doc.author, doc.sitename)


@pytest.mark.slow
def test_trafilatura_extractor_without_date_search_keeps_text_and_metadata(trees) -> None:
    for url, tree in trees:
        full = run_trafilatura(tree, url, "2024-05-01", include_tables=True, fast=True)
        lean = run_trafilatura(tree, url, "2024-05-01", include_tables=True, fast=True, need_date=False)
        assert (lean.text, lean.title, lean.author, lean.sitename) == \
            (full.text, full.title, full.author, full.sitename)
        assert lean.date is None


def test_other_trafilatura_versions_search_the_date(monkeypatch, trees) -> None:
    url, tree = next((u, t) for u, t in trees if "benchmark" not in u)
    monkeypatch.setattr(trafilatura, "__version__", "0.0")
    assert not trafilatura_meta.available()
    lean = run_trafilatura(tree, url, "2024-05-01", include_tables=True, fast=True, need_date=False)
    full = run_trafilatura(tree, url, "2024-05-01", include_tables=True, fast=True)
    assert lean == full


def test_text_bound_counts_text_and_nodes(trees) -> None:
    import lxml.html

    odd = "<html><body><!-- c --><?pi x?><p>a<b>b</b>c</p>&amp; é \U0001F600</body></html>"
    extra = [lxml.html.fromstring(odd)]  # lxml.html keeps comments and processing instructions
    for tree in [t for _, t in trees] + extra:
        assert _text_bound(tree) == len(tree.text_content()) + sum(1 for _ in tree.iter())


def test_bound_reaches_answers_as_the_bound(trees) -> None:
    import lxml.html

    from corpus.extract import _bound_reaches

    odd = ("<html><head><script><![CDATA[x]]></script></head><body><!-- a long comment -->"
           "<?pi some processing instruction?><p>a<b>b</b>c</p>tail &amp; é \U0001F600</body></html>")
    extra = [lxml.html.fromstring(odd), lxml.html.fromstring("<p>x</p>"), parse_page(odd)]
    for tree in [t for _, t in trees] + extra:
        bound = _text_bound(tree)
        for n in sorted({0, 1, 10, 50, 200, bound - 1, bound, bound + 1, 10 * bound}):
            assert _bound_reaches(tree, n) == (bound >= n), (bound, n)


@pytest.mark.slow
def test_consuming_text_extraction_equals_bare_extraction(trees) -> None:
    from copy import deepcopy

    from lxml import etree

    from corpus.extraction.trafilatura_text import text_document

    pruned = 0
    for url, tree in trees:
        for tables, fast in ((True, True), (False, False)):
            doc = trafilatura.bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
                                              deduplicate=False, include_tables=tables, fast=fast)
            own = deepcopy(tree)
            ours = text_document(own, url, include_tables=tables, fast=fast, consume=True)
            assert (ours is None) == (doc is None)
            if doc is not None:
                assert (ours.text, ours.raw_text) == (doc.text, doc.raw_text)
            pruned += etree.tostring(own) != etree.tostring(tree)
    assert pruned  # the page itself was pruned, not a copy

"""corpus.extraction.page_text deletes what BASIC_CLEAN_XPATH selects and gives html2txt's text."""

from __future__ import annotations

import gzip
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from trafilatura.baseline import html2txt as trafilatura_html2txt
from trafilatura.settings import BASIC_CLEAN_XPATH

from corpus.extraction import page_text
from corpus.extraction.parse import parse_page
from tests.htmlgen import html_pages

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / "html"
# values around the consent alternatives and the footer test: matches, near misses, case, folding
# (U+212A KELVIN SIGN folds to k, U+017F LONG S to s under re.IGNORECASE)
WORDS = ["footer", "Footer", "site-footer", "cookie-banner", "Cookie_Consent", "cookiebar", "COOKIE-NOTICE",
         "cookie", "notice--cookie", "notice__cookie", "consent-manager", "consentsdk", "consent",
         "borlabs-x", "CookieBot", "cmplz-banner", "onetrust-pc", "moove_gdpr", "moove-gdpr", "moove",
         "coo\u212aie-banner", "con\u017fent-banner", "cookie-policy", "notice", "x", ""]
TAGS = ["div", "p", "span", "section", "aside", "footer", "script", "style", "svg", "template",
        "fencedframe", "article", "ul", "li"]


def pages() -> st.SearchStrategy[str]:
    return html_pages(TAGS, ["class", "id"], WORDS)


def test_the_installed_trafilatura_is_mirrored() -> None:
    assert page_text.MIRRORS_INSTALLED


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_selects_and_reads_what_trafilatura_does(body: str) -> None:
    tree = parse_page(f"<html><body><main>{body}</main></body></html>")
    assert tree is not None
    for context in (tree.find(".//body"), tree.find(".//main")):
        assert page_text.selected(context) == BASIC_CLEAN_XPATH(context)
    assert page_text.html2txt(tree) == trafilatura_html2txt(tree)


def test_the_page_is_left_untouched() -> None:
    tree = parse_page("<html><body><p>kept</p><aside>gone</aside><div id='cookie-banner'>gone</div>"
                      "</body></html>")
    before = etree.tostring(tree)
    assert page_text.html2txt(tree) == "kept"
    assert etree.tostring(tree) == before


def test_real_pages() -> None:
    pages = sorted(BENCH.glob("*.html.gz"))[::3]
    assert len(pages) >= 60
    for page in pages:
        tree = parse_page(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))
        assert page_text.html2txt(tree) == trafilatura_html2txt(tree), page.name

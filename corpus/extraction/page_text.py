"""``trafilatura.baseline.html2txt(tree)`` with ``BASIC_CLEAN_XPATH`` pre-screened.

``trafilatura_sequence`` measures the page's text with ``html2txt`` before its recall escalation (a
short extraction). ``html2txt`` copies the page and deletes what ``BASIC_CLEAN_XPATH`` selects: a union
of tag steps (``.//aside``, ``.//script``...), footer divs (``contains(@class|@id, 'footer')``) and any
element whose class or id matches a cookie-consent regular expression (``re:test(..., 'i')``: a Python
call for every element, twice). Every element of the union has one of the tags, or "footer" in its
class or id, or one of the literal strings each consent alternative needs ("cookie", "consent",
"borlabs", "cmplz", "onetrust", "moove", searched with the same case folding). :func:`html2txt` walks the
elements once (in document order, without the context node, as ``.//`` does), selects the tag-step
elements outright and evaluates the expression's own branches (``.//`` read as ``self::``) on the other
candidates: the same elements, deleted in the same order.

Tied to the exact text of the expression and the exact source of ``html2txt`` and ``basic_cleaning``;
anything else goes through ``trafilatura.baseline.html2txt``.
"""

from __future__ import annotations

import hashlib
import re
from copy import copy

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.baseline import _spaced_text, basic_cleaning
from trafilatura.baseline import html2txt as trafilatura_html2txt
from trafilatura.settings import BASIC_CLEAN_XPATH
from trafilatura.xml import delete_element
from trafilatura.xpaths import REGEXP_NS

from corpus.extraction.screen import source_sha256

# sha256 of BASIC_CLEAN_XPATH.path and of inspect.getsource() of the mirrored functions (trafilatura 2.3.1)
MIRRORED = {
    "BASIC_CLEAN_XPATH": "db6c25acd08aef99afbf1be38c751d8c7cf7132256d1a013d1d2e4e4fe86651f",
    "html2txt": "a8c97eab2097c57d56202ce24171d130cb71501b227d38b20230417dc0dd719f",
    "basic_cleaning": "80877b2ccdefda2db182ec8a78d1360b0308a4d97e4112bfa416cce67c7cfa6c",
}
# the expression's union branches without predicates, and the strings the others need
_TAG_STEPS = frozenset({"aside", "fencedframe", "footer", "script", "style", "svg", "template"})
_NEEDLES = re.compile("footer|cookie|consent|borlabs|cmplz|onetrust|moove", re.IGNORECASE).search


def _digests() -> dict[str, str | None]:
    return {"BASIC_CLEAN_XPATH": hashlib.sha256(BASIC_CLEAN_XPATH.path.encode()).hexdigest(),
            "html2txt": source_sha256(trafilatura_html2txt), "basic_cleaning": source_sha256(basic_cleaning)}


MIRRORS_INSTALLED = _digests() == MIRRORED
_ON_NODE = etree.XPath(BASIC_CLEAN_XPATH.path.replace(".//", "self::"), namespaces={"re": REGEXP_NS})


def selected(tree: etree._Element) -> list[etree._Element]:
    """``BASIC_CLEAN_XPATH(tree)``."""
    chosen = []
    for element in tree.iter(etree.Element):
        if element is tree:
            continue
        if element.tag in _TAG_STEPS:
            chosen.append(element)
        elif (((value := element.get("class")) and _NEEDLES(value))
              or ((value := element.get("id")) and _NEEDLES(value))) and _ON_NODE(element):
            chosen.append(element)
    return chosen


def html2txt(tree: etree._Element) -> str:
    """``trafilatura.baseline.html2txt(tree)`` for a parsed page (an ``HtmlElement``)."""
    if not MIRRORS_INSTALLED or not isinstance(tree, HtmlElement):
        return trafilatura_html2txt(tree)
    tree = copy(tree)  # the steps below modify the tree
    body = tree.find(".//body")
    if body is None:
        body = tree
    for element in selected(body):
        delete_element(element)
    return _spaced_text(body)

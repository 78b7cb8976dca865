"""Parse a decoded page into an lxml tree, as ``trafilatura.utils.load_html`` does, but cheaper to walk.

Same parser options, same repairs, same fallbacks and the same element classes (``lxml.html``'s
``HtmlElement``, ``FormElement``, ``InputElement``...), so every extractor sees the same tree. The
difference is how lxml picks those classes: ``lxml.html.HTMLParser`` asks a Python method for every
element proxy it creates (hundreds of thousands per page across trafilatura, readability and our
stages), this parser asks lxml's C-level namespace registry, with the same answer.
:func:`parse_fragment` parses an HTML fragment (readability's output) as ``lxml.html.fromstring`` does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from lxml import etree, html
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS, is_dubious_html

LOGGER = logging.getLogger(__name__)


def _class_lookup() -> etree.ElementNamespaceClassLookup:
    """``lxml.html.HtmlElementClassLookup()`` (no mixins) as a C-level lookup: tag name -> class for
    elements without namespace (all that lxml's HTML parser makes), HtmlElement otherwise."""
    fallback = etree.ElementDefaultClassLookup(element=html.HtmlElement, comment=html.HtmlComment,
                                               pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity)
    lookup = etree.ElementNamespaceClassLookup(fallback)
    lookup.get_namespace(None).update(html.HtmlElementClassLookup._default_element_classes)
    return lookup


def _parser() -> etree.HTMLParser:
    # trafilatura.utils.HTML_PARSER's options
    parser = etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                              remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(_class_lookup())
    return parser


# lxml parsers are not shared between threads: one per thread (lxml keeps a per-thread parser
# dictionary, and a parser object must not run two parses at once)
_LOCAL = threading.local()


def _thread_parser(name: str, make: Callable[[], etree.HTMLParser]) -> etree.HTMLParser:
    """This thread's parser ``name``, made by ``make`` at its first use."""
    parser = getattr(_LOCAL, name, None)
    if parser is None:
        parser = make()
        setattr(_LOCAL, name, parser)
    return parser


def page_parser() -> etree.HTMLParser:
    return _thread_parser("parser", _parser)


def fragment_parser() -> etree.HTMLParser:
    """This thread's ``lxml.html.html_parser``: the parser ``lxml.html.fromstring`` uses by default (lxml's
    default HTML parser options, ``HtmlElementClassLookup`` classes) with the classes looked up in C (see
    :func:`_class_lookup`): the same tree, the same element classes."""
    return _thread_parser("fragment_parser", _fragment_parser)


def _fragment_parser() -> etree.HTMLParser:
    parser = etree.HTMLParser()
    parser.set_element_class_lookup(_class_lookup())
    return parser


_XHTML = "{http://www.w3.org/1999/xhtml}"


def parse_fragment(text: str) -> html.HtmlElement:
    """``lxml.html.fromstring(text, parser=fragment_parser())``, with the children of the parsed document
    listed by ``iterchildren`` (C) instead of lxml.html's ``findall`` (ElementPath, in Python), which selects
    the same children in the same order; the rest is lxml.html's ``fromstring``, step for step: a full
    document is returned whole, else its ``<body>`` is unwrapped (its only element, or the body itself
    renamed ``div``/``span``)."""
    parser = fragment_parser()
    if html._looks_like_full_html_unicode(text):
        return html.document_fromstring(text, parser=parser)
    doc = html.document_fromstring(text, parser=parser)
    bodies = list(doc.iterchildren("body")) or list(doc.iterchildren(_XHTML + "body"))
    body = None
    if bodies:
        body = bodies[0]
        if len(bodies) > 1:  # lxml.html smashes them into one body (never seen from the HTML parser)
            return html.fromstring(text, parser=parser)
    if next(doc.iterchildren("head", _XHTML + "head"), None) is not None:
        return html.fromstring(text, parser=parser)  # a head: lxml.html keeps the document (and merges heads)
    if body is None:
        return doc
    if len(body) == 1 and (not body.text or not body.text.strip()) and (
            not body[-1].tail or not body[-1].tail.strip()):
        return body[0]
    body.tag = "div" if html._contains_block_level_tag(body) else "span"
    return body


def _repair(text: str, beginning: str) -> str:
    """``trafilatura.utils.repair_faulty_html`` after its control-character pass (done by the caller)."""
    if "doctype" in beginning:  # libxml2/lxml issue: https://bugs.launchpad.net/lxml/+bug/1955915
        firstline, _, rest = text.partition("\n")
        text = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in text[:4096].splitlines()[:4]:  # self-closing <html/> in the first lines
        if "<html" in line and line.endswith("/>"):
            return FAULTY_HTML.sub(r"\1>", text, count=1)
    return text


def _bytes_parse(text: str, parser: etree.HTMLParser) -> html.HtmlElement | None:
    try:
        return html.fromstring(text.encode("utf8", "surrogatepass"), parser=parser)
    except Exception as err:  # as trafilatura.utils.fromstring_bytes: the page is then unparsable
        LOGGER.debug("lxml parser bytestring %s", err)
    return None


def parse_page(text: str, *, controls_removed: bool = False) -> html.HtmlElement | None:
    """The tree of ``trafilatura.utils.load_html(text)`` for a str (None when lxml finds no HTML).
    ``controls_removed``: the text went through :func:`corpus.decode.clean_text_for_lxml`, which
    removes every character trafilatura's repair step would (a superset), so that pass is skipped."""
    beginning = text[:50].lower()
    check_flag = is_dubious_html(beginning)
    if not controls_removed:
        text = INVALID_XML_CHARS.sub("", text)
    text = _repair(text, beginning)
    parser = page_parser()
    tree = None
    fallback_parse = False
    try:
        tree = html.fromstring(text, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree = _bytes_parse(text, parser)
        fallback_parse = True
    except Exception as err:  # as trafilatura: a crash of lxml means no tree
        LOGGER.debug("lxml parsing failed: %s", err)
    if (tree is None or len(tree) < 1) and not fallback_parse:
        tree = _bytes_parse(text, parser)
    if tree is not None and check_flag and len(tree) < 2:
        tree = None
    return tree

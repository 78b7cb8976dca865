"""trafilatura's main pass over the content frames (``main_extractor._extract``) with the two XPath queries
it makes of each frame compiled once.

``_extract`` asks each frame ``subtree.xpath("//p//text()")`` (the page's paragraph text, to weigh
whether ``div`` elements may hold content) and ``subtree.xpath(".//*")`` (the elements to process):
``Element.xpath`` compiles its expression at every call and returns the text nodes as lxml "smart
strings" (each with a reference back to its element). :data:`_P_TEXTS` and :data:`_DESCENDANTS` are the
same expressions compiled once, evaluated with the same context node; the texts come as plain ``str``
(``_extract`` only tests the list and joins it). The rest of :func:`_extract` is trafilatura's code line
for line; :mod:`corpus.ensemble.sections` binds it to its copy of trafilatura's module namespace, where
every name below resolves as it does in trafilatura, and uses it only when the source of
``main_extractor._extract`` is the one pinned in ``sections.SOURCES``.
"""

from __future__ import annotations

from lxml import etree
from lxml.etree import Element, _Element
from lxml.html import HtmlElement
from trafilatura.main_extractor import (
    BODY_XPATH,
    INLINE_FORMATTABLE,
    LOGGER,
    NOT_AT_THE_END,
    REBUILT_BLOCKS,
    TAG_CATALOG,
    delete_element,
    handle_textelem,
    process_node,
    prune_unwanted_sections,
    text_chars_test,
    trim,
)
from trafilatura.settings import Extractor

_P_TEXTS = etree.XPath("//p//text()", smart_strings=False)
_DESCENDANTS = etree.XPath(".//*")


def _extract(tree: HtmlElement, options: Extractor) -> tuple[_Element, str, set[str]]:
    """trafilatura 2.3.1's ``_extract`` with the two queries of each content frame compiled once."""
    # init
    potential_tags = set(TAG_CATALOG)
    if options.tables is True:
        potential_tags.update(["table", "td", "th", "tr"])
    if options.images is True:
        potential_tags.add("graphic")
    if options.links is True:
        potential_tags.add("ref")
    result_body = Element("body")
    # iterate
    for expr in BODY_XPATH:
        # select tree if the expression has been found
        subtree = next((s for s in expr(tree) if s is not None), None)
        if subtree is None:
            continue
        # prune the subtree
        subtree = prune_unwanted_sections(subtree, potential_tags, options)
        # skip if empty tree
        if len(subtree) == 0:
            continue
        # no paragraphs containing text, or not enough
        ptest = _P_TEXTS(subtree)  # trafilatura: subtree.xpath("//p//text()")
        factor = 1 if options.focus == "precision" else 3
        if not ptest or len("".join(ptest)) < options.min_extracted_size * factor:
            potential_tags.add("div")
        LOGGER.debug(sorted(potential_tags))

        subelems = _DESCENDANTS(subtree)  # trafilatura: subtree.xpath(".//*")
        # a single text run (only lb or inline elements): process the frame itself
        # lb-only frames go there unconditionally, a failed main pass then hands them to the recovery
        tags = {e.tag for e in subelems}
        if tags == {"lb"} or (subtree.tag == "div" and "div" in potential_tags and tags <= INLINE_FORMATTABLE | {"lb"}):  # noqa: E501 (verbatim)
            subelems = [subtree]
        # the frame's own text before its first child, kept if the frame is accepted
        lead, start = None, len(result_body)
        if subelems != [subtree] and text_chars_test(subtree.text):
            lead = Element("p")
            lead.text = subtree.text
            lead = process_node(lead, options)
        # extract content
        for elem in subelems:
            # handle_other_elements() emits a text-bearing div as-is, children and all, and
            # appending it MOVES it into result_body. Its descendants are still in the list
            # captured above, so revisiting one would emit its text twice -- an <lb> whose tail
            # carries a paragraph turned into a duplicate of that paragraph. handle_paragraphs()
            # marks the children it consumes "done"; this covers the elements it cannot retag.
            if elem.getroottree().getroot() is result_body:
                continue
            # handlers may rename the element to "done", so read these first
            tag, tail = elem.tag, elem.tail
            processed_elem = handle_textelem(elem, potential_tags, options)
            if processed_elem is not None:
                result_body.append(processed_elem)
                # a copy leaves its source behind for a later, wider subtree
                if elem.getroottree().getroot() is not result_body:
                    elem.tag = "done"
            # text right after a rebuilt block is a paragraph of its own, like an <lb> tail,
            # unless the handler already carried it over (a code block copied as a whole)
            if tag in REBUILT_BLOCKS and text_chars_test(tail) and (processed_elem is None or processed_elem.tail is None):  # noqa: E501 (verbatim)
                tail_elem = Element("p")
                tail_elem.text = tail
                if process_node(tail_elem, options) is not None:
                    result_body.append(tail_elem)
        # remove trailing titles
        while len(result_body) > 0 and (result_body[-1].tag in NOT_AT_THE_END):
            delete_element(result_body[-1], keep_tail=False)
        # exit once there is real content, not just a lone image
        if sum(e.tag != "graphic" for e in result_body) > 1:
            LOGGER.debug(trim(str(expr)))
            if lead is not None:
                result_body.insert(start, lead)
            break
    temp_text = " ".join(result_body.itertext()).strip()
    return result_body, temp_text, potential_tags

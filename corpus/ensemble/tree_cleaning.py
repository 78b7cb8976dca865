"""trafilatura's ``tree_cleaning`` with its element deletions run only for the tags the tree holds.

``tree_cleaning`` deletes the elements of each of the ~50 tags of its cleaning list with one
``tree.iter(tag)`` walk of the whole tree per tag (0.04 ms on a small page, 0.4 ms on a real one),
though a page holds a handful of them. ``tree.iter(tag)`` yields the elements whose tag is exactly
``tag`` (for a plain name: no namespace, same case), and deleting elements never adds any: a tag no
element has when the deletions start yields nothing. :func:`tree_cleaning` reads the tags of the tree
once (after the stripping step, right before the deletions; on a large tree with one ``tree.iter(*tags)``
walk, which yields the elements having one of the list's tags, matched in C) and walks only for the tags
it holds, in the list's order; the rest is trafilatura's code line for line.

Tied to the exact source of the function it mirrors (a SHA-256 of ``inspect.getsource``): any other
source (another trafilatura version), or a cleaning list holding anything but plain tag names, runs
trafilatura's own code.
"""

from __future__ import annotations

from copy import deepcopy
from itertools import islice

from lxml import etree
from lxml.etree import strip_tags
from trafilatura import htmlprocessing
from trafilatura.htmlprocessing import (
    MANUALLY_CLEANED,
    MANUALLY_STRIPPED,
    PRESERVE_IMG_CLEANING,
    _handle_forms,
    delete_element,
    prune_html,
    recover_math,
)
from trafilatura.settings import Extractor as TrafilaturaOptions

from corpus.extraction.screen import source_sha256

# sha256 of inspect.getsource(trafilatura.htmlprocessing.tree_cleaning) in trafilatura 2.3.1
MIRRORED_SOURCE_SHA256 = "828e83a7393082def65c10022aa7cf43d0debfb0039e1de8ee8c9ecb2d23b903"
MIRRORS_INSTALLED = source_sha256(htmlprocessing.tree_cleaning) == MIRRORED_SOURCE_SHA256
# up to this many elements, held_tags reads every element's tag; beyond, it lets lxml match the ~50 tags
# in C (a page of 3,000 elements: ~0.17 ms instead of ~0.3 ms; a small page: ~9 us instead of ~6 us)
_SMALL_TREE = 256


def held_tags(tree: etree._Element, tags: list[str]) -> list[str]:
    """The tags of ``tags``, in their order, that some element of ``tree`` (itself included) has:
    those for which ``tree.iter(tag)`` yields something. All of ``tags`` if one is not a plain name
    (a namespace, a wildcard, an empty or non-string tag)."""
    try:
        joined = "\x00".join(tags)
    except TypeError:
        return list(tags)
    if "" in tags or "{" in joined or "}" in joined or "*" in joined:
        return list(tags)
    first = list(islice(tree.iter(), _SMALL_TREE + 1))
    if len(first) <= _SMALL_TREE:  # a small tree: its tags read in Python (cheaper than matching ~50 tags)
        held = {element.tag for element in first}
    else:  # one walk yielding the elements with one of the tags, matched in C
        held = {element.tag for element in tree.iter(*tags)}
    return [tag for tag in tags if tag in held]


def tree_cleaning(tree: etree._Element, options: TrafilaturaOptions) -> etree._Element:
    """``trafilatura.htmlprocessing.tree_cleaning`` (see the module docstring)."""
    if not MIRRORS_INSTALLED:
        return htmlprocessing.tree_cleaning(tree, options)
    # salvage formulas before <math> is discarded along with its subtree
    recover_math(tree)
    # determine cleaning strategy, use lists to keep it deterministic
    cleaning_list, stripping_list = MANUALLY_CLEANED.copy(), MANUALLY_STRIPPED.copy()
    # forms are handled separately below, once the rest of the noise is gone
    clean_forms = "form" in cleaning_list
    if clean_forms:
        cleaning_list.remove("form")
    if not options.tables:
        cleaning_list.extend(["table", "td", "th", "tr"])
    else:
        # figures holding a table (#301) and ARIA layout tables (role=presentation/none)
        for elem in tree.iter("figure", "table"):
            if (elem.find(".//table") is not None if elem.tag == "figure"
                    else elem.get("role") in ("presentation", "none")):
                elem.tag = "div"
    if options.images:
        # Many websites have <img> inside <figure> or <picture> or <source> tag
        cleaning_list = [e for e in cleaning_list if e not in PRESERVE_IMG_CLEANING]
        stripping_list.remove("img")

    # strip targeted elements
    strip_tags(tree, stripping_list)

    # recall: undo the deletions if they remove every paragraph (copy only if none can survive)
    tcopy = None
    if (
        options.focus == "recall"
        and tree.find(".//p") is not None
        and ("p" in cleaning_list
             or not any(next(p.iterancestors(cleaning_list), tree) is tree for p in tree.iter("p")))
    ):
        tcopy = deepcopy(tree)
    for expression in held_tags(tree, cleaning_list):  # trafilatura: every tag of cleaning_list
        for element in tree.iter(expression):
            delete_element(element)
    if tcopy is not None and tree.find(".//p") is None:
        tree = tcopy

    if clean_forms:
        _handle_forms(tree)

    return prune_html(tree, options.focus)

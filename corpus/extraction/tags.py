"""The elements of a few tags of a page, in document order, found in one walk.

The head-metadata readers select elements such as ``//meta[@content]`` or ``//time/@datetime``: each
XPath walks the whole document (~0.15 ms on a real page). :func:`by_tag` walks it once for all the
tags a reader needs; the reader then filters each list with the XPath's predicate in Python, which
selects the same elements in the same (document) order. ``//`` searches the whole document, a walk
the tree's subtree: the walk is only offered for the root element of a document without top-level
siblings (readers fall back to their XPath otherwise).
"""

from __future__ import annotations

from lxml import etree

Found = dict[str, list[etree._Element]]


def by_tag(tree: etree._Element, tags: tuple[str, ...]) -> Found | None:
    """tag -> its elements under (and including) ``tree`` in document order; None when ``tree`` is not
    a whole document (see the module docstring)."""
    if tree.getparent() is not None or tree.getprevious() is not None or tree.getnext() is not None:
        return None
    found: Found = {tag: [] for tag in tags}
    for elem in tree.iter(*tags):
        found[elem.tag].append(elem)
    return found


def having(elems: list[etree._Element], *attrs: str) -> list[etree._Element]:
    """The elements with every one of ``attrs`` (XPath ``[@a][@b]``)."""
    return [e for e in elems if all(e.get(a) is not None for a in attrs)]

"""trafilatura's raw-tree pruning (``prune_unwanted_nodes`` without backup) with a cheap pre-screen.

The three XPath lists :class:`~corpus.ensemble.trafilatura_runs.TrafilaturaRuns` prunes with
(``RAW_TREE_PRUNE_XPATH``, ``REMOVE_COMMENTS_AND_LISTS_XPATH``, ``REMOVE_COMMENTS_XPATH``), and the
content extraction's ``DISCARD_IMAGE_ELEMENTS`` (:mod:`corpus.ensemble.sections`), have the form
``.//*[self::a or self::b ...][conditions on @id and @class]``, where the conditions are EXSLT regular
expressions (a Python call per element with the tag) or ``contains()``: 1 to 2 ms per page each. Every
element such an expression selects has one of the tags and an ``id`` or ``class`` holding one of a few
literal strings each pattern needs (``[Cc]omment`` needs "omment"...). :class:`Pruner` walks the elements
with those tags in C, keeps those with a needed string and applies the expression's own predicates to
them (:class:`corpus.extraction.screen.Screened`), then deletes the selected elements as
``prune_unwanted_nodes`` does: the same elements, in the same order, selected on
the unmodified tree. Most pages have no candidate at all.

Each pre-screen is tied to the exact text of its expression (a SHA-256 of ``XPath.path``): any other
expression, e.g. from another trafilatura version, is pruned by ``prune_unwanted_nodes`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree
from trafilatura.htmlprocessing import delete_element, prune_unwanted_nodes

from corpus.extraction.screen import Screen, Screened, expression_key

_SECTIONS = ("div", "section", "aside")
_COMMENT_BOXES = ("div", "list", "section", "details")
# comment boxes: id '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)',
# class '^[Cc]omment(?!ary)|(?:article|post)-comments' (both alternatives hold "omment")
_COMMENTS = (("id", ("omment", "comol", "disqus_thread", "dsq-comments")), ("class", ("omment",)))
# sha256(XPath.path)[:16] of trafilatura 2.3.1's expressions -> their pre-screens
SCREENS: dict[str, Screen] = {
    # RAW_TREE_PRUNE_XPATH[0]: id or class 'mvp-post-add-(?:box|wrap)|infinite-?scroll'
    "01e7c660fd6406f2": Screen(".//*[", _SECTIONS, (("id", ("mvp-post-add-", "infinite")),
                                                     ("class", ("mvp-post-add-", "infinite")))),
    # RAW_TREE_PRUNE_XPATH[1]: contains(@class, 'elementor-share-buttons')
    "3c7afe92279543d5": Screen(".//*[", _SECTIONS, (("class", ("elementor-share-buttons",)),)),
    # REMOVE_COMMENTS_AND_LISTS_XPATH[0] (ol/ul too), REMOVE_COMMENTS_XPATH[0]
    "9cc18d34e6e2d258": Screen(".//*[", (*_COMMENT_BOXES, "ol", "ul"), _COMMENTS),
    "5d97216ca15d0558": Screen(".//*[", _COMMENT_BOXES, _COMMENTS),
    # main_extractor.DISCARD_IMAGE_ELEMENTS[0]: contains(@id, 'caption') or contains(@class, 'caption')
    "cb1ab981e44913f7": Screen(".//*[", ("div", "item", "list", "p", "section", "span"),
                               (("id", ("caption",)), ("class", ("caption",)))),
}


class Pruner:
    """``prune_unwanted_nodes(tree, expressions)`` (without backup) for one list of expressions;
    built once per list (compiling the per-node predicates), reused for every page."""

    def __init__(self, expressions: Sequence[etree.XPath]) -> None:
        self.expressions = list(expressions)
        keys = [expression_key(x) for x in self.expressions]
        self._screened = None if any(k not in SCREENS for k in keys) else [
            Screened(x, SCREENS[k]) for x, k in zip(self.expressions, keys, strict=True)]

    def __call__(self, tree: etree._Element) -> etree._Element:
        if self._screened is None:
            return prune_unwanted_nodes(tree, self.expressions)
        for expression in self._screened:
            for subtree in expression(tree):  # all selected before any is deleted, as there
                delete_element(subtree)
        return tree

"""trafilatura's raw-tree pruning (``prune_unwanted_nodes`` without backup) with a cheap pre-screen.

The three XPath lists :class:`~corpus.ensemble.trafilatura_runs.TrafilaturaRuns` prunes with
(``RAW_TREE_PRUNE_XPATH``, ``REMOVE_COMMENTS_AND_LISTS_XPATH``, ``REMOVE_COMMENTS_XPATH``) have the form
``.//*[self::a or self::b ...][conditions on @id and @class]``, where the conditions are EXSLT regular
expressions (a Python call per element with the tag) or ``contains()``: 1 to 2 ms per page each. Every
element such an expression selects has one of the tags and an ``id`` or ``class`` holding one of a few
literal strings each pattern needs (``[Cc]omment`` needs "omment"...). :func:`prune` walks the elements
with those tags in C (``iter(*tags)``), keeps those with a needed string (the candidates, in document
order), evaluates the expression's own predicates on each candidate (``self::*[...]``), then deletes the
selected elements as ``prune_unwanted_nodes`` does: the same elements, in the same order, selected on
the unmodified tree. Most pages have no candidate at all.

Each pre-screen is tied to the exact text of its expression (a SHA-256 of ``XPath.path``): any other
expression, e.g. from another trafilatura version, is pruned by ``prune_unwanted_nodes`` itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from trafilatura.htmlprocessing import delete_element, prune_unwanted_nodes
from trafilatura.xpaths import REGEXP_NS


@dataclass(frozen=True)
class Screen:
    """Tags an expression selects, and the strings one of which its ``id``/``class`` must contain."""

    tags: tuple[str, ...]
    id_needles: tuple[str, ...]
    class_needles: tuple[str, ...]


def _any_of(needles: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern found in a string exactly when one of ``needles`` is (never, for no needle)."""
    return re.compile("|".join(map(re.escape, needles)) or "(?!)")


_SECTIONS = ("div", "section", "aside")
_COMMENT_BOXES = ("div", "list", "section", "details")
# comment boxes: id '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)',
# class '^[Cc]omment(?!ary)|(?:article|post)-comments' (both alternatives hold "omment")
_COMMENT_ID = ("omment", "comol", "disqus_thread", "dsq-comments")
# sha256(XPath.path)[:16] of trafilatura 2.3.1's expressions -> their pre-screens
SCREENS: dict[str, Screen] = {
    # RAW_TREE_PRUNE_XPATH[0]: id or class 'mvp-post-add-(?:box|wrap)|infinite-?scroll'
    "01e7c660fd6406f2": Screen(_SECTIONS, ("mvp-post-add-", "infinite"), ("mvp-post-add-", "infinite")),
    # RAW_TREE_PRUNE_XPATH[1]: contains(@class, 'elementor-share-buttons')
    "3c7afe92279543d5": Screen(_SECTIONS, (), ("elementor-share-buttons",)),
    # REMOVE_COMMENTS_AND_LISTS_XPATH[0] (ol/ul too), REMOVE_COMMENTS_XPATH[0]
    "9cc18d34e6e2d258": Screen((*_COMMENT_BOXES, "ol", "ul"), _COMMENT_ID, ("omment",)),
    "5d97216ca15d0558": Screen(_COMMENT_BOXES, _COMMENT_ID, ("omment",)),
}
_PREFIX = ".//*["


def _key(expression: etree.XPath) -> str:
    return hashlib.sha256(expression.path.encode()).hexdigest()[:16]


class _Screened:
    """One expression with its pre-screen and its predicates as an XPath on the context node."""

    def __init__(self, expression: etree.XPath, screen: Screen) -> None:
        path = expression.path.strip()
        self.tags = screen.tags
        self._ids, self._classes = _any_of(screen.id_needles).search, _any_of(screen.class_needles).search
        self.on_node = etree.XPath("self::*[" + path[len(_PREFIX):], namespaces={"re": REGEXP_NS})

    def select(self, tree: etree._Element) -> list[etree._Element]:
        """``expression(tree)``: the candidates in document order whose predicates hold."""
        ids, classes = self._ids, self._classes
        candidates = [e for e in tree.iter(*self.tags)
                      if ((i := e.get("id")) and ids(i)) or ((c := e.get("class")) and classes(c))]
        return [e for e in candidates if e is not tree and self.on_node(e)]


def _screened(expression: etree.XPath) -> _Screened | None:
    screen = SCREENS.get(_key(expression))
    if screen is None or not expression.path.strip().startswith(_PREFIX):
        return None
    return _Screened(expression, screen)


class Pruner:
    """``prune_unwanted_nodes(tree, expressions)`` (without backup) for one list of expressions;
    built once per list (compiling the per-node predicates), reused for every page."""

    def __init__(self, expressions: Sequence[etree.XPath]) -> None:
        self.expressions = list(expressions)
        screened = [_screened(x) for x in self.expressions]
        self._screened = None if any(s is None for s in screened) else screened

    def __call__(self, tree: etree._Element) -> etree._Element:
        if self._screened is None:
            return prune_unwanted_nodes(tree, self.expressions)
        for expression in self._screened:
            for subtree in expression.select(tree):  # all selected before any is deleted, as there
                delete_element(subtree)
        return tree

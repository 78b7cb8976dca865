"""Exact pre-screens of trafilatura's XPath expressions, and the fingerprints that tie our mirrors of
trafilatura code to the installed version.

Many of trafilatura's expressions test every element of a tag set with EXSLT regular expressions (a Python
call per element and test). Every element such an expression selects holds, in one of the attributes it
tests, one of a few literal strings each alternative needs (``re:test(@class, '[Aa]uthor|...')`` needs
"uthor" or ...). :class:`Screened` walks the elements with the expression's tags (listed in C, in
document order), searches each tested attribute for its strings with one regular expression (the strings
as a trie: :func:`literals_pattern`; a superset of what the expression selects), then keeps the candidates
for which the expression's own predicates hold (``self::*[...]`` on each): the same elements, in the same
order.

A :class:`Screen` is written for the exact text of one expression: callers look it up by
:func:`expression_key`, and compare :func:`source_sha256` of the functions they mirror with the digests
of the trafilatura version they were written for, falling back to trafilatura's own code otherwise.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree
from trafilatura.xpaths import REGEXP_NS


def expression_key(expression: etree.XPath) -> str:
    """sha256 of the expression's text, first 16 hex digits: the key its :class:`Screen` is filed under."""
    return hashlib.sha256(expression.path.encode()).hexdigest()[:16]


def source_sha256(function: object) -> str | None:
    """sha256 of ``inspect.getsource(function)``; None when the source cannot be read."""
    try:
        return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
    except (OSError, TypeError):
        return None


@dataclass(frozen=True)
class Screen:
    """How one expression is pre-screened: ``prefix`` + predicates (+ ``|//tag`` per union tag) is its
    text; every element it selects has one of ``tags`` (None: any) and, in one of the attributes of
    ``needles``, one of that attribute's strings, or is a union tag's element."""

    prefix: str  # the location step before the predicates: ".//*[" or "//*["
    tags: tuple[str, ...] | None
    needles: tuple[tuple[str, tuple[str, ...]], ...]  # (attribute, strings one of which it may hold)
    union_tags: tuple[str, ...] = ()  # the expression ends with "|//tag": selected whatever their attributes
    child_tags: tuple[str, ...] = ()  # the predicates read such children: a page holding one falls back


class Screened:
    """``expression(tree)`` as candidates (listed in C, attributes searched for the needles) filtered by
    the expression's own predicates."""

    def __init__(self, expression: etree.XPath, screen: Screen | None) -> None:
        self.expression = expression
        self._screen = screen
        if screen is None:
            return
        path = expression.path.strip()
        union = "".join(f"|//{tag}" for tag in screen.union_tags)
        if not path.startswith(screen.prefix) or not path.endswith(union):
            raise ValueError(f"expression does not have the screened form: {path[:40]!r}")
        predicates = path[len(screen.prefix):len(path) - len(union)]
        self._on_node = etree.XPath("self::*[" + predicates, namespaces={"re": REGEXP_NS})
        self._iter_tags = (*screen.tags, *screen.union_tags) if screen.tags is not None else (etree.Element,)
        self._searches = tuple((attribute, re.compile(literals_pattern(strings)).search)
                               for attribute, strings in screen.needles)

    def __call__(self, tree: etree._Element) -> list[etree._Element]:
        screen = self._screen
        if (screen is None or any(next(tree.iter(tag), None) is not None for tag in screen.child_tags)
                or (screen.prefix.startswith("//") and tree.getroottree().getroot() is not tree)):
            return self.expression(tree)  # "//" would also search outside ``tree``
        union, on_node, searches = screen.union_tags, self._on_node, self._searches
        self_too = not screen.prefix.startswith(".")  # "//*" selects the root element too, ".//*" does not
        selected = []
        for element in tree.iter(*self._iter_tags):
            if element.tag in union:
                selected.append(element)
            elif ((self_too or element is not tree) and _holds_needle(element, searches)
                  and on_node(element)):
                selected.append(element)
        return selected


def literals_pattern(strings: Sequence[str]) -> str:
    """A regular expression that ``search`` finds in a text exactly when the text holds one of ``strings``:
    the strings as a trie of alternatives (``sidebar|share`` as ``s(?:hare|idebar)``), which the regular
    expression engine tries with one character comparison per first letter instead of one attempt per
    string at every position. A string holding another is dropped (finding the shorter one is enough);
    with the empty string (or none at all: the empty pattern, as ``"|".join`` of nothing), every text
    holds one."""
    trie: dict = {}
    for string in strings:
        node = trie
        for char in string:
            node = node.setdefault(char, {})
        node[None] = {}  # a string ends here

    def alternatives(node: dict) -> str:
        if None in node or not node:
            return ""
        options = [re.escape(char) + alternatives(child) for char, child in sorted(node.items())]
        return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"

    return alternatives(trie)


def _holds_needle(element: etree._Element, searches: Sequence[tuple[str, Callable[[str], object]]]) -> bool:
    if not element.keys():  # no attribute at all (most paragraphs): one call instead of a get per attribute
        return False
    get = element.get
    for attribute, search in searches:  # a loop, not any(generator): ~100 elements a page, 5 screens
        value = get(attribute)
        if value is not None and search(value):
            return True
    return False

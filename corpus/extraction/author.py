"""``trafilatura.metadata.extract_author`` with its XPaths pre-screened.

``extract_author`` copies the page, prunes the copy with ``AUTHOR_DISCARD_XPATHS`` and returns the first
usable text among the elements ``AUTHOR_XPATHS`` select on it: ~6 ms per page, most of it XPath
predicates with EXSLT regular expressions (``re:test``) on every element of the tag set. Every element
these expressions select has one of a few literal strings in one of the attributes they test
(``re:test(@class, '[Aa]uthor|...')`` needs "uthor" or ...), or a child the predicate reads
(``rel='me'``: pages holding a ``rel`` element fall back). :class:`Screened` walks the elements with the
expression's tags (listed in C, in document order) and searches each tested attribute for its strings
with one regular expression: a superset of what the expression selects. It then keeps the candidates for
which the expression's own predicates hold (``self::*[...]`` on each): the same elements, in the same
order.

Each pre-screen is tied to the exact text of its expression (SHA-256 of ``XPath.path``), and the steps to
the exact source of ``extract_author`` and ``extract_metainfo``: any other expression or source, e.g.
from another trafilatura version, goes through ``trafilatura.metadata.extract_author`` itself.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree
from trafilatura import metadata as tm
from trafilatura.xml import delete_element
from trafilatura.xpaths import REGEXP_NS


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


_DISCARD_TAGS = ("a", "div", "section", "span")
_BY_TAGS = ("a", "address", "div", "link", "p", "span", "strong")
_GENERIC_TAGS = ("a", "div", "h3", "h4", "p", "span")
# sha256(XPath.path)[:16] of trafilatura 2.3.1's expressions -> their pre-screens (None: cheap, used as is)
SCREENS: dict[str, Screen | None] = {
    # AUTHOR_DISCARD_XPATHS[0]: id 'comments', '^comments|comment-?list|ProductReviews'; class 'comments',
    # 'title', 'date', '^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|
    # article-(?:share|support)|print|category|meta-date|meta-reviewer'; data-component 'Figure'
    "82f43e48c571d06b": Screen(".//*[", _DISCARD_TAGS, (
        ("id", ("omment", "ProductReviews")),
        ("class", ("omment", "title", "date", "sidebar", "is-hidden", "quote", "embedly-instagram",
                   "article-", "print", "category", "meta-")),
        ("data-component", ("Figure",)))),
    # AUTHOR_DISCARD_XPATHS[1]: //time|//figure
    "37a7703e19d95ea8": None,
    # AUTHOR_XPATHS[0]: rel/id/class 'author', itemprop 'author name', data-testid 'AuthorCard'/'AuthorURL',
    # class 'author-?name|AuthorName|authorName' (all hold "uthor"); a child rel='me'; |//author
    "4d49fee6aa1c77f4": Screen("//*[", _BY_TAGS, tuple(
        (attribute, ("uthor",)) for attribute in ("rel", "id", "class", "itemprop", "data-testid")),
        union_tags=("author",), child_tags=("rel",)),
    # AUTHOR_XPATHS[1]: class byline/username/byl/BBL, itemprop 'author', id 'author|zuozhe|bianji|xiaobian',
    # class 'author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name'
    "6120fddc3d75e8ea": Screen("//*[", _GENERIC_TAGS, (
        ("class", ("byl", "username", "BBL", "author", "channel-name", "zuozhe", "bianji", "xiaobian",
                   "submitted-by", "posted-by", "journalist-name")),
        ("itemprop", ("author",)),
        ("id", ("author", "zuozhe", "bianji", "xiaobian")))),
    # AUTHOR_XPATHS[2]: data-component 'Byline', itemprop 'author', id '[Aa]uthor',
    # class '[Aa]uthor|screenname|writer|[Bb]yline'
    "4ff2ef32ff7c0e5f": Screen("//*[", None, (
        ("data-component", ("Byline",)), ("itemprop", ("author",)), ("id", ("uthor",)),
        ("class", ("uthor", "screenname", "writer", "yline")))),
}
# sha256 of inspect.getsource() of the functions :func:`extract_author` mirrors (trafilatura 2.3.1)
MIRRORED_SOURCES = {
    "extract_author": "e356580cb8515cbbc57c6b8f1f639687b45ee9a8c40d02b3aea61630497de194",
    "extract_metainfo": "a93943e7782f221add1ce6e5d8300befa2a617fcbceb13403f79af7b51b32918",
}


def _key(expression: etree.XPath) -> str:
    return hashlib.sha256(expression.path.encode()).hexdigest()[:16]


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
        self._searches = tuple((attribute, re.compile("|".join(map(re.escape, strings))).search)
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


def _holds_needle(element: etree._Element, searches: Sequence[tuple[str, Callable[[str], object]]]) -> bool:
    get = element.get
    return any((value := get(attribute)) is not None and search(value) for attribute, search in searches)


def _screened(expressions: Sequence[etree.XPath]) -> list[Screened] | None:
    keys = [_key(x) for x in expressions]
    if any(k not in SCREENS for k in keys):
        return None
    return [Screened(x, SCREENS[k]) for x, k in zip(expressions, keys, strict=True)]


def _source_sha256(function: object) -> str | None:
    try:
        return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
    except (OSError, TypeError):
        return None


_DISCARD = _screened(tm.AUTHOR_DISCARD_XPATHS)
_AUTHOR = _screened(tm.AUTHOR_XPATHS)
MIRRORS_INSTALLED = (_DISCARD is not None and _AUTHOR is not None and all(
    _source_sha256(getattr(tm, name)) == digest for name, digest in MIRRORED_SOURCES.items()))


def extract_author(tree: etree._Element) -> str | None:
    """``trafilatura.metadata.extract_author(tree)``."""
    if not MIRRORS_INSTALLED or _DISCARD is None or _AUTHOR is None:
        return tm.extract_author(tree)
    subtree = deepcopy(tree)
    for expression in _DISCARD:  # prune_unwanted_nodes without backup: all selected, then deleted
        for element in expression(subtree):
            delete_element(element)
    author = _metainfo(subtree, _AUTHOR, len_limit=120)
    return tm.normalize_authors(None, author) if author else author


def _metainfo(tree: etree._Element, expressions: Sequence[Screened], len_limit: int) -> str | None:
    """``extract_metainfo(tree, expressions, len_limit)``: the first result's text of usable length."""
    for expression in expressions:
        for elem in expression(tree):
            content = tm.trim(" ".join(elem.itertext()))
            if content and 2 < len(content) < len_limit:
                return content
    return None

"""``trafilatura.metadata.extract_author`` with its XPaths pre-screened.

``extract_author`` copies the page, prunes the copy with ``AUTHOR_DISCARD_XPATHS`` and returns the first
usable text among the elements ``AUTHOR_XPATHS`` select on it: ~6 ms per page, most of it XPath
predicates with EXSLT regular expressions (``re:test``) on every element of the tag set. Every element
these expressions select has one of a few literal strings in one of the attributes they test
(``re:test(@class, '[Aa]uthor|...')`` needs "uthor" or ...), or a child the predicate reads
(``rel='me'``: pages holding a ``rel`` element fall back). :class:`corpus.extraction.screen.Screened`
lists those candidates and keeps the ones the expression's own predicates select: the same elements, in
the same order.

Each pre-screen is tied to the exact text of its expression (SHA-256 of ``XPath.path``), and the steps to
the exact source of ``extract_author`` and ``extract_metainfo``: any other expression or source, e.g.
from another trafilatura version, goes through ``trafilatura.metadata.extract_author`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy

from lxml import etree
from trafilatura import metadata as tm
from trafilatura.xml import delete_element

from corpus.extraction.screen import Screen, Screened, expression_key, source_sha256

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


def _screened(expressions: Sequence[etree.XPath]) -> list[Screened] | None:
    keys = [expression_key(x) for x in expressions]
    if any(k not in SCREENS for k in keys):
        return None
    return [Screened(x, SCREENS[k]) for x, k in zip(expressions, keys, strict=True)]


_DISCARD = _screened(tm.AUTHOR_DISCARD_XPATHS)
_AUTHOR = _screened(tm.AUTHOR_XPATHS)
MIRRORS_INSTALLED = (_DISCARD is not None and _AUTHOR is not None and all(
    source_sha256(getattr(tm, name)) == digest for name, digest in MIRRORED_SOURCES.items()))


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

"""trafilatura's ``BODY_XPATH`` (where the main content frame is looked for) with its first match found
from a pre-screen.

``_extract`` tries the expressions in turn and reads only the first element each one selects,
``next((s for s in expr(tree) if s is not None), None)``. Four of them test every ``article``/``div``/
``main``/``section`` of the page with EXSLT regular expressions (``re:test``, a Python call per element
and test: 0.2 to 0.8 ms per expression on a real page). Every element an expression selects holds, in
an attribute it tests, one of a few literal strings (``re:test(@class, 'post[-_]text|...')`` needs
"post"...). :class:`FirstMatch` walks the elements of the expression's tags (listed in C, in document
order), searches the tested attributes for those strings with one regular expression each (a superset of
what the expression selects), and returns the first element holding one for which the expression's own
predicates hold (``self::*[...]``, the exact text of the expression): the element ``next(...)`` reads.
Called, it returns that element in a list (or an empty list), which is all ``_extract`` reads of an
expression's result (its ``str`` is the expression's, which ``_extract`` logs).

Each pre-screen is tied to the exact text of its expression (:func:`corpus.extraction.screen.expression_key`);
an expression without one, e.g. from another trafilatura version, is used as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree
from trafilatura.xpaths import REGEXP_NS

from corpus.extraction.screen import expression_key


@dataclass(frozen=True)
class FirstScreen:
    """The pre-screen of one expression ``prefix + predicates + suffix``: every element it selects is a
    descendant with one of ``tags`` holding, in one of the attributes of ``needles``, one of that
    attribute's strings (``folded``: the expression compares it after ``translate(@attribute, upper,
    lower)`` or case-insensitively; the screen searches it case-insensitively), or is the first descendant
    with ``union_tag``."""

    prefix: str  # the text before the predicates: ".//*[" or "(.//*["
    suffix: str  # the text after them: "][1]", "])[1]"...
    tags: tuple[str, ...]
    needles: tuple[tuple[str, tuple[str, ...]], ...]  # (attribute, strings one of which it holds)
    folded: tuple[tuple[str, str, str, str], ...] = ()  # (attribute, upper, lower, string)
    union_tag: str | None = None


_FRAMES = ("article", "div", "main", "section")
# sha256(XPath.path)[:16] of trafilatura 2.3.1's BODY_XPATH -> their pre-screens (BODY_XPATH[1],
# "(.//article)[1]", has no regular expression and is used as it is)
SCREENS: dict[str, FirstScreen] = {
    # @class='post'|'entry', @itemprop='articleBody', @id='articleContent'; id '(?:entry|article|art)-content|
    # article__content|article(?:-|__)?body|articleBody|body-text'; class 'post[-_]text|post-body|
    # post-?entry|post[-_]?content|postContent|post_inner_wrapper|article-?text|articleText|(?:entry|page|
    # text|article|art)-content|article__content|article(?:-|__)?body|articleBody|ArticleContent|body-text|
    # article__container'
    "caaa561ceca17064": FirstScreen(".//*[", "][1]", _FRAMES, (
        ("class", ("post", "entry", "rticle", "-content", "body-text")),
        ("itemprop", ("articleBody",)),
        ("id", ("-content", "article", "body-text")))),
    # @role='article'; @id='article'|'story'; @class='postarea'|'art-postcontent'|'text'|'cell'|'story';
    # id '^primary|story-body'; class 'fulltext' (any case); class '^article |post-bodycopy|story-?content|
    # (?:theme|blog|section|single)-content|single-post|main-column|wpb_text_column|story-body|field-body'
    "6c9b5e1fdc092943": FirstScreen("(.//*[", "])[1]", _FRAMES, (
        ("role", ("article",)),
        ("id", ("article", "story", "primary")),
        ("class", ("postarea", "art-postcontent", "text", "cell", "story", "article ", "post-bodycopy",
                   "-content", "single-post", "main-column", "field-body"))),
        folded=(("class", "FULTEX", "fultex", "fulltext"),)),
    # @id='content', @class='content'; id 'content-main|content-body|contentBody'; class 'content[-_]main|
    # content(?:-|__)body'; translate(@id|@class, 'CM', 'cm') holds 'main-content'; translate(@class, 'CP',
    # 'cp') holds 'page-content' (all hold "ontent")
    "10a7ceacc0ff8cdf": FirstScreen("(.//*[", "])[1]", _FRAMES, (
        ("id", ("ontent",)), ("class", ("ontent",)))),
    # starts-with(@class|@id|@role, 'main') on article/div/section, or the first <main>
    "95f15d1c1b6d4052": FirstScreen("(.//*[", "])[1]|(.//main)[1]", ("article", "div", "section"), (
        ("class", ("main",)), ("id", ("main",)), ("role", ("main",))), union_tag="main"),
}


def _searches(screen: FirstScreen) -> tuple[tuple[str, Callable[[str], object]], ...]:
    """One search per attribute for the screen's strings (the folded ones case-insensitively: the
    letters they fold have no other case-insensitive equivalent than their ASCII upper case)."""
    patterns: dict[str, list[str]] = {}
    for attribute, strings in screen.needles:
        patterns.setdefault(attribute, []).extend(map(re.escape, strings))
    for attribute, _upper, _lower, string in screen.folded:
        patterns.setdefault(attribute, []).append(f"(?i:{re.escape(string)})")
    return tuple((attribute, re.compile("|".join(alternatives)).search)
                 for attribute, alternatives in patterns.items())


class FirstMatch:
    """``expression(tree)[:1]`` (the first element it selects, in document order): the descendants with
    the screen's tags, listed in C, are searched for its strings, and the first that holds one and
    satisfies the expression's own predicates (or has the union tag) is the answer."""

    def __init__(self, expression: etree.XPath, screen: FirstScreen) -> None:
        self.expression = expression
        path = expression.path.strip()
        if not path.startswith(screen.prefix) or not path.endswith(screen.suffix):
            raise ValueError(f"expression does not have the screened form: {path[:40]!r}")
        predicates = path[len(screen.prefix):len(path) - len(screen.suffix)]
        self._on_node = etree.XPath(f"self::*[{predicates}]", namespaces={"re": REGEXP_NS})
        self._tags = (*screen.tags, screen.union_tag) if screen.union_tag else screen.tags
        self._searches = _searches(screen)
        self._union_tag = screen.union_tag

    def __call__(self, tree: etree._Element) -> list[etree._Element]:
        on_node, union_tag, searches = self._on_node, self._union_tag, self._searches
        for element in tree.iter(*self._tags):
            if element is tree:  # ".//": descendants only
                continue
            if element.tag == union_tag or (_holds_needle(element, searches) and on_node(element)):
                return [element]
        return []

    def __str__(self) -> str:  # _extract logs str(expr) of the expression that found the content
        return str(self.expression)


def _holds_needle(element: etree._Element, searches: Sequence[tuple[str, Callable[[str], object]]]) -> bool:
    get = element.get
    for attribute, search in searches:
        value = get(attribute)
        if value is not None and search(value):
            return True
    return False


def screened(expressions: Sequence[etree.XPath]) -> list[etree.XPath | FirstMatch]:
    """``expressions`` with a :class:`FirstMatch` in place of each expression that has a pre-screen."""
    return [FirstMatch(x, SCREENS[key]) if (key := expression_key(x)) in SCREENS else x for x in expressions]

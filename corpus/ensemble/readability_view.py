"""readability-lxml 0.9 as the ensemble runs it: same algorithm and output, less work per page.

:class:`Readability` is readability-lxml's ``Document`` with these changes, none of which changes
what ``summary()`` returns (``bench/extract_parity.py`` checks it on 500 pages):

- ``_parse`` deep-copies our already-parsed tree (readability prunes the tree it works on; a copy
  per ``summary()`` attempt keeps the page intact and lets a retry start from the whole page) and
  runs a cleaner without ``javascript=True`` (that option only rewrites ``javascript:`` links and
  ``on*`` attributes: no visible text changes, ~40 % of readability's time) and no link rewriting.
- ``remove_unlikely_candidates`` lists the elements with a class or id (the others are skipped by
  readability's own ``len(s) < 2`` test), runs its two patterns once per distinct
  "class id" string of the page, and does not format debug descriptions of every removed element
  (readability builds them even when debug logging is off). Its two XPath tests of each unlikely
  element are answered from the page as it was when the loop started: the loop visits elements in
  document order and only drops elements, so when it reaches an element none of its descendants has
  been dropped (their subtree is as it was: it holds a ``main``/``article``/``math`` exactly when it
  is one of those or their ancestors, :func:`_article_holders`), and tags never change (a page
  without ``pre``/``code`` has none as ancestors; with some, the XPath itself runs).
- ``transform_misused_divs_into_paragraphs``: readability serialises every child of every ``<div>``
  and searches the bytes' ``repr`` for ``<(blockquote|dl|div|img|ol|p|pre|table|ul)`` (ASCII,
  case-insensitive). ``<`` only starts a tag in that serialisation (text and attribute values are
  escaped, comments are gone), so the search finds a match exactly when some descendant's tag name
  starts with one of those words: one XPath ``boolean()`` per div, no serialisation.
- readability's ``clean`` (and ``text_length``, its length) scans every text for a run of 255 white
  space characters, and for a tab or two spaces, with regexes tried at every character; :func:`clean`
  skips the first unless some aligned block of 128 characters is all white space, and collapses runs of
  spaces with ``str.replace`` when there is no tab; a printable text without two spaces in a row is only
  stripped (its only white space is single spaces: :mod:`corpus.ensemble.trim`). The readability methods
  that call them run with ours (:func:`_with_our_text_length`).
- ``score_paragraphs`` measures each element's text length once (the tree does not change while it
  scores) and skips the debug descriptions; it and ``get_link_density`` list an element's links with
  ``iterdescendants("a")`` (``findall(".//a")``'s elements) and measure the element itself only when its
  links hold text: without, the density is ``float(0) / n == 0.0`` whatever ``n``. ``sanitize`` formats
  the text of every element it keeps into a debug message; that text is read only when the message
  is logged (:func:`_debug_text`).
- ``tags``/``reverse_tags`` list a tag's descendants with ``iterdescendants`` (what readability's
  ``findall(".//tag")`` does through lxml's Python ElementPath, one generator step per element), one
  list per tag name as before; the readability methods that format ``describe(elem)`` into debug
  messages (``select_best_candidate``, ``sanitize``) describe nothing while debug logging is off
  (the message is dropped then), see :func:`_describe`; ``get_semantic_article_candidate`` runs its
  first XPath test compiled once; the empty ``<div>``/``<p>`` it creates are made as elements rather
  than parsed as documents (:func:`_new_element`).
"""

from __future__ import annotations

import copy
import logging
import re
import sys
import types
from collections.abc import Iterator

from lxml import etree
from lxml.etree import tounicode
from lxml.html import HTMLParser, fragment_fromstring
from readability import Document as ReadabilityDocument
from readability.debug import describe
from readability.debug import text_content as debug_text
from readability.readability import REGEXES

from corpus.ensemble.readability_clean import OPTIONS, FastCleaner
from corpus.ensemble.trim import single_spaced

# readability-lxml 0.9's cleaner without ``javascript=True`` (see the module docstring), its element loop
# in C (corpus.ensemble.readability_clean)
_CLEANER = FastCleaner(**OPTIONS)
_HIDDEN = etree.XPath("//*[@hidden]")
_STYLED = etree.XPath("//*[@style]")
_UPPER_ASCII = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# REGEXES["unlikelyCandidatesRe"] is an alternation of lowercase words searched case-insensitively:
# the same words searched case-sensitively in the case-folded text find the same matches ~5x faster.
# Folding maps each character to the one character re.IGNORECASE equates with an ASCII letter
# (A-Z, and the four non-ASCII ones: dotted/dotless I, long s, Kelvin sign), position for position.
_UNLIKELY_WORDS = REGEXES["unlikelyCandidatesRe"].pattern
_UNLIKELY = re.compile(_UNLIKELY_WORDS) if re.fullmatch(r"[a-z|-]+", _UNLIKELY_WORDS) else None
_FOLD = str.maketrans({**{c: c.lower() for c in _UPPER_ASCII}, "\u0130": "i", "\u0131": "i", "\u017f": "s",
                       "\u212a": "k"})
# the descendants with a non-empty class or id, in document order: those for which
# ``e.get("class") or e.get("id")`` holds (only elements have attributes), selected in C
_CLASSED = etree.XPath("descendant::*[@class != '' or @id != '']")
_IN_CODE = etree.XPath("ancestor-or-self::pre | ancestor-or-self::code")
# readability's test of the best candidate in get_semantic_article_candidate, compiled once
_IN_FORM_ASIDE_NAV = etree.XPath("ancestor-or-self::form | ancestor-or-self::aside | ancestor-or-self::nav")
_HOLDS_ARTICLE = etree.XPath(
    "descendant-or-self::main | descendant-or-self::article | descendant-or-self::math")
# REGEXES["divToPElementsRe"] on a serialisation: some descendant's tag starts with one of these words
_BLOCK_TAG = re.compile(r"(?:blockquote|dl|div|img|ol|p|pre|table|ul)", re.I | re.ASCII)
_INLINE_TAGS = frozenset({"a", "b", "cite", "code", "em", "font", "i", "small", "span", "strong", "sub",
                          "sup", "u"})

# readability.readability.clean's patterns, compiled once (its r"\s*\n\s*" is _newline_space)
_LONG_SPACE = re.compile(r"\s{255,}")
_TAB_SPACE = re.compile(r"\t|[ \t]{2,}")


def _newline_space(text: str) -> str:
    r"""``re.sub(r"\s*\n\s*", "\n", text)`` with str methods (half the time): every run of whitespace
    holding a newline becomes one newline. Split at the newlines, the runs are the whitespace that
    ends the first piece, begins the last, and surrounds (or makes up) the pieces between; ``\s`` and
    ``str.strip`` agree on what whitespace is (both ``str.isspace``)."""
    parts = text.split("\n")
    if len(parts) == 1:
        return text
    inner = [p.strip() for p in parts[1:-1]]
    return "\n".join([parts[0].rstrip(), *[p for p in inner if p], parts[-1].lstrip()])


_BLOCK = 128  # any run of 255 (>= 2 * 128 - 1) characters holds a whole block [k * 128, (k + 1) * 128)


def _may_hold_long_space(text: str) -> bool:
    """False when ``text`` has no run of 255 white space characters (``_LONG_SPACE`` cannot match): such
    a run holds one of the aligned blocks of 128 characters whole, so some block would be all white
    space (``str.isspace``, which ``\\s`` matches). A few slices instead of the regex's scan, which
    tries a match at every character (~17 ns each)."""
    end = len(text) // _BLOCK * _BLOCK
    starts = text[:end:_BLOCK]  # such a block starts with white space: most texts have no such start
    if len("".join(starts.split())) == len(starts):
        return False
    return any(text[i:i + _BLOCK].isspace() for i in range(0, end, _BLOCK) if text[i].isspace())


def clean(text: str) -> str:
    """``readability.readability.clean``; a pattern is only run on text that can hold a match of it
    (a run of 255 white space characters for the first, a newline for the second, a tab or two spaces
    for the third). A printable text without two spaces in a row holds none: its only white space is
    single spaces (see :mod:`corpus.ensemble.trim`), so only the final ``strip`` changes it."""
    if single_spaced(text):
        return text.strip()
    if len(text) >= 255 and _may_hold_long_space(text):
        text = _LONG_SPACE.sub(" " * 255, text)
    if "\n" in text:
        text = _newline_space(text)
    if "\t" in text:
        text = _TAB_SPACE.sub(" ", text)
    elif "  " in text:  # without a tab, the pattern's matches are the runs of 2+ spaces: halved in C
        while "  " in text:
            text = text.replace("  ", " ")
    return text.strip()


def text_length(elem: etree._Element) -> int:
    """``readability.readability.text_length``."""
    return len(clean(elem.text_content() or ""))


def _unlikely(s: str) -> bool:
    """``REGEXES["unlikelyCandidatesRe"].search(s)`` (see ``_FOLD``)."""
    if _UNLIKELY is None:
        return bool(REGEXES["unlikelyCandidatesRe"].search(s))
    return bool(_UNLIKELY.search(s.lower() if s.isascii() else s.translate(_FOLD)))


def _has_block_descendant(elem: etree._Element) -> bool:
    for node in elem.iterdescendants():  # document order: the first block tag ends the walk
        tag = node.tag
        if isinstance(tag, str) and _BLOCK_TAG.match(tag):
            return True
    return False


def _article_holders(root: etree._Element) -> set[etree._Element]:
    """The elements of ``root`` for which ``_HOLDS_ARTICLE`` holds: the ``main``, ``article`` and ``math``
    elements and their ancestors (within ``root``'s document)."""
    holders: set[etree._Element] = set()
    for elem in root.iter("main", "article", "math"):
        if elem not in holders:
            holders.add(elem)
            holders.update(elem.iterancestors())
    return holders


_LOG = logging.getLogger("readability.readability")  # readability's logger
_PARSER = HTMLParser()  # lxml.html's parser: its elements are lxml.html's HtmlElement classes


def _new_element(tag: str) -> etree._Element:
    """``fragment_fromstring(f"<{tag}/>")`` without parsing a document around it: an empty element of
    the same class. The parsed one sits in the body of a document of its own, which its callers never
    read: they move it into the page (readability's <p> wrappers) or fill it and serialise it
    (readability's output <div>, whose ancestors hold no text or sibling)."""
    return _PARSER.makeelement(tag)


def _fragment(html: str, *args: object, **kwargs: object) -> etree._Element:
    """readability's ``fragment_fromstring``, which it only calls as ``fragment_fromstring("<div/>")``."""
    if html == "<div/>" and not args and not kwargs:
        return _new_element("div")
    return fragment_fromstring(html, *args, **kwargs)


def _describe(node: etree._Element, *args: object) -> str:
    """readability's ``describe`` when its debug messages are logged; "" otherwise (every call of it in
    readability formats a ``log.debug`` message, which is then dropped)."""
    return describe(node, *args) if _LOG.isEnabledFor(logging.DEBUG) else ""


def _debug_text(elem: etree._Element, *args: object) -> str:
    """readability's ``readability.debug.text_content`` (an element's text, white space collapsed) when
    its debug messages are logged; "" otherwise (its only caller, ``sanitize``, formats it into a
    ``log.debug`` message for every element it keeps, which is then dropped)."""
    return debug_text(elem, *args) if _LOG.isEnabledFor(logging.DEBUG) else ""


def _uses(code: types.CodeType, names: frozenset[str]) -> bool:
    """``code`` or a function, lambda or comprehension nested in it reads one of the global ``names``."""
    return bool(names & set(code.co_names)) or any(
        _uses(c, names) for c in code.co_consts if isinstance(c, types.CodeType))


def _with_our_text_length(cls: type) -> type:
    """The readability methods ``cls`` does not override that call ``readability.readability``'s
    ``clean``, ``text_length``, ``describe``, ``text_content`` or ``fragment_fromstring``, copied into
    ``cls`` with globals in which those names are this module's (same results, see :func:`clean`,
    :func:`_describe`, :func:`_debug_text` and :func:`_fragment`); their code and readability's own module
    are unchanged. (``text_content`` is also the name of an element method: the methods calling it are
    copied too, and their method calls are not affected by globals.)"""
    names = frozenset({"clean", "text_length", "describe", "text_content", "fragment_fromstring"})
    module = sys.modules[ReadabilityDocument.__module__]
    scope = {**vars(module), "clean": clean, "text_length": text_length, "describe": _describe,
             "text_content": _debug_text, "fragment_fromstring": _fragment}
    for name, fn in vars(ReadabilityDocument).items():
        if isinstance(fn, types.FunctionType) and name not in vars(cls) and _uses(fn.__code__, names):
            copied = types.FunctionType(fn.__code__, scope, fn.__name__, fn.__defaults__, fn.__closure__)
            copied.__kwdefaults__, copied.__qualname__ = fn.__kwdefaults__, fn.__qualname__
            setattr(cls, name, copied)
    return cls


@_with_our_text_length
class Readability(ReadabilityDocument):
    """readability-lxml's Document on a parsed tree (see the module docstring for what differs)."""

    def _parse(self, input: etree._Element) -> etree._Element:
        doc = copy.deepcopy(input)
        self.encoding = "utf-8"
        for elem in _HIDDEN(doc):
            elem.drop_tree()
        for elem in _STYLED(doc):
            if REGEXES["displayNoneRe"].search(elem.get("style")):
                elem.drop_tree()
        _CLEANER(doc)  # in place, on our copy (clean_html would deep-copy it once more)
        return doc

    def tags(self, node: etree._Element, *tag_names: str) -> Iterator[etree._Element]:
        for tag_name in tag_names:  # each list made when reached, as findall(".//%s" % tag_name) is
            yield from list(node.iterdescendants(tag_name))

    def reverse_tags(self, node: etree._Element, *tag_names: str) -> Iterator[etree._Element]:
        for tag_name in tag_names:
            yield from reversed(list(node.iterdescendants(tag_name)))

    def get_semantic_article_candidate(self, candidates: dict, best_candidate: dict) -> dict:
        """readability's: its first test (most pages stop there) with the XPath compiled once."""
        if not _IN_FORM_ASIDE_NAV(best_candidate["elem"]):
            return best_candidate
        return super().get_semantic_article_candidate(candidates, best_candidate)

    def get_link_density(self, elem: etree._Element) -> float:
        link_length = 0
        for i in elem.iterdescendants("a"):  # findall(".//a"): the same elements, listed in C
            link_length += text_length(i)
        # without link text the density is 0.0 whatever the element's length (float(0) / n)
        return float(link_length) / max(text_length(elem), 1) if link_length else 0.0

    def remove_unlikely_candidates(self) -> None:
        maybe = REGEXES["okMaybeItsACandidateRe"]
        verdicts: dict[str, bool] = {}  # "class id" -> the two pattern tests (pages repeat their classes)
        # readability's len(s) < 2 test: a non-empty class or id (listed before any element is dropped)
        classed = _CLASSED(self.html)
        in_code = _IN_CODE if next(self.html.iter("pre", "code"), None) is not None else None
        holders = _article_holders(self.html)
        for elem in classed:
            s = f"{elem.get('class', '')} {elem.get('id', '')}"
            unlikely = verdicts.get(s)
            if unlikely is None:
                unlikely = verdicts[s] = _unlikely(s) and not maybe.search(s)
            if (unlikely and elem.tag not in ("html", "body")
                    and not (in_code is not None and in_code(elem)) and elem not in holders):
                elem.drop_tree()

    def transform_misused_divs_into_paragraphs(self) -> None:
        # <div>s without block descendants become <p>s (readability: FIXME, only direct children's
        # serialisations are searched, which hold all descendants anyway)
        for elem in self.tags(self.html, "div"):
            if not _has_block_descendant(elem):
                elem.tag = "p"
        for elem in self.tags(self.html, "div"):
            self._wrap_inline_runs(elem)

    @staticmethod
    def _wrap_inline_runs(elem: etree._Element) -> None:
        """readability's second and third passes over one <div> (verbatim)."""
        children = list(elem)
        paragraph = None
        if elem.text and elem.text.strip():
            p = _new_element("p")
            p.text = elem.text
            elem.text = None
            elem.insert(0, p)
            paragraph = p
        for child in children:
            if child.tag == "br":
                paragraph = None
                continue
            if child.tag not in _INLINE_TAGS or REGEXES["divToPElementsRe"].search(
                    tounicode(child, method="html")):
                paragraph = None
                continue
            if paragraph is None:
                paragraph = _new_element("p")
                child.addprevious(paragraph)
            paragraph.append(child)
        for pos, child in reversed(list(enumerate(elem))):
            if child.tail and child.tail.strip():
                p = _new_element("p")
                p.text = child.tail
                child.tail = None
                elem.insert(pos + 1, p)
            if child.tag == "br":
                child.drop_tree()

    def score_paragraphs(self) -> dict:
        min_len = self.min_text_length
        candidates: dict = {}
        ordered = []
        for elem in self.tags(self._html(), "p", "pre", "td", "blockquote"):
            parent_node = elem.getparent()
            if parent_node is None:
                continue
            grand_parent_node = parent_node.getparent()
            inner_text = clean(elem.text_content() or "")
            inner_text_len = len(inner_text)
            if inner_text_len < min_len:  # paragraphs under 25 characters do not count
                continue
            if parent_node not in candidates:
                candidates[parent_node] = self.score_node(parent_node)
                ordered.append(parent_node)
            if grand_parent_node is not None and grand_parent_node not in candidates:
                candidates[grand_parent_node] = self.score_node(grand_parent_node)
                ordered.append(grand_parent_node)
            content_score = 1
            content_score += inner_text.count(",") + 1  # len(inner_text.split(",")), without the list
            content_score += min((inner_text_len / 100), 3)
            candidates[parent_node]["content_score"] += content_score
            if grand_parent_node is not None:
                candidates[grand_parent_node]["content_score"] += content_score / 2.0
        # scale by link density; the tree is not modified here, so each length is measured once
        lengths: dict[etree._Element, int] = {}

        def length(el: etree._Element) -> int:
            if el not in lengths:
                lengths[el] = text_length(el)
            return lengths[el]

        for elem in ordered:
            link_length = 0
            for i in elem.iterdescendants("a"):
                link_length += length(i)
            ld = float(link_length) / max(length(elem), 1) if link_length else 0.0  # as get_link_density
            candidates[elem]["content_score"] *= 1 - ld
        return candidates

"""``trafilatura.main_extractor.extract_content`` with ``OVERALL_DISCARD_XPATH`` pre-screened.

``extract_content`` prunes every content frame it tries (``prune_unwanted_sections``) with
``OVERALL_DISCARD_XPATH``: two expressions whose conditions are EXSLT regular expressions
(``re:test``, a Python call per element and test, with or without the attribute), ~2 ms per frame.
Every element they select holds, in one of the attributes they test, one of a few literal strings each
alternative needs (``re:test(@class, '...|sidebar|...|dfp[Aa]d|...')`` needs "sidebar" or "dfp" or ...;
``@data-lp-replacement-content`` needs the attribute). :class:`corpus.extraction.screen.Screened` lists
the elements of the expression's tags holding such a string, then keeps those for which the
expression's own predicates hold: the same elements, in the same order; ``prune_unwanted_nodes``' own
steps (the over-pruning guard of ``with_backup``) then run on them unchanged.

:data:`extract_content` is trafilatura's own function (its code object, and those of ``_extract``,
``recover_wild_text`` and ``prune_unwanted_sections``) bound to a copy of its module's namespace in
which ``prune_unwanted_nodes`` is :func:`prune_unwanted_nodes` below: trafilatura's module is left as it
is. Tied to the exact text of the expressions and the exact source of the five functions; anything else
(another trafilatura version) is ``trafilatura.main_extractor.extract_content`` itself.

Two more names of that namespace differ: ``BODY_XPATH`` (the expressions looking for the content frame,
whose first match is found from a C-level pre-screen, :mod:`corpus.ensemble.body_xpath`) and
``delete_by_link_density`` (:func:`delete_by_link_density`: a frame without links is left as it is
without testing each of its elements, which is what trafilatura's finds).

:func:`extract_content_lazily` is ``extract_content`` line for line except for its first step: the backup
copy of the cleaned tree, which only the recovery pass reads (when the main pass found little text, a
few pages in a hundred), is made then, by a function that builds the same tree again (the caller's
cleaning steps rerun on a fresh copy of their input: the same elements in the same order).

Every function of ``trafilatura.main_extractor`` and ``trafilatura.htmlprocessing`` that this extraction
reaches (``handle_paragraphs``, ``process_node``, ``link_density_test``...) runs with its code unchanged
but bound to copies of the two modules' namespaces in which ``trim`` is :func:`corpus.ensemble.trim.trim`
(the same value, without splitting a text that is already collapsed: most paragraphs); ``_extract`` is
:func:`corpus.ensemble.frame._extract` (trafilatura's, its per-frame queries compiled once).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree
from trafilatura import htmlprocessing, main_extractor
from trafilatura.xml import delete_element

from corpus.ensemble import frame
from corpus.ensemble.body_xpath import screened
from corpus.ensemble.prune import Pruner
from corpus.ensemble.trim import trim
from corpus.extraction.screen import Screen, Screened, expression_key, source_sha256

_TAGS = ("div", "item", "list", "p", "section", "span")
_BOTH = ("shar", "hare", "social", "viral", "newsletter", "syndication", "tags", "sidebar", "banner", "bread",
         "button", "author", "cookie")
# sha256(XPath.path)[:16] of trafilatura 2.3.1's OVERALL_DISCARD_XPATH -> their pre-screens
SCREENS: dict[str, Screen] = {
    # @data-lp-replacement-content (present: ""); role 'nav' after N->n ("av"); data-component
    # 'MostPopularStories'; id|class 'cookie'; id '^shar|...|share|Share|nav|Nav|...|^ad-'; class
    # '^shar|...|^(?:nav|post-nav|ZendeskForm)|...|avigation|...|bar| ad |-ad-|(?:^| )ad-|dfp[Aa]d|...|
    # paid-?content|...|footer|Footer|byline|Byline|share-|sociable|embedded|embed|...|nfoline'
    "OVERALL_DISCARD_XPATH[0]": Screen(".//*[", _TAGS, (
        ("data-lp-replacement-content", ("",)),
        ("role", ("av",)),
        ("data-component", ("MostPopularStories",)),
        ("id", (*_BOTH, "jp-", "dpsp-content", "bmdh", "ooter", "nav", "Nav", "menu", "related",
                "message-container", "premium", "ad-")),
        ("class", (*_BOTH, "nav", "ZendeskForm", "avigation", "menu", "bar", " ad ", "ad-", "dfp", "outbrain",
                   "taboola", "criteo", "paid", "widget", "ooter", "yline", "sociab", "embed", "tag-list",
                   "consent", "modal-content", "permission", "elated", "next-", "-stories", "most-popular",
                   "more-on", "meta", "rating", "attachment", "timestamp", "user-info", "user-profile",
                   "-icon", "article-infos", "message-container", "slide", "viewport", "overlay", "options",
                   "expand", "obfuscated", "blurred", "mol-factbox", "yin", "zlylin", "nfoline")))),
    # class 'comments-title'; id|class starts 'reply-'; id|style 'hidden'; style 'display:none',
    # 'display: none'; id 'reader-comments|akismet'; class '^hide-|comments-title|nocomments|-reply-|
    # message|akismet|suggest-links|-hide-|hide-print| hidden| hide|noprint|notloaded'; aria-hidden 'true'
    "OVERALL_DISCARD_XPATH[1]": Screen(".//*[", None, (
        ("class", ("comments-title", "reply-", "hide", "hidden", "nocomments", "message", "akismet",
                   "suggest-links", "noprint", "notloaded")),
        ("id", ("reply-", "hidden", "reader-comments", "akismet")),
        ("style", ("hidden", "display:none", "display: none")),
        ("aria-hidden", ("true",)))),
}
# the expressions' sha256(XPath.path)[:16] in trafilatura 2.3.1
EXPRESSIONS = {"OVERALL_DISCARD_XPATH[0]": "a837e58a1b1ea116", "OVERALL_DISCARD_XPATH[1]": "c1d5b70b8cd03783"}
# sha256 of inspect.getsource() of the functions used with their code unchanged, or mirrored
SOURCES = {
    "extract_content": "f0270c94ac5f30b587af9038adf70bc04082aaef15249c854bc6f8044074af3a",
    "_extract": "3e0e39ed3e03e8e473b874bc3b87ceb6a4ae3b06df10a3f9489d62bfb9dbc085",
    "recover_wild_text": "335f6d13321fd4e3304299d7265493a5d83d63ae4da4a7b2beb6fd3e05cdebfd",
    "prune_unwanted_sections": "e6eb7afcc64d3f3792b8584d742acd9dc6eee5700aa822e23960f688f7b8e283",
    "prune_unwanted_nodes": "4731f8e24ef86449c2714a6257d2ff892ff12a6a3d544d7ca87d6536fab29915",
    "delete_by_link_density": "306ab5a31636cd08bcf09d2e4d78d538f961b30c944712c5e8f8eddf3e010fa2",
    "link_density_test": "0b3d71f252bf19639de358ec3f4abc7c252eefb60eeac3b1da77e6dd9d8a444e",
}
_FROM_HTMLPROCESSING = ("prune_unwanted_nodes", "delete_by_link_density", "link_density_test")


def _functions() -> dict[str, Callable[..., Any]]:
    return {name: getattr(htmlprocessing if name in _FROM_HTMLPROCESSING else main_extractor, name)
            for name in SOURCES}


def _screened_overall() -> list[Screened] | None:
    expressions = main_extractor.OVERALL_DISCARD_XPATH
    if [expression_key(x) for x in expressions] != list(EXPRESSIONS.values()):
        return None
    return [Screened(x, SCREENS[name]) for x, name in zip(expressions, EXPRESSIONS, strict=True)]


_OVERALL = _screened_overall()
_PRUNE_IMAGES = Pruner(main_extractor.DISCARD_IMAGE_ELEMENTS)  # caption containers (corpus.ensemble.prune)
MIRRORS_INSTALLED = _OVERALL is not None and all(
    source_sha256(function) == SOURCES[name] for name, function in _functions().items())


def prune_unwanted_nodes(tree: etree._Element, nodelist: Sequence[etree.XPath],
                         with_backup: bool = False) -> etree._Element:
    """trafilatura's ``prune_unwanted_nodes``; the elements of ``OVERALL_DISCARD_XPATH`` and
    ``DISCARD_IMAGE_ELEMENTS`` pre-screened. Without a match the guard has nothing to weigh: the tree's
    text is not measured."""
    if nodelist is main_extractor.DISCARD_IMAGE_ELEMENTS and not with_backup:
        return _PRUNE_IMAGES(tree)  # trafilatura's loop itself when the expression is not the screened one
    if _OVERALL is None or nodelist is not main_extractor.OVERALL_DISCARD_XPATH:
        return htmlprocessing.prune_unwanted_nodes(tree, nodelist, with_backup)
    expressions = _OVERALL
    if not with_backup:
        for expression in expressions:
            for subtree in expression(tree):
                delete_element(subtree)  # the tail text is preserved
        return tree
    # guard: prune nothing if it would remove too much text, the tree keeps its elements
    matches = dict.fromkeys(elem for expression in expressions for elem in expression(tree))
    outer = [elem for elem in matches if not any(a in matches for a in elem.iterancestors())]
    if not outer:  # nothing to delete, whatever the lengths
        return tree
    old_len = len(tree.text_content())
    if old_len - sum(len(elem.text_content()) for elem in outer) > old_len / 7:
        for elem in outer:
            delete_element(elem)
    return tree


def delete_by_link_density(subtree: etree._Element, tagname: str, backtracking: bool = False,
                           favor_precision: bool = False) -> etree._Element:
    """trafilatura's ``delete_by_link_density``, which deletes an element only when ``link_density_test``
    finds links in it (``findall(".//ref")``; without, it returns ``(False, False)``): a subtree without
    any ``<ref>`` is returned as it is, without testing its elements one by one."""
    if next(subtree.iter("ref"), None) is None:
        return subtree
    return _DELETE_BY_LINK_DENSITY(subtree, tagname, backtracking, favor_precision)


def bound_to(namespace: dict[str, Any], function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``'s code with ``namespace`` as its globals."""
    bound = types.FunctionType(function.__code__, namespace, function.__name__, function.__defaults__,
                               function.__closure__)
    bound.__kwdefaults__ = function.__kwdefaults__
    return bound


def _rebound_module(module: types.ModuleType, replaced: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``module``'s namespace with ``replaced`` in it and the module's own functions bound to
    the copy (their code unchanged)."""
    namespace = {**vars(module), **replaced}
    own = vars(module)
    for name, value in own.items():
        if isinstance(value, types.FunctionType) and value.__globals__ is own and name not in replaced:
            namespace[name] = bound_to(namespace, value)
    return namespace


def _htmlprocessing() -> dict[str, Any]:
    """``trafilatura.htmlprocessing``'s namespace with our ``trim`` (see the module docstring)."""
    return _rebound_module(htmlprocessing, {"trim": trim})


_HTMLPROCESSING = _htmlprocessing() if MIRRORS_INSTALLED else vars(htmlprocessing)
_DELETE_BY_LINK_DENSITY = _HTMLPROCESSING["delete_by_link_density"]


def _extract_content() -> Callable[..., Any]:
    if not MIRRORS_INSTALLED:
        return main_extractor.extract_content
    processing = vars(htmlprocessing)
    # the functions it imports from htmlprocessing, as bound to our copy of that module
    imported = {name: _HTMLPROCESSING[value.__name__] for name, value in vars(main_extractor).items()
                if isinstance(value, types.FunctionType) and value.__globals__ is processing}
    namespace = _rebound_module(main_extractor, {
        **imported, "trim": trim, "prune_unwanted_nodes": prune_unwanted_nodes,
        "delete_by_link_density": delete_by_link_density, "BODY_XPATH": screened(main_extractor.BODY_XPATH),
        "_P_TEXTS": frame._P_TEXTS, "_DESCENDANTS": frame._DESCENDANTS})
    namespace["_extract"] = bound_to(namespace, frame._extract)  # its queries compiled once (frame)
    return namespace["extract_content"]


extract_content = _extract_content()


def _namespace() -> dict[str, Any]:
    return extract_content.__globals__ if MIRRORS_INSTALLED else vars(main_extractor)


def extract_content_lazily(cleaned_tree: etree._Element, options: Any,
                           backup: Callable[[], etree._Element] | None = None) -> tuple[etree._Element, str]:
    """:data:`extract_content`; ``backup()`` returns a tree equal to ``cleaned_tree`` as given (None: a
    copy is taken first, as trafilatura does). Line for line the source pinned in ``SOURCES``."""
    if not MIRRORS_INSTALLED or backup is None:
        return extract_content(cleaned_tree, options)
    ns = _namespace()
    order = list(cleaned_tree.iter())  # source order before the main pass moves elements
    result_body, temp_text, potential_tags = ns["_extract"](cleaned_tree, options)
    if len(result_body) == 0 or len(temp_text) < options.min_extracted_size:
        backup_tree = backup()  # trafilatura's deepcopy(cleaned_tree), taken before the main pass
        consumed = {twin for elem, twin in zip(order, backup_tree.iter(), strict=True) if elem.tag == "done"}
        result_body = ns["recover_wild_text"](backup_tree, result_body, options, potential_tags, consumed)
        temp_text = " ".join(result_body.itertext()).strip()
    previous = None
    for el in list(result_body):
        current = ns["_elem_text"](el)
        if current and current == previous and len(current) > ns["MIN_DUPLICATE_LENGTH"]:
            ns["delete_element"](el, keep_tail=False)
        else:
            previous = current
    ns["strip_elements"](result_body, "done")
    ns["strip_tags"](result_body, "div")
    for linebreak in result_body.iter("lb"):
        if (
            linebreak.tail
            and not ns["text_chars_test"](linebreak.tail)
            and not any(anc.tag in ns["SPACING_PROTECTED"] for anc in linebreak.iterancestors())
        ):
            linebreak.tail = None
    return result_body, temp_text


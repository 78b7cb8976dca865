"""``trafilatura.core.trafilatura_sequence`` for the "trafilatura" extractor's options, pre-screened pruning.

The "trafilatura" extractor runs trafilatura balanced, fast, without comments. For these options
``trafilatura_sequence`` (trafilatura 2.3.1) prunes the raw tree with ``RAW_TREE_PRUNE_XPATH`` and (on a
page that is not a forum thread) ``REMOVE_COMMENTS_AND_LISTS_XPATH``: ~3 ms per real page, most of it
EXSLT regular expressions called from XPath on every candidate element. :func:`sequence` runs the same
steps with those prunes done by :class:`corpus.ensemble.prune.Pruner` (the same elements deleted in the
same order, pre-screened in C), and without the backup copy of the cleaned tree that only the comment
capture and the non-fast comparison read (neither runs for these options). The page text measured
before the recall escalation is :func:`corpus.extraction.page_text.html2txt` (``html2txt``, pre-screened),
the content is extracted by :data:`corpus.ensemble.sections.extract_content` (``OVERALL_DISCARD_XPATH``
pre-screened).

The mirror is tied to the exact source of the function it mirrors (a SHA-256 of
``inspect.getsource(trafilatura_sequence)``): any other source (another trafilatura version or a patched
one), or other options, goes through ``trafilatura_sequence`` itself.
"""

from __future__ import annotations

from copy import copy

from lxml import etree
from trafilatura import core
from trafilatura.htmlprocessing import convert_tags
from trafilatura.settings import Extractor as TrafilaturaOptions

from corpus.ensemble.prune import Pruner
from corpus.ensemble.sections import extract_content
from corpus.ensemble.tree_cleaning import tree_cleaning
from corpus.extraction.page_text import html2txt
from corpus.extraction.screen import source_sha256

# sha256 of inspect.getsource(trafilatura.core.trafilatura_sequence) in trafilatura 2.3.1 (as installed)
MIRRORED_SOURCE_SHA256 = "f03dc4d2946dacbd0e023ca1c51fdf329e0fdc0be342fd0f14924396ec646e05"
_PRUNE_RAW = Pruner(core.RAW_TREE_PRUNE_XPATH)
_PRUNE_COMMENTS_AND_LISTS = Pruner(core.REMOVE_COMMENTS_AND_LISTS_XPATH)
Sequence = tuple[etree._Element, str, etree._Element, str]


MIRRORS_INSTALLED = source_sha256(core.trafilatura_sequence) == MIRRORED_SOURCE_SHA256


def mirrored(options: TrafilaturaOptions) -> bool:
    """Whether :func:`sequence` mirrors ``trafilatura_sequence`` for ``options``."""
    return (MIRRORS_INSTALLED and options.fast and not options.comments and options.focus == "balanced")


def sequence(tree: etree._Element, options: TrafilaturaOptions, url: str | None) -> Sequence:
    """``core.trafilatura_sequence(tree, options, url)`` (prunes ``tree`` in place, as it does)."""
    if not mirrored(options):
        return core.trafilatura_sequence(tree, options, url)
    is_forum = core._forum_thread_page(tree)
    tree = _PRUNE_RAW(tree)
    if not is_forum:  # comments off, balanced: comment containers and lists pruned from the raw tree
        tree = _PRUNE_COMMENTS_AND_LISTS(tree)
    cleaned_tree = convert_tags(tree_cleaning(copy(tree), options), options, url)
    postbody, temp_text = extract_content(cleaned_tree, options)  # fast: no comparison
    if len(temp_text) < options.min_extracted_size:  # balanced: the baseline rescue (#896)
        b_body, b_text, b_len = core.baseline(tree)
        if b_len > len(temp_text):
            postbody, temp_text = b_body, b_text
    if (0 < len(temp_text) < core.ESCALATION_MAX_LENGTH
            and len(temp_text) < core.ESCALATION_PAGE_SHARE * len(html2txt(tree))):
        postbody, temp_text = _escalate(tree, options, url, postbody, temp_text)
    return postbody, temp_text, etree.Element("body"), ""


def _escalate(tree: etree._Element, options: TrafilaturaOptions, url: str | None,
              postbody: etree._Element, temp_text: str) -> tuple[etree._Element, str]:
    """The recall escalation for comments off, fast mode (no jusText candidate), as trafilatura runs it:
    a failing retry is logged by trafilatura's logger and leaves the extraction as it was."""
    r_options = copy(options)
    r_options.focus = "recall"
    r_text = ""
    try:
        r_body, r_text = core._recall_retry(tree, r_options, url)
    except Exception as err:  # as trafilatura_sequence: the retry is optional, its failure is logged
        core.LOGGER.warning("recall retry failed: %s %s", err, url)
    r_len = len(r_text)
    if r_len >= options.min_extracted_size and r_len > core.ESCALATION_ACCEPT_RATIO * len(temp_text):
        return r_body, r_text
    return postbody, temp_text

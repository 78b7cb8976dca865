"""``trafilatura.bare_extraction(tree, with_metadata=False)`` on a page nobody reads afterwards.

``bare_extraction`` copies a parsed tree before its extraction prunes it (~1 ms on a real page); the
pipeline's parsed page is not read again once its text is extracted, so :func:`text_document` runs
the same steps (trafilatura 2.3.1's ``bare_extraction`` for our options: no language filter, no
deduplication, no metadata, no ``prune_xpath``, output format "python") on the page itself. Any other
trafilatura version, or a tree that is not the root of its document (the copy would be), goes
through ``bare_extraction``. The sequence itself is :func:`corpus.extraction.trafilatura_sequence.sequence`
(``trafilatura_sequence`` with pre-screened raw-tree pruning).
"""

from __future__ import annotations

import trafilatura
from lxml import etree
from trafilatura import core
from trafilatura.settings import DEFAULT_CONFIG
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.settings import Extractor as TrafilaturaOptions

from corpus.extraction.trafilatura_sequence import sequence

MIRRORED_VERSION = "2.3.1"


def text_document(tree: etree._Element, url: str | None, *, include_tables: bool, fast: bool,
                  consume: bool) -> TrafilaturaDocument | None:
    """``bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
    deduplicate=False, include_tables=..., fast=...)``; ``consume=True`` lets it prune ``tree``."""
    is_root = tree.getparent() is None and tree.getprevious() is None and tree.getnext() is None
    if not (consume and is_root and trafilatura.__version__ == MIRRORED_VERSION):
        return trafilatura.bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
                                           deduplicate=False, include_tables=include_tables, fast=fast)
    options = TrafilaturaOptions(
        config=DEFAULT_CONFIG, output_format="python", fast=fast, precision=False, recall=False,
        comments=False, formatting=None, links=False, images=False, tables=include_tables, dedup=False,
        lang=None, url=url, with_metadata=False, only_with_metadata=False, author_blacklist=None,
        url_blacklist=None, date_params=None,
    )
    document = TrafilaturaDocument()
    try:
        url = options.url or document.url
        postbody, temp_text, _, temp_comments = sequence(tree, options, url)
        if options.max_tree_size:
            if len(postbody) > options.max_tree_size:
                etree.strip_tags(postbody, "hi")
            if len(postbody) > options.max_tree_size:
                raise ValueError
        if len(temp_text) < options.min_output_size and len(temp_comments) < options.min_output_comm_size:
            raise ValueError
    except (TypeError, ValueError):  # as bare_extraction: no result
        return None
    document.text = core.xmltotxt(postbody, options.formatting)
    document.raw_text = document.text
    document.body = postbody
    return document

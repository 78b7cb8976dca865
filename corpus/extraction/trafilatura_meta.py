"""trafilatura's page metadata without its publication-date search, for pages whose date we have.

``trafilatura.bare_extraction(with_metadata=True)`` runs ``trafilatura.metadata.extract_metadata``,
whose date comes from htmldate: about half of the "trafilatura" extractor's time. Our document's date
is the page's structured date (JSON-LD, ``article:published_time``) when it has one, htmldate's only
otherwise, so on pages with a structured date :func:`metadata_without_date` gives title, author and
sitename exactly as ``extract_metadata`` would (same steps, same order; every step reads the tree
without changing it, so leaving out the date search changes nothing else) and no date.
:func:`page_metadata` with date parameters also runs the date search, where ``extract_metadata``
does (htmldate copies the tree before it prunes): the same date, without the categories, tags and
license nobody reads here. The author search is :func:`corpus.extraction.author.extract_author`
(``extract_author`` pre-screened). Mirrors trafilatura 2.3.1 (``MIRRORED_VERSION``); callers check
:func:`available` first.
"""

from __future__ import annotations

from typing import Any

import trafilatura
from lxml import etree
from trafilatura import metadata as tm
from trafilatura.settings import Document as TrafilaturaDocument

from corpus.extraction.author import extract_author

MIRRORED_VERSION = "2.3.1"


def available() -> bool:
    return trafilatura.__version__ == MIRRORED_VERSION


def metadata_without_date(tree: etree._Element, url: str | None) -> TrafilaturaDocument:
    """``extract_metadata(tree, url)`` (no author blacklist) without date, categories, tags, license."""
    return page_metadata(tree, url, None)


def page_metadata(tree: etree._Element, url: str | None,
                  date_params: dict[str, Any] | None) -> TrafilaturaDocument:
    """``extract_metadata(tree, url, date_params)`` (no author blacklist) without categories, tags
    and license (read by nobody here); ``date_params`` None: without the date search either."""
    metadata = tm.examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = tm.extract_meta_json(tree, metadata)
    except Exception as err:  # as extract_metadata: bugs in trafilatura's JSON-LD reader are logged
        tm.LOGGER.warning("error in JSON metadata extraction: %s", err)
    if not metadata.title:
        metadata.title = tm.extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)  # tm.extract_author, pre-screened
    if not metadata.url:
        metadata.url = tm.extract_url(tree, url)
    if date_params is not None:  # where extract_metadata searches it (hostname: read by nobody)
        metadata.date = tm.find_date(tree, **{**date_params, "url": metadata.url})
    if not metadata.sitename:
        metadata.sitename = tm.extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")  # Twitter handle
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        match = tm.META_URL.match(metadata.url)
        if match:
            metadata.sitename = match[1]
    if date_params is not None:
        metadata.filedate = date_params.get("max_date")
    metadata.clean_and_trim()
    return metadata

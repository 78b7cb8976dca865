"""readability-lxml's HTML cleaner (lxml_html_clean's ``Cleaner``) as the ensemble configures it, with its
element loop in C.

With the options :data:`CLEANER` is built with (scripts, comments, style, links and processing
instructions removed; no JavaScript rewriting, no whitelist, nothing unwrapped), ``Cleaner.__call__``
converts XHTML names, renames ``<image>`` to ``<img>``, strips ``style`` attributes, then walks every
node of the page in Python to list those whose tag is one to kill (and that ``allow_element`` does
not keep) and drops them in document order. :class:`FastCleaner` lists the same nodes with
``doc.iter(*tags)`` (the same nodes in the same order, filtered in C) and drops them the same way.
It is tied to the source of the ``Cleaner.__call__`` it mirrors and to these options; anything else
runs ``Cleaner.__call__`` itself.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import xhtml_to_html
from lxml_html_clean import Cleaner

from corpus.extraction.screen import source_sha256

# sha256 of inspect.getsource(Cleaner.__call__) of the lxml_html_clean version mirrored here
CALL_SOURCE = "bfb5ae2618f7b272f0f1c972ecc47efb4ba751d72f930864c72e7c6db5fd41f6"
# the options this mirror handles: those of readability-lxml 0.9's cleaner without javascript=True, which
# corpus.ensemble.readability_view builds its cleaner with
OPTIONS = dict(
    scripts=True, javascript=False, comments=True, style=True, inline_style=True, links=True, meta=False,
    add_nofollow=False, page_structure=False, processing_instructions=True, embedded=False, frames=False,
    forms=False, annoying_tags=False, remove_tags=None, allow_tags=(), kill_tags=(),
    remove_unknown_tags=False, safe_attrs_only=False,
)
_KILLED = ("script", etree.Comment, etree.ProcessingInstruction, "style", "link")


class FastCleaner(Cleaner):
    """``Cleaner`` whose call lists the nodes to kill in C when its options are :data:`OPTIONS`."""

    def __call__(self, doc: etree._Element) -> None:  # type: ignore[override]
        if not self._mirrored():
            return super().__call__(doc)
        xhtml_to_html(doc)
        for el in doc.iter("image"):
            el.tag = "img"
        etree.strip_attributes(doc, "style")  # inline_style
        kill = [el for el in doc.iter(*_KILLED) if not self.allow_element(el)]
        if kill and kill[0] == doc:  # the top element cannot be dropped: cleared instead
            el = kill.pop(0)
            if el.tag != "html":
                el.tag = "div"
            el.clear()
        for el in kill:  # document order: outer elements first, as Cleaner drops them
            el.drop_tree()
        return None

    def _mirrored(self) -> bool:
        """The mirrored source and options (compared as Cleaner reads them: by truth value, empty
        containers and None alike)."""
        return MIRRORED and all((getattr(self, k) or None) == (v or None) for k, v in OPTIONS.items())


MIRRORED = source_sha256(Cleaner.__call__) == CALL_SOURCE

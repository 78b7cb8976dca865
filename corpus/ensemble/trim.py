"""White space collapsing without splitting text that has nothing to collapse.

trafilatura's ``trim`` (``" ".join(string.split()).strip()``) runs on every paragraph its content extraction
keeps, twice (``process_node``, then the adjacent-duplicate check), and on the text of every element its
link-density tests weigh; readability's ``clean`` and our :func:`corpus.ensemble.dom_blocks.dom_blocks`
collapse white space the same way. Most of that text is already collapsed: one space between words, none
at the ends. :func:`is_collapsed` recognises it with two scans in C instead of building a list of words:
a printable string (``str.isprintable``) holds no white space but U+0020 (every other ``str.isspace``
character is a control, line or paragraph separator, or a non-ASCII space, none printable), so without
two spaces in a row and a space at either end, ``" ".join(text.split()) == text``.

:func:`trim` is ``trafilatura.utils.trim`` with that shortcut (the same value; a ``str`` subclass, such as
lxml's smart strings, still goes through trafilatura's own code, which returns a plain ``str``). Tied to
the exact source of the function it mirrors: another source (another trafilatura version) is used as is.
"""

from __future__ import annotations

from trafilatura import utils

from corpus.extraction.screen import source_sha256

# sha256 of inspect.getsource(trafilatura.utils.trim) in trafilatura 2.3.1
MIRRORED_SOURCE_SHA256 = "b82ffd884c0dc23052b3eea98cfbede6054864705402ba31992831fce2eeb6e8"
MIRRORS_INSTALLED = source_sha256(utils.trim) == MIRRORED_SOURCE_SHA256


def single_spaced(text: str) -> bool:
    """True when ``text``'s only white space is single spaces (it is printable, without two spaces in a
    row); False (not known) otherwise."""
    return text.isprintable() and "  " not in text


def is_collapsed(text: str) -> bool:
    """``" ".join(text.split()) == text`` for a printable ``text``; False (not known) otherwise."""
    return single_spaced(text) and text[:1] != " " and text[-1:] != " "


def _trim(string: str) -> str:
    """``trafilatura.utils.trim(string)``: an already collapsed ``str`` is its own result."""
    if type(string) is str and is_collapsed(string):
        return string
    return utils.trim(string)


trim = _trim if MIRRORS_INSTALLED else utils.trim

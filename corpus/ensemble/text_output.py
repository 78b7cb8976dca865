"""trafilatura's text output as the ensemble's runs make it (``core.determine_returnstring``, plain
text), with a shortcut in the line cleaning of ``xml.xmltotxt``.

``xmltotxt`` ends with ``unescape(sanitize(text, True))``. ``sanitize`` runs every line of the text through
``line_processing`` (three ``str.replace`` of HTML entities for spaces, then ``remove_control_characters``;
an LRU-cached function, so every line is also hashed and stored) and joins the non-empty results. In a text
without "&" the replacements find nothing, and a printable line is its own ``remove_control_characters``:
when every line is printable the result is the non-empty lines joined (then without U+2424), which
:func:`sanitize` returns without the per-line calls; any other text goes through trafilatura's ``sanitize``.

:data:`determine_returnstring` is trafilatura's function, its code unchanged, bound to a copy of
``trafilatura.core``'s namespace whose ``xmltotxt`` is trafilatura's bound to a copy of ``trafilatura.xml``'s
namespace whose ``sanitize`` is ours (trafilatura's modules are left as they are). Tied to the exact sources
of the functions involved (SHA-256 of ``inspect.getsource``, trafilatura 2.3.1): with any other source it is
``trafilatura.core.determine_returnstring`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trafilatura import core, utils
from trafilatura import xml as trafilatura_xml

from corpus.ensemble.sections import bound_to
from corpus.extraction.screen import source_sha256

SOURCES = {
    "sanitize": "48d4002f672ee31978f0f7a0505cc42621b3356ec9c39dffadea0929fa6e22ea",
    "line_processing": "8ec593c93ef9e685f78782dacffbf93dbbaf81c56d362e338f494c773b21aeee",
    "remove_control_characters": "26cbe32b70e70e3500c52a67b9dd11e10a8ba42b86f1c27e15c340174e8d45dd",
    "xmltotxt": "61e912d41ea49c056c427d2232e7bf41a89b4ff5836a263d04500504e81b80c1",
    "determine_returnstring": "78c5075c01c300d3426c0d5051e8ef7d5df39c4a150da39ba78b1a241a68b076",
}
_FUNCTIONS = {"sanitize": utils.sanitize, "line_processing": utils.line_processing,
              "remove_control_characters": utils.remove_control_characters,
              "xmltotxt": trafilatura_xml.xmltotxt, "determine_returnstring": core.determine_returnstring}
MIRRORS_INSTALLED = all(source_sha256(f) == SOURCES[name] for name, f in _FUNCTIONS.items())


def sanitize(text: str, preserve_space: bool = False, trailing_space: bool = False) -> str | None:
    """``trafilatura.utils.sanitize``: a text whose lines are all printable, without "&", cleaned line by
    line with spaces preserved, is its non-empty lines (see the module docstring)."""
    if preserve_space and not trailing_space and type(text) is str and "&" not in text:
        lines = text.splitlines()
        if all(map(str.isprintable, lines)):
            return "\n".join(filter(None, lines)).replace("\u2424", "")
    return utils.sanitize(text, preserve_space, trailing_space)


def _determine_returnstring() -> Callable[..., Any]:
    if not MIRRORS_INSTALLED:
        return core.determine_returnstring
    xml_namespace = {**vars(trafilatura_xml), "sanitize": sanitize}
    xmltotxt = bound_to(xml_namespace, trafilatura_xml.xmltotxt)
    return bound_to({**vars(core), "xmltotxt": xmltotxt}, core.determine_returnstring)


determine_returnstring = _determine_returnstring()

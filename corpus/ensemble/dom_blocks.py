"""Split an HTML fragment into text blocks, with the share of each block's text inside links."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

# Elements that start a new block (HTML "flow" containers and line breaks).
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})


@dataclass(frozen=True)
class DomBlock:
    text: str
    link_density: float  # characters inside <a> / all characters, whitespace excluded


class _Collector:
    def __init__(self) -> None:
        self.blocks: list[DomBlock] = []
        self._parts: list[str] = []
        self._link_chars = 0

    def add(self, text: str | None, in_link: bool) -> None:
        if not text:
            return
        self._parts.append(text)
        if in_link:
            self._link_chars += len("".join(text.split()))  # characters other than whitespace

    def flush(self) -> None:
        words = "".join(self._parts).split()
        text = " ".join(words)
        if text:  # its characters other than whitespace: those of the words, counted once per block
            chars = len(text) - (len(words) - 1)
            self.blocks.append(DomBlock(text, self._link_chars / chars))
        self._parts, self._link_chars = [], 0


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def dom_blocks(root: etree._Element) -> list[DomBlock]:
    """Blocks of visible text under ``root`` in document order (iterative: no recursion limit)."""
    out = _Collector()
    links = 0  # depth of enclosing <a> elements
    skip = 0  # depth of enclosing script/style
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = _tag(el)
        if event == "start":
            if tag in SKIP_TAGS or not tag:
                skip += 1
                continue
            if tag in BLOCK_TAGS:
                out.flush()
            if tag == "a":
                links += 1
            if not skip:
                out.add(el.text, links > 0)
            continue
        if tag in SKIP_TAGS or not tag:
            skip -= 1
        else:
            if tag == "a":
                links -= 1
            if tag in BLOCK_TAGS:
                out.flush()
        if not skip and el is not root:
            out.add(el.tail, links > 0)
    out.flush()
    return out.blocks

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
# what the walk does at a tag (lower-cased): skip its content, start a block, count a link; other tags 0
_SKIP, _BLOCK, _LINK = 1, 2, 3
_KINDS = {**dict.fromkeys(SKIP_TAGS, _SKIP), **dict.fromkeys(BLOCK_TAGS, _BLOCK), "a": _LINK}


@dataclass(frozen=True)
class DomBlock:
    text: str
    link_density: float  # characters inside <a> / all characters, whitespace excluded


def _kind(tag: object) -> int:
    """What the walk does at an element with ``tag``; comments, processing instructions and entities
    (whose tag is not a string) are skipped like script content."""
    if not isinstance(tag, str):
        return _SKIP
    kind = _KINDS.get(tag)
    return kind if kind is not None else _KINDS.get(tag.lower(), 0)


def dom_blocks(root: etree._Element) -> list[DomBlock]:
    """Blocks of visible text under ``root`` in document order (iterative: no recursion limit).

    A block's text is its text nodes joined, white space collapsed; its link density counts the
    characters other than white space of the text nodes met inside an ``<a>``. One walk of start and
    end events; the tail of an element belongs to the block its end leaves open."""
    blocks: list[DomBlock] = []
    parts: list[str] = []
    link_chars = 0
    links = 0  # depth of enclosing <a> elements
    skip = 0  # depth of enclosing script/style (and comments)
    kinds: list[int] = []  # the kind of each open element, so an end event needs no second lookup

    def flush() -> None:
        nonlocal parts, link_chars
        if parts:
            words = "".join(parts).split()
            if words:  # its characters other than white space: those of the words, counted once per block
                text = " ".join(words)
                blocks.append(DomBlock(text, link_chars / (len(text) - (len(words) - 1))))
            parts = []
        link_chars = 0

    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            kind = _kind(el.tag)
            kinds.append(kind)
            if kind == _SKIP:
                skip += 1
                continue
            if kind == _BLOCK:
                flush()
            elif kind == _LINK:
                links += 1
            text = el.text
            if text and not skip:
                parts.append(text)
                if links:
                    link_chars += len("".join(text.split()))
            continue
        kind = kinds.pop()
        if kind == _SKIP:
            skip -= 1
        elif kind == _BLOCK:
            flush()
        elif kind == _LINK:
            links -= 1
        if not skip and el is not root:
            tail = el.tail
            if tail:
                parts.append(tail)
                if links:
                    link_chars += len("".join(tail.split()))
    flush()
    return blocks

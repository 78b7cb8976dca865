"""Split an HTML fragment into text blocks, with the share of each block's text inside links."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from corpus.ensemble.trim import is_collapsed

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


def _non_space(text: str) -> int:
    """``len("".join(text.split()))``: the characters of ``text`` other than white space (in a printable
    text, all but its spaces: see :mod:`corpus.ensemble.trim`)."""
    if text.isprintable():
        return len(text) - text.count(" ")
    return len("".join(text.split()))


def dom_blocks(root: etree._Element) -> list[DomBlock]:
    """Blocks of visible text under ``root`` in document order (iterative: no recursion limit).

    A block's text is its text nodes joined, white space collapsed; its link density counts the
    characters other than white space of the text nodes met inside an ``<a>``. One walk of start and
    end events; the tail of an element belongs to the block its end leaves open. Text that is already
    collapsed (:func:`corpus.ensemble.trim.is_collapsed`) is measured without splitting it into words."""
    blocks: list[DomBlock] = []
    parts: list[str] = []
    link_chars = 0
    links = 0  # depth of enclosing <a> elements
    skip = 0  # depth of enclosing script/style (and comments)
    kinds: list[int] = []  # the kind of each open element, so an end event needs no second lookup

    def flush() -> None:
        nonlocal parts, link_chars
        if parts:
            joined = "".join(parts)
            if is_collapsed(joined):  # " ".join(joined.split()) is joined: its spaces separate its words
                if joined:
                    blocks.append(DomBlock(joined, link_chars / (len(joined) - joined.count(" "))))
            else:
                words = joined.split()
                if words:  # its characters other than white space: those of the words, once per block
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
                    link_chars += _non_space(text)
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
                    link_chars += _non_space(tail)
    flush()
    return blocks

"""Page-level facts that individual blocks are checked against: link texts and title strings.

trafilatura's text output does not say which words were links, so a block's link density is
measured against the page's own anchors: the share of the block's words that form, left to right,
longest runs equal to the text of some <a> element of the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from corpus.ensemble.text_index import BlockTokens, words


def anchor_texts(tree: etree._Element | None) -> list[str]:
    """The text of every <a> element of the page, in page order."""
    return [] if tree is None else [a.text_content() for a in tree.iter("a")]


def anchor_table(tree: etree._Element | None,
                 texts: list[str] | None = None) -> dict[str, list[tuple[str, ...]]]:
    """First word -> word sequences of the page's <a> texts starting with it, longest first.
    ``texts``: :func:`anchor_texts` of the page, read earlier (then ``tree`` is not read)."""
    table: dict[str, list[tuple[str, ...]]] = {}
    texts = anchor_texts(tree) if texts is None else texts
    for anchor in sorted({tuple(words(t)) for t in texts} - {()}):
        table.setdefault(anchor[0], []).append(anchor)
    for candidates in table.values():
        candidates.sort(key=len, reverse=True)  # longest match first (stable: ties stay sorted)
    return table


@dataclass
class PageSignals:
    titles: list[tuple[str, ...]] = field(default_factory=list)  # word sequences of title strings
    tree: etree._Element | None = None  # the page, read for its anchors on first use
    _anchor_texts: list[str] | None = field(default=None, repr=False)  # see :meth:`read_anchor_texts`
    _anchors: dict[str, list[tuple[str, ...]]] | None = field(default=None, repr=False)
    # this page's tokenisation, shared by the vote's indexes and checks
    tokens: BlockTokens = field(default_factory=BlockTokens, repr=False, compare=False)

    @classmethod
    def from_page(cls, tree: etree._Element | None, titles: Iterable[str],
                  tokens: BlockTokens | None = None) -> PageSignals:
        titles = sorted({tuple(words(t)) for t in titles} - {()})
        return cls(titles=titles, tree=tree, tokens=BlockTokens() if tokens is None else tokens)

    def read_anchor_texts(self) -> None:
        """Read the anchors' texts now and let go of the tree (which may then be modified); the
        table is still built on first use, from these texts."""
        if self._anchor_texts is None and self._anchors is None:
            self._anchor_texts = anchor_texts(self.tree)
        self.tree = None

    @property
    def anchors(self) -> dict[str, list[tuple[str, ...]]]:
        if self._anchors is None:
            self._anchors = anchor_table(self.tree, self._anchor_texts)
        return self._anchors

    def link_density(self, text: str) -> float:
        """Share of the text's words covered by link texts of the page (0..1)."""
        tokens = self.tokens.words(text)
        linked, i = 0, 0
        while i < len(tokens):
            step = 1
            for anchor in self.anchors.get(tokens[i], ()):
                if tokens[i:i + len(anchor)] == anchor:  # tuple slice
                    linked += len(anchor)
                    step = len(anchor)
                    break
            i += step
        return linked / len(tokens) if tokens else 0.0

    def repeats_title(self, text: str, min_cover: float) -> bool:
        """True when the text's words are a contiguous run of some title covering >= min_cover of it."""
        block = self.tokens.words(text)
        n = len(block)
        if not n:
            return False
        for title in self.titles:
            if n > len(title) or n < min_cover * len(title):
                continue
            if any(title[i:i + n] == block for i in range(len(title) - n + 1)):
                return True
        return False

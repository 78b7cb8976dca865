"""Hypothesis strategy of nested HTML fragments whose elements carry attribute values drawn from given
word lists: the generated pages the pre-screen tests compare with trafilatura's own expressions."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def html_pages(tags: Sequence[str], attributes: Sequence[str], words: Sequence[str], *,
               max_attributes: int = 2, texts: Sequence[str] = ("text",), depth: int = 3
               ) -> st.SearchStrategy[str]:
    """Up to 4 sibling elements per level, ``depth`` levels: ``<tag attr="w1 w2">TEXT ...</tag> tail``."""

    @st.composite
    def pages(draw: st.DrawFn, depth: int) -> str:
        parts = []
        for _ in range(draw(st.integers(0, 4))):
            tag = draw(st.sampled_from(tags))
            attrs = ""
            for name in draw(st.lists(st.sampled_from(attributes), max_size=max_attributes, unique=True)):
                value = " ".join(draw(st.lists(st.sampled_from(words), min_size=1, max_size=2)))
                attrs += f' {name}="{value}"'
            inner = draw(pages(depth - 1)) if depth > 0 else ""
            text = draw(st.sampled_from(texts))
            parts.append(f"<{tag}{attrs}>{text} {inner}</{tag}> tail")
        return "".join(parts)

    return pages(depth)

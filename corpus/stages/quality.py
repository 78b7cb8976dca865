"""Per-document quality filters with explicit reasons (after site boilerplate removal)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import filterfalse

from corpus.document import Document
from corpus.stages.base import CorpusStage
from corpus.stages.wordcount import word_counts
from crawler.sources import Source

_ALPHA = re.compile(r"[^\W\d_]")  # a letter: a word character that is neither a digit nor "_"


def alpha_words(words: list[str]) -> int:
    """How many of ``words`` contain a letter. A word made of letters only (``str.isalpha``, the common
    case) does; the regex looks only at the others. Counting runs in C (``map``/``filter``)."""
    rest = filterfalse(str.isalpha, words)
    return sum(map(str.isalpha, words)) + len(list(filter(_ALPHA.search, rest)))


def _counts(text: str) -> tuple[int, int]:
    """Whitespace-separated words of ``text`` (the same as the regex ``\\S+``) and how many hold a letter:
    from code point tables (:mod:`corpus.stages.wordcount`), else from the words themselves."""
    counts = word_counts(text)
    if counts is None:
        words = text.split()
        counts = len(words), alpha_words(words)
    return counts


@dataclass(frozen=True)
class QualityOptions:
    """Defaults from Gopher's quality filters (Rae et al. 2021, appendix A): at least 50 words, and at least
    80% of words containing an alphabetic character. ``check_language``: the document's detected language
    must be one of its source's ``languages`` (when the source lists any and the language is known).
    ``check_article_pattern``: the URL must match its source's ``article_pattern`` (when it has one), so
    listing, tag and home pages the crawler archived on the way do not become documents."""

    min_words: int = 50
    min_alpha_word_ratio: float = 0.8
    check_language: bool = True
    check_article_pattern: bool = True


class QualityFilter(CorpusStage):
    name = "quality"

    def __init__(self, options: QualityOptions, sources: dict[str, Source], stats=None) -> None:
        super().__init__(stats)
        self.options = options
        self.sources = sources  # source name -> Source (languages, article_pattern)

    def reason(self, doc: Document) -> str | None:
        """Why ``doc`` fails (``not_article``, ``too_short``, ``non_letters``, ``wrong_language``), or None
        if it passes."""
        source = self.sources.get(doc.source)
        if self.options.check_article_pattern and source and source.excludes(doc.url):
            return self._drop("not_article")
        words, alpha = _counts(doc.text)
        if words < self.options.min_words:
            return self._drop("too_short")
        if alpha < self.options.min_alpha_word_ratio * words:
            return self._drop("non_letters")
        allowed = source.languages if source else ()
        if self.options.check_language and allowed and doc.lang and doc.lang not in allowed:
            return self._drop("wrong_language")
        self.kept()
        return None

    def _drop(self, reason: str) -> str:
        self.dropped(reason)
        return reason

"""Thresholds of the ensemble extraction stage, with where each default comes from."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.errors import CorpusError


@dataclass(frozen=True)
class EnsembleOptions:
    """Options of :func:`corpus.ensemble.extract`.

    Defaults were chosen on the *tuning* half of the article-extraction benchmark (pages whose
    sha256(file name) starts with an even byte) and checked on the held-out half; see
    ``bench/extract_quality.py --split``. Where a default also has an outside reference it is named.
    """

    # A block counts as "supported" by another extractor when at least this share of its word
    # 3-grams occur in that extractor's output. 0.5 = majority of the block, the usual cut-off of
    # shingle-containment tests (Broder 1997). Tuning half, final rules: 0.3-0.7 all give F1 0.977
    # (precision 0.973-0.974), so the symmetric "majority" value is kept (it also gates the fallback).
    support: float = 0.5
    # A block seconded by trafilatura's precision mode but not by readability must have at least
    # this many words. jusText calls blocks under ~10 words "short" (Pomikálek 2011, 3.2), but a
    # second vote is already evidence. Tuning half: 0-5 -> F1 0.977, 8 -> 0.976 (recall 0.978).
    single_vote_min_words: int = 2
    # Readability's paragraphs count as a vote only when at most this share of their characters is
    # inside links (Kohlschütter et al. 2010 "link density"; jusText's max_link_density is 0.2).
    # Tuning half: 0.2 -> F1 0.976, 0.3 -> 0.977, 0.4-0.5 -> 0.976, 1.0 (off) -> 0.976 (precision
    # 0.968 instead of 0.974).
    max_link_density: float = 0.3
    # A block seconded only by trafilatura's precision mode is dropped when more than this share of
    # its words is link text of the page ("Read more: <headline>", related-story lists).
    # Tuning half (title check on): off -> F1 0.977 (precision 0.970), 0.9 -> 0.976, 0.7 -> 0.977
    # (0.974), 0.5 -> 0.977 (0.975), 0.3 -> 0.974. At equal F1 the looser of the values that buy
    # precision is kept, to risk less article text on pages we have not seen.
    precision_max_link_density: float = 0.7
    # A kept block whose words are a contiguous run covering at least this share of a title string
    # of the page (JSON-LD headline, og:title, <h1>, <title>) is the headline repeated: the title
    # is kept as metadata, not as body text. Tuning half: off -> F1 0.975 (measured before the
    # lazy precision run, same decisions), 0.5-0.8 -> 0.977 (precision 0.974), 1.0 -> 0.977 (0.973).
    title_cover: float = 0.8
    # Fallback: when trafilatura's text has fewer than this share of readability's words, and
    # what it has is mostly inside readability's text (support >= ``support``), trafilatura cut
    # the article short (it stopped at an inline widget) and readability's blocks become the base.
    # "Less than half" by design: no tuning-half page triggers it, so it could not be tuned.
    fallback_ratio: float = 0.5
    # Metadata: run htmldate only when no JSON-LD/Open Graph/<time> date was found.
    use_htmldate: bool = True

    def __post_init__(self) -> None:
        shares = ("support", "max_link_density", "precision_max_link_density", "title_cover")
        for name in (*shares, "fallback_ratio"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise CorpusError(f"EnsembleOptions.{name} must be in [0, 1], got {value!r}")
        if self.single_vote_min_words < 0:
            raise CorpusError("EnsembleOptions.single_vote_min_words must be >= 0")

"""Thresholds of the ensemble extraction stage, with where each default comes from."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.errors import CorpusError


@dataclass(frozen=True)
class EnsembleOptions:
    """Options of :func:`corpus.ensemble.extract`.

    Defaults were chosen on the *tuning* half of the article-extraction benchmark (pages whose
    sha256(file name) starts with an even byte) and checked on the held-out half; see
    ``bench/extract_ensemble.py``. Where a default also has an outside reference it is named.
    """

    # A block counts as "supported" by another extractor when at least this share of its word
    # 3-grams occur in that extractor's output. 0.5 = majority of the block, the usual cut-off of
    # shingle-containment near-duplicate tests (Broder 1997 uses containment, not a fixed value;
    # 0.3-0.7 all gave the same tuning-half F1 within 0.002).
    support: float = 0.5
    # Blocks backed by only one of the two voters must have at least this many words, and must not
    # be shouting (see ``max_upper_ratio``). jusText's "short" class is < 70 characters (~10 words)
    # (Pomikálek 2011, section 3.2); a smaller value is used because one vote is already evidence.
    single_vote_min_words: int = 5
    # Share of upper-case letters above which a single-vote block is treated as a promo line
    # ("CLICK HERE TO GET THE APP", related-story teasers). Body text is ~3-5 % capitals.
    max_upper_ratio: float = 0.7
    # Readability's paragraphs count as a vote only for their non-link text; a readability block
    # whose link-character share is above this is ignored (Kohlschütter et al. 2010, "link
    # density" feature; jusText uses 0.2 for "bad", readability-lxml itself 0.2-0.5).
    max_link_density: float = 0.5
    # Fallback: when trafilatura's text has fewer than this share of readability's words, and
    # what it has is mostly inside readability's text (support >= ``support``), trafilatura cut
    # the article short (it stopped at an inline widget) and readability's blocks become the base.
    fallback_ratio: float = 0.5
    # Metadata: run htmldate only when no JSON-LD/Open Graph/<time> date was found.
    use_htmldate: bool = True

    def __post_init__(self) -> None:
        for name in ("support", "max_upper_ratio", "max_link_density", "fallback_ratio"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise CorpusError(f"EnsembleOptions.{name} must be in [0, 1], got {value!r}")
        if self.single_vote_min_words < 0:
            raise CorpusError("EnsembleOptions.single_vote_min_words must be >= 0")

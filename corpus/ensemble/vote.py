"""Decide block by block which text to keep, from the extractors' votes, with a reason for each."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.ensemble.options import EnsembleOptions
from corpus.ensemble.text_index import TextIndex, words
from corpus.ensemble.views import Views


@dataclass(frozen=True)
class BlockDecision:
    """One candidate block: its text, whether it was kept, and why (for the removal log)."""

    text: str
    kept: bool
    reason: str


def upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _single_vote_veto(block: str, options: EnsembleOptions) -> str | None:
    """Why a block with a single vote is still dropped, or None when it may stay."""
    n = len(words(block))
    if n < options.single_vote_min_words:
        return f"short ({n} words < {options.single_vote_min_words})"
    ratio = upper_ratio(block)
    if n >= 3 and ratio > options.max_upper_ratio:
        return f"upper-case ({ratio:.0%} > {options.max_upper_ratio:.0%})"
    return None


def _judge(block: str, voters: dict[str, TextIndex], options: EnsembleOptions) -> BlockDecision:
    yes = [name for name, index in voters.items() if index.support(block) >= options.support]
    if len(yes) == len(voters):
        return BlockDecision(block, True, "agreement: " + " + ".join(yes))
    if not yes:
        return BlockDecision(block, False, "no vote: " + " and ".join(voters) + " left it out")
    veto = _single_vote_veto(block, options)
    if veto:
        return BlockDecision(block, False, f"single vote ({yes[0]}) and {veto}")
    return BlockDecision(block, True, f"single vote ({yes[0]})")


def _readable(views: Views, options: EnsembleOptions) -> list[str]:
    return [b.text for b in views.readability if b.link_density <= options.max_link_density]


def fallback_reason(views: Views, options: EnsembleOptions) -> str | None:
    """Why readability's blocks replace trafilatura's as the base, or None to keep trafilatura's."""
    readable = TextIndex(_readable(views, options))
    recall_words = sum(len(words(b)) for b in views.recall)
    if not readable.n_words or recall_words >= options.fallback_ratio * readable.n_words:
        return None
    if views.recall and readable.support("\n".join(views.recall)) < options.support:
        return None  # the two found different texts: not a truncation, no reason to switch
    return (
        f"fallback: trafilatura kept {recall_words} words, readability {readable.n_words} "
        f"(< {options.fallback_ratio:.0%}) and contains trafilatura's text"
    )


def decide(views: Views, options: EnsembleOptions) -> list[BlockDecision]:
    """Decisions for every candidate block, in page order."""
    fallback = fallback_reason(views, options)
    if fallback:
        decisions = []
        for block in views.readability:
            if block.link_density > options.max_link_density:
                reason = f"{fallback}; link density {block.link_density:.0%} > {options.max_link_density:.0%}"
                decisions.append(BlockDecision(block.text, False, reason))
            else:
                decisions.append(BlockDecision(block.text, True, fallback))
        return decisions
    indexes = {
        "trafilatura-precision": TextIndex(views.precision),
        "readability": TextIndex(_readable(views, options)),
    }
    # An extractor that returned nothing abstains rather than voting "no" on every block.
    voters = {name: index for name, index in indexes.items() if index.n_words}
    if not voters:
        reason = "kept: no other extractor returned text (trafilatura recall mode only)"
        return [BlockDecision(block, True, reason) for block in views.recall]
    return [_judge(block, voters, options) for block in views.recall]

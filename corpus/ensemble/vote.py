"""Decide block by block which text to keep, from the extractors' votes, with a reason for each.

Three voters: trafilatura in recall mode proposes every candidate block (its vote), readability-lxml
and trafilatura in precision mode may second it. A block is kept with two votes of three. The
precision-mode vote is only asked for blocks readability does not back, so the caller runs that
extractor only when :func:`needs_precision` says some block depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.ensemble.options import EnsembleOptions
from corpus.ensemble.page_signals import PageSignals
from corpus.ensemble.text_index import BlockTokens, TextIndex
from corpus.ensemble.views import Views

RECALL, PRECISION, READABILITY = "trafilatura-recall", "trafilatura-precision", "readability"


@dataclass(frozen=True)
class BlockDecision:
    """One candidate block: its text, whether it was kept, and why (for the removal log).

    ``reason`` is for people (names the voters, the numbers); ``code`` is a stable key for stats
    (``votes_readability``, ``votes_precision``, ``one_vote``, ``short``, ``link_text``, ``title``,
    ``fallback_readability``, ``fallback_link_text``, ``only_extractor``)."""

    text: str
    kept: bool
    reason: str
    code: str = ""


def readable_blocks(views: Views, options: EnsembleOptions) -> list[str]:
    """Readability's blocks that may vote: those mostly outside links."""
    return [b.text for b in views.readability if b.link_density <= options.max_link_density]


def fallback_reason(views: Views, readable: TextIndex, options: EnsembleOptions,
                    tokens: BlockTokens | None = None) -> str | None:
    """Why readability's blocks replace trafilatura's as the base, or None to keep trafilatura's.
    ``tokens``: the page's tokenisation (see :class:`~corpus.ensemble.text_index.BlockTokens`)."""
    tokens = BlockTokens() if tokens is None else tokens
    recall_words = sum(len(tokens.words(b)) for b in views.recall)
    if not readable.n_words or recall_words >= options.fallback_ratio * readable.n_words:
        return None
    if views.recall and readable.support("\n".join(views.recall)) < options.support:
        return None  # the two found different texts: not a truncation, no reason to switch
    return (
        f"fallback: {RECALL} kept {recall_words} words, {READABILITY} {readable.n_words} "
        f"(< {options.fallback_ratio:.0%}) and contains them"
    )


def readable_index(views: Views, options: EnsembleOptions, tokens: BlockTokens | None = None) -> TextIndex:
    return TextIndex(readable_blocks(views, options), tokens)


def _precheck(
    block: str, readable: TextIndex, options: EnsembleOptions, page: PageSignals
) -> BlockDecision | None:
    """The decision on a block that does not depend on trafilatura's precision mode, or None."""
    if readable.n_words and readable.support(block) >= options.support:
        return BlockDecision(block, True, f"2+ votes: {RECALL} + {READABILITY}", "votes_readability")
    n = len(page.tokens.words(block))
    if n < options.single_vote_min_words:
        why = f"{READABILITY} left it out and it is short ({n} < {options.single_vote_min_words} words)"
        return BlockDecision(block, False, why, "short")
    links = page.link_density(block)
    if links > options.precision_max_link_density:
        why = f"{READABILITY} left it out and {links:.0%} of its words are link text"
        return BlockDecision(block, False, why, "link_text")
    if page.repeats_title(block, options.title_cover):
        why = f"repeats the page title (kept as metadata); {READABILITY} left it out"
        return BlockDecision(block, False, why, "title")
    return None


class Prechecks:
    """:func:`_precheck` of one page's blocks, each computed once (:func:`needs_precision` and then
    :func:`decide` ask about the same blocks with the same index, options and page)."""

    def __init__(self, readable: TextIndex, options: EnsembleOptions, page: PageSignals) -> None:
        self.readable, self.options, self.page = readable, options, page
        self._done: dict[str, BlockDecision | None] = {}

    def __call__(self, block: str) -> BlockDecision | None:
        if block not in self._done:
            self._done[block] = _precheck(block, self.readable, self.options, self.page)
        return self._done[block]

    def fits(self, readable: TextIndex, options: EnsembleOptions, page: PageSignals) -> bool:
        return readable is self.readable and options == self.options and page is self.page


def needs_precision(
    views: Views, options: EnsembleOptions, readable: TextIndex | None = None,
    page: PageSignals | None = None, prechecks: Prechecks | None = None,
) -> bool:
    """True when some candidate block's fate depends on the precision-mode vote. ``prechecks``:
    shared with :func:`decide` so each block is pre-checked once (built with the same arguments)."""
    page = PageSignals() if page is None else page
    readable = readable_index(views, options, page.tokens) if readable is None else readable
    if not readable.n_words:
        return bool(views.recall)  # readability abstains: precision mode is the only second voter
    if fallback_reason(views, readable, options, page.tokens):
        return False  # readability's blocks are the base; trafilatura's votes are not used
    check = _prechecks(prechecks, readable, options, page)
    return any(check(b) is None for b in views.recall)


def _prechecks(
    prechecks: Prechecks | None, readable: TextIndex, options: EnsembleOptions, page: PageSignals
) -> Prechecks:
    if prechecks is not None and not prechecks.fits(readable, options, page):
        raise ValueError("prechecks were built for another index, options or page")
    return Prechecks(readable, options, page) if prechecks is None else prechecks


def _fallback_decisions(views: Views, reason: str, options: EnsembleOptions) -> list[BlockDecision]:
    decisions = []
    for block in views.readability:
        if block.link_density > options.max_link_density:
            why = f"{reason}; link density {block.link_density:.0%} > {options.max_link_density:.0%}"
            decisions.append(BlockDecision(block.text, False, why, "fallback_link_text"))
        else:
            decisions.append(BlockDecision(block.text, True, reason, "fallback_readability"))
    return decisions


def _judge(
    block: str, check: Prechecks, precision: TextIndex | None, options: EnsembleOptions
) -> BlockDecision:
    decision = check(block)
    if decision is not None:
        return decision
    if precision is None or not precision.n_words:
        return BlockDecision(block, False, f"1 vote: only {RECALL} kept it", "one_vote")
    if precision.support(block) < options.support:
        return BlockDecision(block, False, f"1 vote: {READABILITY} and {PRECISION} left it out", "one_vote")
    why = f"2 votes: {RECALL} + {PRECISION} ({READABILITY} left it out)"
    return BlockDecision(block, True, why, "votes_precision")


def _drop_titles(decisions: list[BlockDecision], page: PageSignals, options: EnsembleOptions) -> None:
    for i, d in enumerate(decisions):
        if d.kept and page.repeats_title(d.text, options.title_cover):
            why = f"repeats the page title (kept as metadata); {d.reason}"
            decisions[i] = BlockDecision(d.text, False, why, "title")


def _votes(
    views: Views, options: EnsembleOptions, page: PageSignals, readable: TextIndex, check: Prechecks
) -> list[BlockDecision]:
    fallback = fallback_reason(views, readable, options, page.tokens)
    if fallback:
        return _fallback_decisions(views, fallback, options)
    precision = TextIndex(views.precision, page.tokens) if views.precision is not None else None
    if not readable.n_words and (precision is None or not precision.n_words):
        reason = f"kept: no other extractor returned text ({RECALL} only)"
        return [BlockDecision(block, True, reason, "only_extractor") for block in views.recall]
    return [_judge(block, check, precision, options) for block in views.recall]


def decide(
    views: Views, options: EnsembleOptions, page: PageSignals | None = None,
    readable: TextIndex | None = None, prechecks: Prechecks | None = None,
) -> list[BlockDecision]:
    """Decisions for every candidate block, in page order. ``views.precision`` None = not run;
    ``page`` (anchors and titles of the page) enables the link-text and title checks; ``readable``
    is :func:`readable_index` of the views when the caller already built it; ``prechecks`` the one
    :func:`needs_precision` used."""
    page = PageSignals() if page is None else page
    readable = readable_index(views, options, page.tokens) if readable is None else readable
    decisions = _votes(views, options, page, readable, _prechecks(prechecks, readable, options, page))
    _drop_titles(decisions, page, options)
    return decisions

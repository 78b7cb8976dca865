"""The decision shared by the vocabulary stages (consent, account, social): is this paragraph
interface text of a given kind, or article prose that merely mentions its words?

A paragraph is scored with a vocabulary of the kind (:class:`cleaners.vocabulary.Vocabulary`), then
judged by its shape. Defaults were set on the seeds and the fixture pages and checked against the
181 article bodies of the article-extraction benchmark (prose that must never be dropped):

* a *label* (<= ``max_label_words`` words) goes with ``label_score`` when it addresses the reader
  or is not a sentence ("Créer un compte", "Reset password"); a short third-person sentence needs
  two strong cues and ``sentence_label_score`` points ("Password must be at least 8 characters");
* a longer *prompt* goes when it addresses the reader ("vous", "your", imperative) outside quotes,
  carries no attribution ("a déclaré", "said"), has a strong cue and ``prompt_score`` points, at
  least one per ``words_per_point`` words (a 200-word consent notice needs ~5 distinct cues);
  3 points dropped a blog paragraph that listed "email inbox" among places to be visible;
* a notice in the site's own voice ("nous et nos partenaires", "we use") needs two strong cues and
  the prompt density;
* a paragraph that does not address the reader goes only when ``dense_score`` points, two of them
  strong cues, are packed into at most ``max_dense_words`` words: the seeds' password rules are
  22 words; article sentences that describe a sign-up procedure ran 33 and 36 words.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaners.memo import TextFeatures
from cleaners.vocabulary import Vocabulary


@dataclass(frozen=True)
class UiThresholds:
    max_label_words: int = 15
    max_label_chars: int = 200  # labels are short in characters too (URLs, glued junk are not labels)
    label_score: int = 2
    sentence_label_score: int = 5
    prompt_score: int = 4
    words_per_point: int = 40
    dense_score: int = 6
    max_dense_words: int = 25
    max_dense_chars: int = 300


@dataclass(frozen=True)
class _Shape:
    """What the rules look at besides the vocabulary."""

    words: int
    addressed: bool
    site_voice: bool
    short: bool
    dense_size: bool


def ui_reason(text: str, vocabulary: Vocabulary, t: UiThresholds,
              features: TextFeatures | None = None) -> str | None:
    """"label", "prompt", "site_notice" or "dense" when ``text`` is interface text of the
    vocabulary's kind, else None. ``features``: the document's memo (a fresh one when None)."""
    f = TextFeatures() if features is None else features
    flat = f.unglue(text)
    n = f.n_words(flat)
    short = n <= t.max_label_words and len(flat) <= t.max_label_chars
    dense_size = n <= t.max_dense_words and len(flat) <= t.max_dense_chars
    if not (short or dense_size or f.addresses_reader(flat) or f.speaks_as_site(flat)):
        return None  # no rule can drop it: skip the vocabulary scan (most article prose)
    if f.has_attribution(text):  # asked second: both answers are None, and this one costs a search
        return None  # reported speech: no rule drops it
    low, runs = f.lowered(flat), f.runs(flat)
    if not vocabulary.may_have_cue(flat, low, runs):
        return None  # no cue: score 0 (one search; the word beginnings are not needed)
    found = vocabulary.found(flat, low=low, runs=runs)  # the cues whose runs it holds, searched
    score = sum(c.weight for c in found)
    strong = sum(1 for c in found if c.weight >= 2)
    if score == 0:
        return None
    shape = _Shape(n, f.addresses_reader(flat), f.speaks_as_site(flat), short, dense_size)
    if shape.short:
        return _label(text, shape, score, strong, t, f)
    return _long(shape, score, strong, t)


def _label(text: str, shape: _Shape, score: int, strong: int, t: UiThresholds, f: TextFeatures) -> str | None:
    if score >= t.label_score and (shape.addressed or not f.is_sentence(text)):
        return "label"
    if strong >= 2 and score >= t.sentence_label_score:
        return "label"
    return None


def _long(shape: _Shape, score: int, strong: int, t: UiThresholds) -> str | None:
    dense_enough = score >= t.prompt_score and score * t.words_per_point >= shape.words
    if shape.addressed and strong and dense_enough:
        return "prompt"
    if shape.site_voice and strong >= 2 and dense_enough:
        return "site_notice"  # "Nous et nos partenaires stockons…": the site speaking, not a reporter
    if strong >= 2 and score >= t.dense_score and shape.dense_size:
        return "dense"
    return None

"""Language-agnostic surface features of a paragraph shared by the boilerplate stages.

Boilerplate (buttons, prompts, widgets) differs from article prose in shape more than in words:
it is short, lacks sentence punctuation, addresses the reader ("vous", "your", imperatives) and is
dense in interface vocabulary. Article prose reports: it has sentences, attributions ("a déclaré",
"said") and third-person subjects. These helpers measure those shapes; stages combine them.
"""

from __future__ import annotations

import re

from cleaners.bmp import bmp_class, bmp_only, letter, word_char

# A word: a letter and the run of letters, apostrophes and hyphens after it. Written as letters, then
# (separators, letters) groups, all possessive: the same matches as the plain form
# r"[^\W\d_](?:[^\W\d_]|['’\-])*" (each repetition takes one character of the same set, and the
# run ends at the same character), without the engine's per-character alternation and backtracking
# bookkeeping (tests/test_clean_fast2.py compares the two).
WORD_RE = re.compile(r"[^\W\d_]++(?:['’\-]++[^\W\d_]*+)*+", re.UNICODE)
SENTENCE_END_RE = re.compile(r"[.!?…»\"”)]\s*$")
_SENTENCE_END_CHARS = frozenset(".!?…»\"”)")  # SENTENCE_END_RE's class


def ends_like_prose(text: str) -> bool:
    """``SENTENCE_END_RE.search(text)``: the last character before trailing white space (``\\s`` and
    ``str.rstrip`` strip the same characters) is one of its class; read from the end instead of
    searching the whole text (the regex tries every candidate character)."""
    return text.rstrip()[-1:] in _SENTENCE_END_CHARS
# "AccepterTout", "surTelegram": a lower-case run directly followed by a capitalised word
GLUE_RE = re.compile(r"(?<=[a-zà-öø-ÿ]{2})(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")
# GLUE_RE's places, found from the capital instead of from every position: each match takes the
# capital at a glue point (two lower-case letters behind it, one after it), which the substitution
# puts back after the space. The regex engine only tries positions holding a capital (a pattern that
# starts with a character class is scanned for it); GLUE_RE starts with a look-behind, tried at every
# position. Matches cannot overlap: the capital taken is no lower-case letter a later one needs.
_GLUE_CAPITAL_RE = re.compile(r"([A-ZÀ-ÖØ-Þ])(?<=[a-zà-öø-ÿ]{2}.)(?=[a-zà-öø-ÿ])")

# Reader address outside quotations: second person, or the site speaking as "we/nous".
_ADDRESS_WORDS = "vous|votre|vos|tu|ton|ta|tes|you|your|yours"
_ADDRESS_RE = re.compile(rf"\b(?:{_ADDRESS_WORDS})\b", re.IGNORECASE)
# French imperative (2nd person plural) at the start of a sentence: "Cliquez", "Abonnez-vous".
_FR_IMPERATIVE_RE = re.compile(r"(?:^|[.!?:]\s+)[A-ZÀ-Ý][a-zà-ÿ]+ez\b(?:-vous|-nous|-le|-la|-les)?")
_EN_IMPERATIVES = (
    "accept|access|allow|check|click|confirm|continue|create|discover|download|enable|enter|explore|"
    "follow|get|go|join|learn|log|manage|read|register|reject|reset|retry|save|see|select|sign|"
    "start|subscribe|tap|try|update|verify|visit|watch|listen|share|install|upgrade|unlock"
)
_EN_IMPERATIVE_RE = re.compile(rf"(?:^|[.!?:]\s+)(?:{_EN_IMPERATIVES})\b(?!\s+(?:was|were|is|has|had)\b)",
                               re.IGNORECASE)
# Reported speech and attribution: the hallmark of news prose.
# Its four alternatives, each with the runs one of which its every match holds (see _ATTRIBUTION_RUNS).
_ATTRIBUTION_PARTS = (
    (r"\b(?:a|ont|avait|aurait)\s+(?:déclaré|indiqué|affirmé|ajouté|expliqué|souligné|annoncé|estimé|"
     r"précisé|rappelé|assuré|dénoncé|confirmé|reconnu)\b",
     "déclaré indiqué affirmé ajouté expliqué souligné annoncé estimé précisé rappelé assuré dénoncé "
     "confirmé reconnu"),
    (r"\b(?:a-t-il|a-t-elle|ont-ils|selon\s+(?:le|la|les|l['’]|un|une|des|M\.|Mme|[A-ZÉ]))", "t ont selon"),
    (r"\bd['’]après\s+(?:le|la|les|l['’]|[A-Z])", "après"),
    (r"\b(?:said|says|told|added|according\s+to\s+(?:the|a|an|[A-Z])|stated|announced|reported|wrote)\b",
     "said says told added according stated announced reported wrote"),
)
_ATTRIBUTION_RE = re.compile("|".join(part for part, _ in _ATTRIBUTION_PARTS))
_QUOTED_RE = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


def alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` alternatives of a regex fragment, longest first (so that removing them
    one match at a time prefers "retour en haut de page" over "retour")."""
    parts, depth, start, escaped = [], 0, 0, False
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return sorted(parts, key=len, reverse=True)


_ALNUM_RE = re.compile(r"[^\W_]")


def only_made_of(text: str, vocabulary: re.Pattern[str], *, alnum_starts: bool = False) -> bool:
    """``text`` has at least one ``vocabulary`` match and nothing else but punctuation and spaces.
    (Substitution instead of a repeated-group regex, which backtracks exponentially.)

    ``alnum_starts``: every match of ``vocabulary`` starts with a letter or digit
    (:func:`cleaners.prefilter.starts_alnum`). The substitution's scan is then followed match by
    match: after a match (or at the start) the next match can only begin at the next letter or
    digit, so when the pattern does not match there that character stays and the answer is False,
    found without scanning the rest of the paragraph (most prose)."""
    if alnum_starts:
        return _walk_matches(text, vocabulary)
    if _ALNUM_RE.match(text) and not vocabulary.match(text):
        return False  # the substitution leaves the first character
    rest, found = vocabulary.subn(" ", text)
    return found > 0 and not _ALNUM_RE.search(rest)


def _walk_matches(text: str, vocabulary: re.Pattern[str]) -> bool:
    pos, found = 0, False
    while True:
        letter = _ALNUM_RE.search(text, pos)
        if letter is None:
            return found
        match = vocabulary.match(text, letter.start())
        if match is None:
            return False
        pos, found = match.end(), True


def words(text: str, bmp: bool | None = None) -> list[str]:
    """``WORD_RE.findall(text)``; with its letter class spelled out as ranges (:mod:`cleaners.bmp`)
    when no character of the text is beyond U+FFFF: up to there the two classes hold the same
    characters, so the same words are found, faster. ``bmp``: ``bmp_only(text)`` when known."""
    if bmp_only(text) if bmp is None else bmp:
        return (_BMP_WORD_RE or _bmp_word_re()).findall(text)
    return WORD_RE.findall(text)


_BMP_WORD_RE: re.Pattern[str] | None = None  # compiled when first needed (~20 ms)


def _bmp_word_re() -> re.Pattern[str]:
    global _BMP_WORD_RE  # a constant, built once: no answer depends on when
    if _BMP_WORD_RE is None:
        _BMP_WORD_RE = re.compile(WORD_RE.pattern.replace(r"[^\W\d_]", f"[{bmp_class(letter)}]"))
    return _BMP_WORD_RE


# Runs of white space (NBSP included: it is white space), replaced by one space. A lone space is left
# alone instead of being replaced by itself: the result is that of ``\s+`` -> " ", with one
# substitution per run to change rather than one per space of the text.
_SPACES_RE = re.compile(r"\s{2,}|[^\S ]")


def norm_space(text: str) -> str:
    """White space runs (NBSP included) as one space, no white space at the ends. A printable text
    holds no white space but the space (every other one is a control or separator character), so
    without two spaces in a row it has nothing to substitute."""
    if "  " not in text and text.isprintable():
        return text.strip()
    return _SPACES_RE.sub(" ", text).strip()


def unquoted(text: str) -> str:
    """The text with quoted speech removed (quotes often address someone: "vous", "you")."""
    if '"' not in text and "«" not in text and "“" not in text:
        return text  # every quotation opens with one of them: nothing to remove
    return _QUOTED_RE.sub(" ", text)


def is_sentence(text: str, min_words: int = 6) -> bool:
    """Ends like prose (., !, ?, closing quote) and is long enough to be a sentence."""
    return len(words(text)) >= min_words and ends_like_prose(text)


def addresses_reader(text: str) -> bool:
    """Second person or an imperative outside quotations."""
    return addresses_reader_unquoted(unquoted(text))


def addresses_reader_unquoted(bare: str, runs: frozenset[str] | None = None) -> bool:
    """:func:`addresses_reader` of a text whose quotations are already removed (:func:`unquoted`).
    ``runs``: :func:`word_runs` of its lower case when that stands for case folding (see below)."""
    if runs is None:
        return bool(_ADDRESS_RE.search(bare) or _FR_IMPERATIVE_RE.search(bare)
                    or _EN_IMPERATIVE_RE.search(bare))
    return (not runs.isdisjoint(_ADDRESS_SET)
            or has_fr_imperative(bare)
            or (not runs.isdisjoint(_EN_IMPERATIVE_SET) and _EN_IMPERATIVE_RE.search(bare) is not None))


# Word runs. _ADDRESS_RE and _SITE_VOICE_RE match a listed word between two \b, each a whole run of
# word characters; an English imperative is such a run too (whitespace or the start before it, \b
# after it). When the lower case of the text stands for the engine's case folding
# (cleaners.folded.lowered: same length, word characters at the same places, no extra equivalence
# such as "ſ" ~ "s"), a run matches a listed word case-insensitively exactly when its lower case is
# that word: the set of lower-cased runs answers the two regexes and screens the third. A French
# imperative holds "ez" as written (the regex is case-sensitive).
_WORD_RUN_RE = re.compile(r"\w+")
_ADDRESS_SET = frozenset(_ADDRESS_WORDS.split("|"))
_EN_IMPERATIVE_SET = frozenset(_EN_IMPERATIVES.split("|"))


def word_runs(low: str) -> frozenset[str]:
    """The maximal runs of word characters of ``low`` (a lower-cased text)."""
    return frozenset(run_list(low))


def run_list(text: str, bmp: bool = False) -> list[str]:
    """The maximal runs of word characters (``\\w+``) of ``text``, in order. ``bmp``: the text is
    known to hold no character beyond U+FFFF (:func:`cleaners.bmp.bmp_only`); the word class is
    then spelled out as ranges (same runs, faster; see :func:`words`)."""
    if bmp:
        return (_BMP_RUN_RE or _bmp_run_re()).findall(text)
    return _WORD_RUN_RE.findall(text)


_BMP_RUN_RE: re.Pattern[str] | None = None  # compiled when first needed


def _bmp_run_re() -> re.Pattern[str]:
    global _BMP_RUN_RE  # a constant, built once: no answer depends on when
    if _BMP_RUN_RE is None:
        _BMP_RUN_RE = re.compile(f"[{bmp_class(word_char)}]+")
    return _BMP_RUN_RE


_SITE_VOICE_WORDS = "nous|nos|notre|we|our|us"
_SITE_VOICE_RE = re.compile(rf"\b(?:{_SITE_VOICE_WORDS})\b", re.IGNORECASE)
_SITE_VOICE_SET = frozenset(_SITE_VOICE_WORDS.split("|"))

# Screens on the runs of the whole text, quotations included. Replacing each quotation with a space
# (:func:`unquoted`) leaves the text outside them as it was, and a quotation begins and ends with a
# quotation mark, which is no word character (and neither cased nor case-ignorable: the lower case of
# the text outside is the same): every run of the unquoted text is a run of the text. A text none of
# whose runs is a second-person word or an English imperative (``ADDRESS_SCREEN``) has none of them
# unquoted either, so only the French imperative can make it address the reader; one without a site
# voice word (``SITE_VOICE_SCREEN``) does not speak as the site. Neither needs the unquoted text's runs.
ADDRESS_SCREEN = _ADDRESS_SET | _EN_IMPERATIVE_SET
SITE_VOICE_SCREEN = _SITE_VOICE_SET


def has_fr_imperative(bare: str) -> bool:
    """The French imperative part of :func:`addresses_reader_unquoted` (it holds "ez" as written)."""
    return "ez" in bare and _FR_IMPERATIVE_RE.search(bare) is not None


def speaks_as_site(text: str) -> bool:
    """First person plural outside quotations: the publisher talking about itself."""
    return speaks_as_site_unquoted(unquoted(text))


def speaks_as_site_unquoted(bare: str, runs: frozenset[str] | None = None) -> bool:
    """:func:`speaks_as_site` of a text whose quotations are already removed (:func:`unquoted`);
    ``runs`` as for :func:`addresses_reader_unquoted`."""
    if runs is None:
        return bool(_SITE_VOICE_RE.search(bare))
    return not runs.isdisjoint(_SITE_VOICE_SET)


# Every match of _ATTRIBUTION_RE (case-sensitive) holds one of these as a whole run of word
# characters: the participle, "t" of "a-t-il", "ont" of "ont-ils", "selon", "après", the English verb
# or "according". Its lower case is itself, so it is among the runs of the lower-cased text. The regex
# has a match when one of its alternatives has one: given the runs, only the alternatives whose runs
# the text holds are searched (English prose with "said" is not scanned for the French forms).
_ATTRIBUTION_SCREENS = tuple((re.compile(part), frozenset(gate.split())) for part, gate in _ATTRIBUTION_PARTS)
_ATTRIBUTION_RUNS = frozenset().union(*(gate for _, gate in _ATTRIBUTION_SCREENS))


def has_attribution(text: str, runs: frozenset[str] | None = None) -> bool:
    """Reported speech; ``runs``: :func:`word_runs` of the text's lower case (as for
    :func:`addresses_reader_unquoted`), which rules most texts out without the regex."""
    if runs is None:
        return bool(_ATTRIBUTION_RE.search(text))
    if runs.isdisjoint(_ATTRIBUTION_RUNS):
        return False
    return any(not runs.isdisjoint(gate) and part.search(text) is not None
               for part, gate in _ATTRIBUTION_SCREENS)


def glue_points(text: str) -> int:
    """How many words are glued to the previous one with a capital boundary ("AccepterTout")."""
    return len(GLUE_RE.findall(text))


def unglue(text: str) -> str:
    return GLUE_RE.sub(" ", text)


def unglue_counted(text: str) -> tuple[str, int]:
    """``(unglue(text), glue_points(text))`` in one scan: the substitution replaces every match of
    GLUE_RE (all empty, none next to another) that ``findall`` lists. Searched first with
    ``_GLUE_CAPITAL_RE`` (same places): most texts have no glue point and are returned as they are."""
    if _GLUE_CAPITAL_RE.search(text) is None:
        return text, 0
    return _GLUE_CAPITAL_RE.subn(r" \1", text)

"""Photo captions and credits: "Source: X", "© AFP", "Photo : …", "Crédit photo", "Getty Images",
"Photo d'illustration" — whole lines, or a credit glued to the end of a line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import ParagraphStage, TextDoc, Verdict
from cleaners.features import alternatives, only_made_of, words
from cleaners.folded import fold
from cleaners.prefilter import starts_alnum

# Photo agencies and image banks: a line made only of these (and separators) is a credit.
AGENCIES = (
    r"afp|reuters|ap|ap photo|associated press|getty ?images|gettyimages(?:\.\w+)?|epa|epa-efe|efe|sipa|"
    r"sipa press|shutterstock|istock(?:photo)?|alamy|abaca(?:press)?|maxppp|hans lucas|anadolu|"
    r"anadolu agency|xinhua|tass|ria novosti|sputnik|belga|dpa|ansa|keystone|ukrinform|"
    r"wikimedia commons|wikimedia|unsplash|pexels|flickr|dr|droits réservés|all rights reserved|"
    r"tous droits réservés|nato|otan|pool|handout"
)
# The same written as the agencies write themselves: "(AFP)" is a credit, "(ePA)" an acronym.
AGENCY_NAMES = r"AFP|Reuters|AP|EPA|EFE|Getty Images|Sipa|Belga|dpa|ANSA|Xinhua|TASS|Anadolu|Maxppp|Abaca"
# a credit's value: names and abbreviations ("U.S. Army / Sgt. Maria Lopez"), no sentence break
_CREDIT_VALUE = r"(?:[^.!?:;]|\.(?=\w|\s(?-i:[A-ZÀ-Ý]))){1,60}"
_TAIL_CHARS = 160
_CREDIT_WORD = (
    r"photos?|cr[ée]dits?(?: photos?)?|credits?|copyright|sources?|images?|illustrations?|photographs?|"
    r"photographie|photographer|photographe|vid[ée]o|video|infographie|graphic|montage|capture d['’][ée]cran|"
    r"screenshot|legende|légende|caption|pictured|courtesy"
)
_AGENCY_RE = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives(AGENCIES))})(?!\w)", re.IGNORECASE)
# "AFP PHOTO / NATO", "Image source, Getty Images", "Photo archives AFP": agencies and credit words only
_AGENCY_OR_CREDIT_RE = re.compile(
    rf"(?<!\w)(?:{'|'.join(alternatives(AGENCIES + '|' + _CREDIT_WORD + '|archives?|file|stock'))})(?!\w)",
    re.IGNORECASE,
)
_CREDIT_ALNUM_STARTS = starts_alnum(_AGENCY_OR_CREDIT_RE.pattern)
# "Photo : AFP", "Crédit photo : Ministère", "Source: Gettyimages.ru", "© Reuters / J. Doe"
_CREDIT_LINE_RE = re.compile(
    rf"^(?:[(\[]\s*)?(?:(?:{_CREDIT_WORD})\s*[:/|©]|"
    rf"(?:photos?|cr[ée]dits?(?: photos?)?|credits?|copyright)\s+"
    rf"(?:by|par|de)\s+(?-i:[A-ZÀ-Ý])|©)",
    re.IGNORECASE,
)
_ILLUSTRATION_RE = re.compile(
    r"(?:photo|image|visuel)s? d['’](?:illustration|archives?)|illustrative (?:photo|image)|"
    r"(?:file|archive|stock) (?:photo|image)|(?:photo|image) (?:d['’])?illustration|photo prétexte",
    re.IGNORECASE,
)
# A credit glued to the end of a line: "… renseignement Source: Gettyimages.ru", "… (Photo: J. Doe/AFP)"
_TRAILING_CREDIT_RE = re.compile(
    rf"\s*(?:(?:[(\[]\s*)?(?:{_CREDIT_WORD})\s*:\s*(?=(?-i:[A-ZÀ-Ý0-9©])){_CREDIT_VALUE}?[)\]]?|©\s*{_CREDIT_VALUE}|"
    rf"\(\s*(?-i:{AGENCY_NAMES})\s*\)|"
    # "… le 10 mars 2025. PETRAS MALUKAS / AFP", "… in 2019. Getty Images"
    rf"(?<=[.!?»)]\s)(?-i:(?:[A-ZÀ-Ý][\w.'’\-]*\s){{0,4}}/\s?)?(?-i:{AGENCY_NAMES})(?:\s?/\s?[^.!?]{{1,40}})?)\s*$",
    re.IGNORECASE,
)


# the same regexes on lower-cased text when it stands for case folding (cleaners.folded): same matches
_AGENCY = fold(_AGENCY_RE)
_AGENCY_OR_CREDIT = fold(_AGENCY_OR_CREDIT_RE)
_ILLUSTRATION = fold(_ILLUSTRATION_RE)

# Every trailing credit holds a colon (a credit word's), "©" or an agency name as written (the
# "(AFP)" form too, whose parenthesis is no hint on its own): a tail with none of them cannot end in a
# credit (the regex is not run).
_TRAILING_HINTS = (":", "©", *AGENCY_NAMES.split("|"))
_TRAILING_HINT_RE = re.compile("|".join(re.escape(hint) for hint in _TRAILING_HINTS))  # any of them, one scan
# Nor can a text whose last character (white space aside) is one of these: a trailing credit ends with
# a credit value's character (never ".", "!" or "?": a "." in it must be followed by a word character
# or by a space and a capital), ")" or "]", an agency name's letter, or a character of
# "/ [^.!?]{1,40}", before white space only (``\s*$``). Prose ends with them: its regex is not run.
PROSE_ENDS = (".", "!", "?")


@dataclass
class CaptionStage(ParagraphStage):
    """Drops credit and caption lines.

    ``max_credit_words``: credits name a source and a person ("Crédit photo : Ministère des Armées /
    Jean Dupont" is 9 words); 14 leaves margin. ``max_caption_words``: a line of up to 40 words
    ending in a credit is a caption (captions run 10-30 words); longer paragraphs only lose the
    credit span.
    """

    name = "caption"
    max_credit_words: int = 14
    max_caption_words: int = 40

    def check(self, text: str, doc: TextDoc) -> Verdict | None:
        n = doc.features.n_words(text)
        if n <= self.max_credit_words:
            low = doc.features.lowered(text)
            agency, target = _AGENCY.on(text, low)
            if agency.search(target) and _only_credits(*_AGENCY_OR_CREDIT.on(text, low)):
                return Verdict("agency_credit")
            if _CREDIT_LINE_RE.match(text) and not text.rstrip().endswith(("?", "!")):
                return Verdict("credit_line")
            illustration, target = _ILLUSTRATION.on(text, low)
            if illustration.search(target):
                return Verdict("illustration_caption")
        if text.rstrip().endswith(PROSE_ENDS):  # most prose: no need to look for a hint
            return None
        offset = max(0, len(text) - _TAIL_CHARS)  # a credit ends the line: never scan a long paragraph
        if _TRAILING_HINT_RE.search(text, offset) is None:
            return None
        trailing = _TRAILING_CREDIT_RE.search(text, offset)
        if trailing and trailing.start() > 0 and len(words(trailing.group())) <= self.max_credit_words:
            if n <= self.max_caption_words:
                return Verdict("caption_with_credit")
            return Verdict("trailing_credit", keep=text[: trailing.start()].rstrip())
        return None


def _only_credits(pattern: re.Pattern[str], text: str) -> bool:
    """Agency and credit words only (``pattern``: _AGENCY_OR_CREDIT_RE or its folded twin)."""
    return only_made_of(text, pattern, alnum_starts=_CREDIT_ALNUM_STARTS)

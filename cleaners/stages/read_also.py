""""Read also" / related-article teasers ("Lire aussi : …", "À lire également", "Read more:",
"Related:"), with the teaser titles listed under a bare heading."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import Stage, TextDoc, Verdict

_PREFIXES = (
    r"(?:[àa]\s+)?lire\s+(?:aussi|également|egalement|encore|la\s+suite)|(?:[àa]\s+)?voir\s+(?:aussi|également)|"
    r"(?:[àa]\s+)?(?:découvrir|decouvrir|écouter|regarder)\s+(?:aussi|également)|sur\s+le\s+même\s+sujet|"
    r"dans\s+la\s+même\s+rubrique|articles?\s+(?:similaires|liés|associés|recommandés)|notre\s+dossier|"
    r"pour\s+aller\s+plus\s+loin|en\s+savoir\s+plus|les\s+plus\s+lus|le\s+plus\s+lu|à\s+la\s+une|"
    r"(?:read|see)\s+(?:also|more)|also\s+(?:read|see)|read\s+next|related(?:\s+(?:articles?|stories|"
    r"content|coverage|news|reading|topics))?|more\s+(?:on\s+this(?:\s+story)?|stories|from|news)|"
    r"recommended(?:\s+for\s+you)?|you\s+(?:may|might)\s+(?:also\s+)?like|further\s+reading|most\s+(?:read|"
    r"popular|viewed)|trending(?:\s+now)?|keep\s+reading|continue\s+reading|latest\s+news|dernières\s+"
    r"(?:actualités|actus|infos)|à\s+ne\s+pas\s+manquer|don['’]t\s+miss|populaires?|popular|"
    r"(?:[àa]\s+)?[ée]couter\s+(?:aussi|également)|listen\s+also|also\s+listen"
)
# headings that only announce a list of links when they stand alone ("More information: <a citation>")
_LINK_HEADINGS = (
    r"plus\s+d['’]informations?|more\s+information|liens\s+utiles|useful\s+links|related\s+links|"
    r"pour\s+en\s+savoir\s+plus|further\s+information|documents?\s+(?:associ[ée]s|li[ée]s|connexes)|"
    r"ressources\s+associ[ée]es|related\s+(?:documents|resources|pages)"
)
# media teasers need an explicit separator ("WATCH: …", "Vidéo | …"): "Watch" also starts sentences
_MEDIA = (r"watch|listen|regarder|[ée]couter|vid[ée]o|video|en images|in pictures|photos|podcast|live|"
          r"en direct")
# prefix alone, or prefix then a separator or a capitalised teaser title
_TEASER_RE = re.compile(
    rf"^[\s»›>•▶►\-–—\[(]*(?:(?:{_PREFIXES})[\])]?\s*(?:$|[:|»›>\-–—…]|\s+(?-i:[A-ZÀ-Ý«\"“0-9]))|"
    rf"(?:{_MEDIA})[\])]?\s*[:|»›>]\s*\S)",
    re.IGNORECASE,
)
_HEADING_ONLY_RE = re.compile(rf"^[\s»›>•▶►\-–—]*(?:{_PREFIXES}|{_LINK_HEADINGS})\s*[:|»›>\-–—…]?\s*$",
                              re.IGNORECASE)


@dataclass
class ReadAlsoStage(Stage):
    """Drops teaser lines, and after a bare teaser heading ("À lire aussi") up to
    ``max_listed`` following lines that look like headlines (``max_headline_words`` words at most,
    no final period): the first one always, the next ones as long as another short line (or the
    end) follows them — a short line followed by prose may be the article's next subheading."""

    name = "read_also"
    max_teaser_words: int = 30
    max_listed: int = 6
    max_headline_words: int = 20

    def judge(self, doc: TextDoc) -> dict[int, Verdict]:
        out: dict[int, Verdict] = {}
        live = doc.live()
        listing = 0
        for i, para in enumerate(live):
            text = para.text
            first = listing == self.max_listed  # the line right under the heading
            if _HEADING_ONLY_RE.match(text):
                out[para.position] = Verdict("teaser_heading")
                listing = self.max_listed
            elif doc.features.n_words(text) <= self.max_teaser_words and _TEASER_RE.match(text):
                out[para.position] = Verdict("teaser")
                listing = 0
            elif listing and self._headline(text, doc) and (first or self._list_goes_on(live[i + 1:], doc)):
                out[para.position] = Verdict("teaser_listed")
                listing -= 1
            else:
                listing = 0
        return out

    def _headline(self, text: str, doc: TextDoc) -> bool:
        """Short and not ending with a period: headlines end bare, or with "?" or "!"."""
        short = doc.features.n_words(text) <= self.max_headline_words
        return short and not text.rstrip().endswith((".", "…"))

    def _list_goes_on(self, rest: list, doc: TextDoc) -> bool:
        """A listed headline is followed by another short line or by nothing: one followed by prose
        may be the article's next subheading, and stays."""
        return not rest or self._headline(rest[0].text, doc)

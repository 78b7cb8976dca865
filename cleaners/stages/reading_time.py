"""Reading-time and word-count widgets ("Article de 378 mots ⏱️ 2 min de lecture", "5 min read")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import ParagraphStage, TextDoc, Verdict

_WIDGET_RE = re.compile(
    r"\d+\s*(?:min(?:ute)?s?|mn)\.?\s*(?:de\s+)?(?:lecture|read(?:ing)?|à lire|to read)|"
    r"(?:temps|durée) de lecture|reading time|time to read|lecture\s*:?\s*\d+\s*(?:min|mn)|read time|"
    r"\d[\d\s,.]*\s*(?:mots|words)\b|"
    # media players: "Durée de la vidéo : 02min 14s", "Duration: 3:12"
    r"(?:dur[ée]e|duration|length)(?:\s+(?:de\s+la\s+vid[ée]o|de\s+l['’]audio|du\s+podcast))?\s*:\s*\d",
    re.IGNORECASE,
)


@dataclass
class ReadingTimeStage(ParagraphStage):
    """``max_words``: widgets are a few tokens ("Article de 378 mots ⏱️ 2 min de lecture" is 7
    words); 12 leaves room for a date on the same line and keeps sentences such as "Il a lu le texte
    de 300 mots en 2 min de lecture publique devant les députés.\""""

    name = "reading_time"
    max_words: int = 12

    def check(self, text: str, doc: TextDoc) -> Verdict | None:
        if doc.features.n_words(text) <= self.max_words and _WIDGET_RE.search(text):
            return Verdict("reading_time")
        return None

"""Social follow/share prompts and share bars ("Suivez-nous sur X", "Share on Facebook", rows of
network names), French and English."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import ParagraphStage, TextDoc, Verdict
from cleaners.folded import Folded, fold

NETWORKS = (
    r"facebook|twitter|x|telegram|linkedin|instagram|youtube|whatsapp|tiktok|vkontakte|vk|bluesky|"
    r"mastodon|threads|flipboard|reddit|pinterest|snapchat|rumble|odysee|messenger|dailymotion|"
    r"google news|google actualités|apple news|rss|podcasts?|spotify|deezer|signal|viber|wechat|line|"
    r"e-?mail|mail|courriel|sms|imprimer|print|copier(?: le)? lien|copy(?: the)? link|lien|link|@\w+"
)
_NETWORK_RE = re.compile(rf"(?<!\w)(?:{NETWORKS})(?!\w)", re.IGNORECASE)
_PROMPT_RE = re.compile(
    r"(?<!\w)(?:suivez|suivre|suis|follow|rejoignez|rejoindre|join|retrouvez|find|partag(?:er|ez|e)|share|"
    r"tweet(?:er|ez)?|envoy(?:er|ez)|send|abonnez-vous|subscribe|connect|likez?|aimez|épingler|pin|"
    r"t[ée]l[ée]charg(?:er|ez)|download|disponible|available|get it|écoutez|listen|watch|regardez|"
    r"ajout(?:er|ez)|add)(?!\w)",
    re.IGNORECASE,
)
_STRONG_RE = re.compile(
    r"(?<!\w)(?:suivez[- ]nous|follow us|rejoignez[- ]nous|join us|retrouvez[- ]nous|find us|"
    r"partag(?:er|ez) (?:cet|cette|ce|l['’]|sur|via)|share (?:this|on|via|the)|copi(?:er|ez) le lien|"
    r"tweet(?:er|ez)? (?:this|cet)|"
    r"copy (?:the )?link|(?:notre |l['’]|our |the )appli(?:cation)?(?: mobile)?|(?:our|the) app|"
    r"app store|google play|nos r[ée]seaux|our (?:social|channels)|(?:notre|our) cha[iî]ne|"
    r"our channel)(?!\w)",
    re.IGNORECASE,
)
_SHARE_FILLER_RE = re.compile(r"(?<!\w)(?:partager|partagez|share|tweet|pin|sur|on|via|et|and|ou|or)(?!\w)",
                              re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[\s|/•·,;:\-–—>+@#()\[\]]+")
# the same regexes on lower-cased text when it stands for case folding (cleaners.folded): same matches
_NETWORK = fold(_NETWORK_RE)
_PROMPT = fold(_PROMPT_RE)
_STRONG = fold(_STRONG_RE)
_SHARE_FILLER = fold(_SHARE_FILLER_RE)


@dataclass
class SocialStage(ParagraphStage):
    """Drops follow/share prompts.

    ``max_words``: prompts are one line; 20 words keeps every article sentence of the benchmark.
    """

    name = "social"
    max_words: int = 20

    def check(self, text: str, doc: TextDoc) -> Verdict | None:
        f = doc.features
        flat = f.unglue(text)
        n = f.n_words(flat)
        if n == 0 or n > self.max_words or text[0].islower() or f.has_attribution(text):
            return None  # a line starting in lower case continues a sentence (a broken paragraph)
        low, flat_low = f.lowered(text), f.lowered(flat)
        # brand names are glued words themselves ("LinkedIn"): look at both spellings
        if self._only_networks(text, low) or self._only_networks(flat, flat_low):
            return Verdict("share_bar")
        if f.is_sentence(text, 12):
            return None
        if _search(_STRONG, flat, flat_low):
            return Verdict("follow_prompt")
        if _search(_PROMPT, flat, flat_low) and (_search(_NETWORK, text, low)
                                                 or _search(_NETWORK, flat, flat_low)):
            return Verdict("follow_prompt")
        return None

    @staticmethod
    def _only_networks(flat: str, low: str | None) -> bool:
        """Network names, filler words and separators only. Lower-casing keeps which characters are
        separators (only letters change), so the lower-cased text gives the same answer."""
        if low is not None and _NETWORK.lower is not None and _SHARE_FILLER.lower is not None:
            networks, filler, target = _NETWORK.lower, _SHARE_FILLER.lower, low
        else:
            networks, filler, target = _NETWORK_RE, _SHARE_FILLER_RE, flat
        if not networks.search(target):
            return False  # no network name: the substitutions need not run
        rest = filler.sub(" ", networks.sub(" ", target))
        return not _SEPARATORS_RE.sub("", rest)


def _search(folded: Folded, text: str, low: str | None) -> bool:
    pattern, target = folded.on(text, low)
    return pattern.search(target) is not None

"""Interface debris that is no kind of prose: ornament lines without letters or digits ("• |"),
lone button labels ("OK", "Fermer", "Back to top"), breadcrumbs ("Accueil › Monde › Europe") and
runs of short labels glued without spaces ("AccueilMondeEurope")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import ParagraphStage, TextDoc, Verdict
from cleaners.features import GLUE_RE, alternatives, only_made_of, words
from cleaners.folded import Folded, fold
from cleaners.memo import TextFeatures
from cleaners.prefilter import starts_alnum

_LABELS = (
    r"ok|okay|oui|non|yes|no|fermer|close|annuler|cancel|valider|submit|envoyer|send|continuer|continue|"
    r"menu|rechercher|recherche|search|accueil|home|retour|back|retour en haut(?: de (?:la )?page)?|"
    r"haut de page|back to top|top|suivant|next|précédent|previous|voir plus|voir tout|tout voir|see all|"
    r"view all|show more|load more|afficher plus|charger plus|plus|more|lire la suite|read more|"
    r"s['’]abonner|se connecter|connexion|login|log in|sign in|sign up|subscribe|mon compte|my account|"
    r"profil|profile|déconnexion|logout|partager|share|imprimer|print|commenter|comments?|commentaires?|"
    r"réagir|j['’]accepte|i agree|agree|accept|accepter|refuser|reject|en direct|live|vidéo|video|"
    r"podcast|newsletter|abonnez-vous|skip to (?:main )?content|aller au contenu|passer au contenu|"
    r"fr|en|français|english|de|es|it|ru|ar|zh|pt|uk|pl|nl|langue|language|select language|"
    r"toggle navigation|navigation|sections?|rubriques?|x|"
    r"r[ée]agir(?: à cet article)?|commenter(?: cet article)?|(?:laisser|[ée]crire) un commentaire|"
    r"(?:voir|afficher) les commentaires|leave a (?:comment|reply)|(?:view|show|read) comments|"
    r"join the (?:conversation|discussion)|comments? \(\d+\)|commentaires? \(\d+\)|\d+ comments?|"
    r"\d+ commentaires?|got it!?|compris|j['’]ai compris|learn more|en savoir plus|"
    r"publicit[ée]|advertisement|advertising|annonce|sponsoris[ée]e?|contenu sponsoris[ée]|"
    r"sponsored(?: content)?|"
    r"contenu partenaire|partner content|paid content|"
    r"contact|contactez-nous|nous contacter|contact us|cgu|cgv|mentions l[ée]gales|qui sommes-nous ?\??|"
    r"about(?: us)?|[àa] propos|flux rss|rss|plan du site|sitemap|"
    r"terms(?: of use| & conditions| and conditions)?|"
    r"privacy(?: policy| notice)?|donn[ée]es personnelles|careers|jobs|recrutement|advertise(?: with us)?|"
    r"faq|aide|help|newsletters?|podcasts?|archives|boutique|shop|donate|faire un don|"
    r"(?:voir|regarder) la vid[ée]o|watch(?: the)? video|[ée]couter(?: cet article| l['’]article)?|"
    r"listen(?: to this article| to this story)?|play|lecture audio|t[ée]l[ée]charger l['’]appli(?:cation)?|"
    r"download (?:the|our) app|ouvrir dans l['’]appli(?:cation)?|open in (?:the )?app|sign in to comment|"
    r"connectez-vous pour commenter|log in to comment|register|s['’]inscrire|inscription|"
    r"ajouter à (?:ma|mes) (?:playlist|liste|favoris|s[ée]lection)|"
    r"add to (?:my )?(?:playlist|list|favou?rites|queue)|save(?: for later)?|sauvegarder|"
    r"enregistrer(?: l['’]article)?|[ée]couter \(\d+ ?min\)|listen \(\d+ ?min\)|"
    r"imprimer (?:cette page|l['’]article|cet article)|print (?:this )?(?:page|article|story)|"
    r"galerie(?: photos?)?|photo gallery|gallery|photos|vid[ée]os|multim[ée]dia|discours|speeches"
)
_LABEL_RE = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives(_LABELS))})(?!\w)", re.IGNORECASE)
_LABEL_ALNUM_STARTS = starts_alnum(_LABEL_RE.pattern)
_LABELS_FOLDED = fold(_LABEL_RE)
_COMMENTS_UI_RE = re.compile(
    r"^(?:les )?commentaires sont (?:fermés|désactivés|clos)|^comments are (?:closed|disabled)|"
    r"^(?:be the first to|soyez le premier à) (?:comment|commenter|réagir)|"
    r"^(?:\d+ )?(?:comments?|commentaires?|réactions?)\s*(?:\(\d+\))?\s*:?$",
    re.IGNORECASE,
)
# "Tags: NATO, Baltic", "Mots-clés : Industrie, Munitions", "Filed under: Defence"
_TAXONOMY_RE = re.compile(
    r"^(?:tags?|mots[- ]cl[ée]s|th[èe]mes?|topics?|sujets?|cat[ée]gories?|categories|filed under|"
    r"class[ée] dans|keywords?|related topics)\s*:\s*\S",
    re.IGNORECASE,
)
# screen-reader hints and licensing/standards boilerplate: "opens new tab", "Our Standards: …"
_SITE_NOTICE_RE = re.compile(
    r"opens? (?:in )?(?:a )?new (?:tab|window)|s['’]ouvre dans un(?:e)? nouv\w+ (?:onglet|fen[êe]tre)|"
    r"^(?:our standards|nos engagements|editorial standards|charte [ée]ditoriale)\s*:",
    re.IGNORECASE,
)
_SITE_NOTICE_FOLDED = fold(_SITE_NOTICE_RE)
# Every site notice, lower-cased, holds "new " or "nouv", or starts with one of these.
_SITE_NOTICE_HINTS = ("new ", "nouv")
_SITE_NOTICE_STARTS = ("our standards", "nos engagements", "editorial standards", "charte ")
_BREADCRUMB_SEP_RE = re.compile(r"\s[›»>/|]\s|\s?›\s?|\s?»\s?|\s?>\s?")
_BREADCRUMB_SEP_CHARS = "›»>/|"  # every separator holds one of these
_BREADCRUMB_SEP_CHAR_RE = re.compile(f"[{re.escape(_BREADCRUMB_SEP_CHARS)}]")  # any of them, one scan
_ALNUM_RE = re.compile(r"[^\W_]")


@dataclass
class NavigationStage(ParagraphStage):
    """``max_crumb_words``: breadcrumb items are section names (1-4 words each);
    ``max_taxonomy_words``: a tag line lists a handful of topics."""

    name = "navigation"
    max_crumb_words: int = 5
    max_taxonomy_words: int = 20

    def check(self, text: str, doc: TextDoc) -> Verdict | None:
        f = doc.features
        if not _ALNUM_RE.search(text):
            return Verdict("ornament")
        low = f.lowered(text)  # the folded regexes run on it (same matches, see cleaners.folded)
        labels_only = only_made_of(*_LABELS_FOLDED.on(text, low)[::-1], alnum_starts=_LABEL_ALNUM_STARTS)
        if labels_only and not text.rstrip().endswith("."):  # "Non." answers a question
            return Verdict("button_label")
        if f.n_words(text) <= self.max_taxonomy_words and _site_notice(text, low):
            return Verdict("site_notice")
        if _COMMENTS_UI_RE.match(text):
            return Verdict("comments_ui")
        if f.n_words(text) <= self.max_taxonomy_words and _TAXONOMY_RE.match(text):
            return Verdict("taxonomy")
        if self._breadcrumb(text, f):
            return Verdict("breadcrumb")
        if f.glue_points(text) >= 2 and not f.is_sentence(text, 3) and self._short_segments(text):
            return Verdict("glued_labels")
        return None

    def _breadcrumb(self, text: str, f: TextFeatures) -> bool:
        if "«" in text:  # French quotation marks, not breadcrumb separators
            return False
        if _BREADCRUMB_SEP_CHAR_RE.search(text) is None:
            return False  # no separator: a single item
        if f.is_sentence(text, 3):  # asked before the split (memoized, and most prose is one)
            return False
        items = [i for i in _BREADCRUMB_SEP_RE.split(text) if i.strip()]
        if len(items) < 3:
            return False
        return all(0 < len(words(i)) <= self.max_crumb_words for i in items)

    def _short_segments(self, text: str) -> bool:
        segments = [s for s in GLUE_RE.split(text) if s.strip()]
        return all(len(words(s)) <= 4 for s in segments)


def _site_notice(text: str, low: str | None) -> bool:
    """``_SITE_NOTICE_RE`` searched, after a check of its literal parts on the lowered text (when it
    stands for case folding) that rules out most paragraphs."""
    if low is not None and not low.startswith(_SITE_NOTICE_STARTS) and not any(
            hint in low for hint in _SITE_NOTICE_HINTS):
        return False
    return _search(_SITE_NOTICE_FOLDED, text, low)


def _search(folded: Folded, text: str, low: str | None) -> bool:
    pattern, target = folded.on(text, low)
    return pattern.search(target) is not None

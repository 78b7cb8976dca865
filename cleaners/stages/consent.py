"""Cookie and consent banners (CMP notices, their button rows), French and English."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.base import ParagraphStage, TextDoc, Verdict
from cleaners.memo import TextFeatures
from cleaners.uirule import UiThresholds, ui_reason
from cleaners.vocabulary import cues

CONSENT_CUES = cues(
    strong=[
        r"cookies?", r"traceurs?", r"consentement", r"tout accepter", r"tout refuser", r"accept all",
        r"reject all", r"refuse all", r"accepter et (?:fermer|continuer)", r"continuer sans accepter",
        r"param[ée]tr(?:er|ez|es|age)(?: (?:mes|vos|les) (?:choix|cookies|préférences))?",
        r"g[ée]rer (?:mes|vos|les) (?:préférences|choix|cookies|paramètres|options)",
        r"manage (?:my |your |cookie )?(?:preferences|cookies|settings|choices|options)",
        r"politique de confidentialit[ée]", r"privacy (?:policy|notice|settings)",
        r"cookie (?:policy|settings)",
        r"politique (?:relative aux|des|de|en matière de) cookies", r"int[ée]r[êe]t l[ée]gitime",
        r"legitimate interests?", r"stocker et/ou accéder", r"store and/or access",
        r"publicit[ée]s? (?:personnalis[ée]es?|cibl[ée]es?)", r"personali[sz]ed (?:ads|advertising|content)",
        r"mesure d['’]audiences?", r"audience measurement", r"en cliquant sur", r"by clicking",
        r"vous consentez", r"you consent", r"we use", r"nous utilisons", r"utilise(?:nt)? des cookies",
        # the stated purpose of a site's cookies: "pour exploiter et améliorer ses services"
        r"(?:exploiter|am[ée]liorer|optimiser|personnaliser|faciliter)(?: et \w+)? "
        r"(?:ses|nos|notre|votre|vos|le|la|les) (?:services?|exp[ée]rience|navigation|site|contenus?)",
        r"(?:improve|enhance|personali[sz]e|optimi[sz]e|provide)(?: and \w+)? (?:our|your|its|the) "
        r"(?:services?|experience|browsing|site|website|content)",
        r"best experience", r"stock\w* et/ou acc[ée]d\w*", r"stor\w* and/or access\w*",
        r"(?:respect\w*|valu\w*|prot[èé]ge\w*|care about|prot\w*) (?:votre|your) (?:vie priv[ée]e|privacy)",
        r"(?:nous et nos|we and our) \d* ?(?:partenaires|partners|vendors)",
        r"politique de protection des donn[ée]es",
        r"en poursuivant (?:votre )?navigation", r"en continuant (?:à|a|de) naviguer",
        r"by continuing to (?:browse|use)",
        r"(?:utilisation|usage|d[ée]p[ôo]t) (?:de|des) (?:cookies|traceurs)",
        r"use of cookies", r"accepter tout", r"tout autoriser", r"autoriser (?:tout|tous les cookies)",
        r"refuser tout", r"interdire tous les cookies", r"allow all", r"allow selection", r"deny all",
        r"decline all", r"necessary only", r"strictly necessary", r"n[ée]cessaires? uniquement",
        r"do not sell(?: or share)? my personal information", r"your privacy choices",
        r"vos choix (?:de|en matière de) confidentialit[ée]",
    ],
    weak=[
        r"données personnelles", r"personal data", r"vos choix", r"your choices", r"partenaires",
        r"(?:our |third[- ]party )?partners", r"accepter", r"refuser", r"accept", r"reject", r"decline",
        r"navigation", r"terminal", r"appareil", r"device", r"rgpd", r"gdpr", r"vie privée", r"privacy",
        r"tiers", r"third[- ]part(?:y|ies)", r"paramètres", r"settings", r"pr[ée]f[ée]rences",
        r"consent(?:ir|s|ed)?", r"rubrique", r"profils?", r"ciblage", r"targeting", r"opt[- ]out",
        r"d[ée]sactiver", r"disable", r"activer", r"enable", r"centres? d['’]int[ée]r[êe]ts?", r"interests",
    ],
)

# Words a consent button row is made of ("Tout AccepterTout refuserParamétrer vos choix").
_BUTTON_CUES = cues(
    strong=[r"accepter", r"refuser", r"param[ée]trer", r"accept(?: all)?", r"reject(?: all)?", r"decline",
            r"agree", r"j['’]accepte", r"continuer", r"continue", r"personnaliser", r"customi[sz]e",
            r"options", r"pr[ée]f[ée]rences", r"settings", r"cookies?", r"vos choix", r"your choices"],
)


@dataclass
class ConsentStage(ParagraphStage):
    """Drops consent notices and their button rows.

    ``max_button_row_words``: a button row is a handful of labels; 12 words covers three or four
    two-word buttons ("Tout accepter", "Tout refuser", "Paramétrer vos choix").
    """

    name = "consent"
    thresholds: UiThresholds = field(default_factory=UiThresholds)
    max_button_row_words: int = 12

    def check(self, text: str, doc: TextDoc) -> Verdict | None:
        reason = ui_reason(text, CONSENT_CUES, self.thresholds, doc.features)
        if reason is not None:
            return Verdict(f"consent_{reason}")
        if self._button_row(text, doc.features):
            return Verdict("button_row")
        return None

    def _button_row(self, text: str, f: TextFeatures) -> bool:
        flat = f.unglue(text)
        if f.n_words(flat) > self.max_button_row_words or f.is_sentence(text, 3):
            return False
        if f.glue_points(text) < 1:
            return False
        return _BUTTON_CUES.score(flat, low=f.lowered(flat), runs=f.runs(flat)) >= 4

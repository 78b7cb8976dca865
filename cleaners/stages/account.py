"""Account interface: sign-up, login, verification codes, password rules and resets, account
pitches and newsletter sign-up, French and English."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.base import ParagraphStage, TextDoc, Verdict
from cleaners.uirule import UiThresholds, ui_reason
from cleaners.vocabulary import cues

ACCOUNT_CUES = cues(
    strong=[
        r"(?:cr[ée]er|cr[ée]ez|create|open|ouvrir|ouvrez) (?:un |votre |your |an |my |mon )?"
        r"(?:compte|account)",
        r"(?:mon|votre|your|my|ton) (?:compte|account|profil|profile)", r"mots? de passe", r"passwords?",
        r"codes? de (?:vérification|confirmation|sécurité)", r"(?:verification|confirmation|security) codes?",
        r"se connecter", r"connectez-vous", r"log ?in", r"log ?out", r"sign ?in", r"sign ?up", r"sign ?out",
        r"inscrivez-vous", r"newsletters?", r"infolettres?", r"lettres? d['’]information", r"abonnez-vous",
        r"subscribe", r"adresses? (?:e-?mail|électronique|mail|courriel)", r"e-?mail address(?:es)?",
        r"bo[iî]te de r[ée]ception", r"inbox", r"r[ée]initialis(?:er|ez|ation)", r"username",
        r"d[ée]j[àa] (?:abonn[ée]|inscrit|client|un compte|membre)",
        r"already (?:a subscriber|subscribed|have an account|registered|a member)",
        r"se d[ée]connecter", r"d[ée]connexion", r"essai gratuit", r"free trial", r"acc[èe]s illimit[ée]",
        r"unlimited access", r"(?:au moins|at least|minimum|min\.?) \d+ (?:caract[èe]res|characters)",
        r"notre site(?: web| internet)?", r"our (?:web)?site", r"nouveau code", r"new code", r"resend",
        r"mot de passe oubli[ée]", r"forgot(?:ten)? (?:your )?password", r"rester connect[ée]",
        r"remember me", r"se souvenir de moi", r"identifiez-vous", r"s['’]identifier",
        r"espace (?:personnel|abonn[ée]s?|client|membres?)", r"continue reading",
        r"continuer (?:la|ma|votre) lecture",
        r"keep reading", r"il vous reste \d+(?:[.,]\d+)?\s*%", r"r[ée]serv[ée]e? aux abonn[ée]s",
        r"subscribers? only",
        r"(?:vous|en vous|s['’]|pour vous) abonn(?:er|ant)", r"soutenez(?:-nous)?", r"support (?:us|our \w+)",
        r"faites un don", r"make a donation", r"(?:to|on|straight to) your (?:phone|inbox|mobile|device)",
        r"(?:sur|dans) votre (?:t[ée]l[ée]phone|smartphone|mobile|bo[iî]te (?:mail|aux lettres))",
        r"d[ée]couvr(?:ez|ir) nos offres", r"voir (?:les|nos) offres", r"see (?:our )?(?:offers|plans)",
        r"en vous (?:inscrivant|abonnant|connectant)", r"by (?:signing up|subscribing|registering)",
        r"conditions g[ée]n[ée]rales d['’]utilisation", r"conditions d['’]utilisation",
        r"terms of (?:use|service)", r"articles? (?:vous est |vous sont )?offerts?", r"free articles?",
        r"articles? gratuits?", r"reached your (?:\w+ )?limit", r"limite d['’]articles",
        r"je m['’](?:inscris|abonne|connecte|identifie)", r"sign me up",
    ],
    weak=[
        r"s['’]inscrire", r"inscription", r"s['’]abonner", r"abonnement", r"abonn[ée]e?s?",
        r"subscri(?:ber|ption)s?", r"reset", r"identifiant", r"profil", r"premium", r"offres?",
        r"cliquez", r"cliquant", r"click(?:ing)?", r"boutons?", r"buttons?", r"ci-dessous", r"below",
        r"codes?", r"expir\w*", r"avec succ[èe]s", r"successfully", r"caract[èe]res", r"characters",
        r"majuscules?", r"minuscules?", r"upper ?case", r"lower ?case", r"chiffres?", r"digits?",
        r"symboles?", r"symbols?", r"envoy(?:er|ez)", r"renvoyer", r"send", r"recevoir", r"recevez",
        r"receive", r"mises? à jour", r"updates", r"register", r"registration",
        r"enregistr\w+", r"membres?", r"members?", r"connexion", r"t[ée]l[ée]charg\w+", r"download\w*",
        r"site (?:web|internet)", r"website", r"e-?mails?", r"courriel", r"v[ée]rifi\w+", r"verif\w+",
        r"compte", r"account", r"alertes?", r"alerts?", r"notifications?", r"gratuit(?:ement)?", r"free",
        r"abonn(?:er|ant)", r"lecture", r"reading",
    ],
)


@dataclass
class AccountStage(ParagraphStage):
    """Drops account and newsletter interface text (see :mod:`cleaners.uirule` for the shape rules).

    Account prompts are short (the seeds' longest is 27 words), unlike consent notices, so a
    prompt needs a point per 8 words: a 150-word deals paragraph that mentions passwords and
    sign-ups stays.
    """

    name = "account"
    thresholds: UiThresholds = field(default_factory=lambda: UiThresholds(words_per_point=8))

    def check(self, text: str, doc: TextDoc) -> Verdict | None:
        reason = ui_reason(text, ACCOUNT_CUES, self.thresholds, doc.features)
        return None if reason is None else Verdict(f"account_{reason}")

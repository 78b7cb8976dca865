"""Each stage on boilerplate worded unlike the seeds, in French and English, and on article
sentences that merely use its vocabulary (cookie, abonnés, s'inscrire, photo, partager...)."""

from __future__ import annotations

import pytest

from cleaners import Removal, clean, default_stages
from cleaners.stages import (
    AccountStage,
    BylineStage,
    CaptionStage,
    ConsentStage,
    DateWidgetStage,
    DuplicateStage,
    NavigationStage,
    ReadAlsoStage,
    ReadingTimeStage,
    SocialStage,
)


def run(stage, lines: list[str], lang: str = "fr"):
    return clean("\n".join(lines), lang=lang, stages=[stage])


def dropped(stage, line: str, lang: str = "fr") -> bool:
    return not run(stage, [line], lang).paragraphs


CONSENT = [
    ("fr", "Ce site utilise des traceurs pour mesurer l'audience et vous proposer des publicités ciblées. "
           "Vous pouvez gérer vos préférences à tout moment."),
    ("fr", "Continuer sans accepter"),
    ("fr", "J'accepteJe refusePersonnaliser"),
    ("en", "We use cookies and similar technologies to improve your experience and to show you "
           "personalised ads. By clicking Accept all, you consent to our use of cookies."),
    ("en", "Manage preferences"),
    ("en", "Accept allReject allCustomise"),
]
PROSE_CONSENT = [
    ("fr", "La CNIL a infligé une amende de 150 millions d'euros à Google, qui ne permettait pas de refuser "
           "les cookies aussi facilement que de les accepter, selon la décision publiée jeudi."),
    ("fr", "Les militaires ont refusé de donner leur consentement à l'utilisation de leurs données "
           "personnelles par le sous-traitant, a expliqué leur avocat."),
    ("en", "The regulator said the company had placed tracking cookies on millions of devices without "
           "consent, a practice it called unlawful."),
    ("en", "The cookie jar on the general's desk became a running joke among reporters at the briefing."),
]


@pytest.mark.parametrize(("lang", "line"), CONSENT)
def test_consent_text_goes(lang: str, line: str) -> None:
    assert dropped(ConsentStage(), line, lang)


@pytest.mark.parametrize(("lang", "line"), PROSE_CONSENT)
def test_prose_about_cookies_stays(lang: str, line: str) -> None:
    assert not dropped(ConsentStage(), line, lang)


ACCOUNT = [
    ("fr", "Identifiez-vous pour accéder à votre espace personnel"),
    ("fr", "Mot de passe oublié ?"),
    ("fr", "Saisissez le code à six chiffres que nous venons de vous envoyer par SMS."),
    ("fr", "Inscrivez-vous gratuitement à notre lettre d'information hebdomadaire"),
    ("fr", "Votre mot de passe doit contenir au moins 10 caractères dont une majuscule."),
    ("en", "Forgot your password?"),
    ("en", "Already a subscriber? Log in"),
    ("en", "Enter the verification code we sent to your email address."),
    ("en", "Sign up for our daily newsletter"),
    ("en", "Create a free account to keep reading."),
]
PROSE_ACCOUNT = [
    ("fr", "Plus de 10 000 abonnés ont reçu la lettre d'information du parti, qui appelait à s'inscrire sur "
           "les listes électorales avant le 3 mai, a indiqué son porte-parole."),
    ("fr", "Pour s'inscrire, les volontaires doivent créer un compte sur le portail du ministère et fournir "
           "une photo d'identité récente avant l'entretien de sélection."),
    ("fr", "Le mot de passe de la messagerie du ministre tenait en six caractères, "
           "ont révélé les enquêteurs."),
    ("en", "The newsletter, which has 40,000 subscribers, was used to share the photo before it was deleted "
           "by the ministry's press office."),
    ("en", "Investigators said the hackers reset the passwords of 400 accounts after signing in with stolen "
           "session cookies."),
]


@pytest.mark.parametrize(("lang", "line"), ACCOUNT)
def test_account_ui_goes(lang: str, line: str) -> None:
    assert dropped(AccountStage(), line, lang), line


@pytest.mark.parametrize(("lang", "line"), PROSE_ACCOUNT)
def test_prose_about_accounts_stays(lang: str, line: str) -> None:
    assert not dropped(AccountStage(), line, lang)


@pytest.mark.parametrize(("line", "goes"), [
    ("Suivez-nous sur Instagram et TikTok", True),
    ("Retrouvez notre rédaction sur Bluesky", True),
    ("Partager cet article", True),
    ("Facebook Twitter LinkedIn E-mail", True),
    ("Follow us on YouTube", True),
    ("Share on WhatsApp", True),
    ("Join our Telegram channel for live updates", True),
    ("Le ministre a partagé sur Facebook une photo de sa rencontre avec son homologue polonais.", False),
    ("Share prices of defence companies rose sharply on Monday.", False),
    ("Follow-up talks are planned for June in Riga, officials said.", False),
    ("Il compte 12 000 abonnés sur Telegram, où il partage chaque jour des vidéos du front.", False),
])
def test_social_prompts(line: str, goes: bool) -> None:
    assert dropped(SocialStage(), line) is goes


@pytest.mark.parametrize(("line", "goes"), [
    ("Temps de lecture : 5 min", True),
    ("6 min read", True),
    ("Lecture 3 min.", True),
    ("1 200 mots · 6 minutes de lecture", True),
    ("Reading time: 4 minutes", True),
    ("Le texte de 300 mots a été lu en deux minutes devant les députés, qui l'ont adopté.", False),
])
def test_reading_time(line: str, goes: bool) -> None:
    assert dropped(ReadingTimeStage(), line) is goes


@pytest.mark.parametrize(("line", "goes"), [
    ("Photo : Ludovic Marin / AFP", True),
    ("Crédit photo : ministère des Armées", True),
    ("© Reuters / Yves Herman", True),
    ("Getty Images", True),
    ("Image d'illustration", True),
    ("Des soldats lors d'un exercice en Estonie, le 4 mars 2025. (Photo: Ints Kalnins/Reuters)", True),
    ("Les photos prises par le satellite ont été transmises aux Alliés en moins d'une heure.", False),
    ("Photo reconnaissance flights over the Baltic have doubled since January, the air force said.", False),
    ("The agency told Reuters the talks would resume in June.", False),
    ("Die elektronische Patientenakte (ePA)", False),
])
def test_captions_and_credits(line: str, goes: bool) -> None:
    assert dropped(CaptionStage(), line) is goes


def test_trailing_credit_is_trimmed_from_a_long_paragraph() -> None:
    body = ("Les ministres de la défense des pays alliés se sont retrouvés à Bruxelles pour une réunion "
            "consacrée "
            "aux stocks de munitions, aux capacités de production et au soutien à l'Ukraine, alors que les "
            "industriels réclament des commandes pluriannuelles pour investir dans de nouvelles lignes de "
            "production. ")
    result = run(CaptionStage(), [body + "Photo : OTAN"])
    assert result.paragraphs == [body.strip()]
    assert result.removed == [Removal("caption", "trailing_credit", "Photo : OTAN")]
    assert result.stats["clean/trimmed/caption"] == 1


@pytest.mark.parametrize(("line", "lang", "meta"), [
    ("Publié le 12 mars 2025 à 07h45, modifié le 13 mars 2025 à 10h02", "fr",
     {"date": "2025-03-12", "updated": "2025-03-13"}),
    ("Mis à jour le 04/02/2025 à 18:20", "fr", {"updated": "2025-02-04"}),
    ("Published March 6, 2025 · Updated 14:32 GMT, 7 March 2025", "en",
     {"date": "2025-03-06", "updated": "2025-03-07"}),
    ("2024-11-14", "en", {"date": "2024-11-14"}),
    ("Par Claire Morvan | 1er février 2024", "fr", {"date": "2024-02-01"}),
])
def test_date_widget_moves_dates_to_metadata(line: str, lang: str, meta: dict) -> None:
    result = run(DateWidgetStage(), [line], lang)
    assert result.paragraphs == [] and result.metadata == meta


def test_dates_in_prose_stay() -> None:
    line = "Le 28 février 2024, les représentants de trente pays partenaires se sont réunis à Bruxelles."
    result = run(DateWidgetStage(), [line])
    assert result.paragraphs == [line] and result.metadata == {}


def test_read_also_teasers_and_listed_headlines() -> None:
    lines = [
        "Les discussions ont duré toute la nuit, selon plusieurs diplomates présents à Bruxelles.",
        "À lire également",
        "Défense : les Européens veulent acheter ensemble",
        "Ukraine : le point sur les livraisons d'obus",
        "Le communiqué final doit être publié samedi, après la réunion des chefs d'État.",
        "Voir aussi | Le budget de l'OTAN en cinq chiffres",
        "Read more: Inside the alliance's new air defence plan",
        "Related coverage",
        "Related to this, the minister said the plan would be reviewed in the autumn.",
    ]
    result = run(ReadAlsoStage(), lines)
    # the second listed headline is followed by prose: it could be a subheading, so it stays
    assert result.paragraphs == [lines[0], lines[3], lines[4], lines[8]]
    assert [r.reason for r in result.removed] == [
        "teaser_heading", "teaser_listed", "teaser", "teaser", "teaser_heading"]


@pytest.mark.parametrize(("line", "goes"), [
    ("• | •", True),
    ("Retour en haut de page", True),
    ("Accueil › Monde › Europe", True),
    ("Home > News > Defence", True),
    ("Laisser un commentaire", True),
    ("AccueilInternationalDéfenseÉconomie", True),
    ("« Non » à l'élargissement » : le slogan des manifestants a surpris Bruxelles", False),
    ("Menu du sommet : les chefs d'État ont déjeuné en petit comité", False),
])
def test_navigation_debris(line: str, goes: bool) -> None:
    assert dropped(NavigationStage(), line) is goes


def test_repeated_block_keeps_first_copy_but_not_short_refrains() -> None:
    a = "Le sommet s'est ouvert lundi à Bruxelles en présence de trente-deux chefs d'État et de gouvernement."
    b = "Les discussions ont porté sur la défense aérienne, les munitions et le soutien à l'Ukraine."
    c = "Le secrétaire général a appelé les Alliés à augmenter leurs budgets de défense d'ici à 2030."
    q = "Question suivante, posée à chaque candidat ?"
    result = run(DuplicateStage(), [a, b, c, q, "Réponse A.", q, "Réponse B.", a, b, c])
    assert result.paragraphs == [a, b, c, q, "Réponse A.", q, "Réponse B."]
    assert {r.reason for r in result.removed} == {"repeated_block"}


def test_long_repeated_paragraph_goes_even_alone() -> None:
    long = "Selon le communiqué, " + "les Alliés renforcent leur présence sur le flanc est, " * 5
    result = run(DuplicateStage(), [long, "Un paragraphe intermédiaire assez long pour séparer.", long])
    assert result.paragraphs == [long.strip(), "Un paragraphe intermédiaire assez long pour séparer."]


@pytest.mark.parametrize(("line", "author"), [
    ("Par Claire Morvan", "Claire Morvan"),
    ("By Martin Hale, Defence Correspondent", "Martin Hale"),
    ("By Martin Hale in Oslo", "Martin Hale"),
    ("Par Claire Morvan et Hugo Riou", "Claire Morvan et Hugo Riou"),
    ("Propos recueillis par Anne-Sophie de La Tour", "Anne-Sophie de La Tour"),
])
def test_byline_moves_author_to_metadata(line: str, author: str) -> None:
    result = run(BylineStage(), [line])
    assert result.paragraphs == [] and result.metadata == {"author": author}


@pytest.mark.parametrize("line", [
    "By Tuesday, the troops had withdrawn.",
    "By contrast, the navy kept its ships in port.",
    "Par ailleurs, le ministre a confirmé la livraison des chars.",
    "Par Jean Dupont, qui a démissionné hier après trois ans à la tête du ministère de la défense.",
])
def test_sentences_starting_like_bylines_stay(line: str) -> None:
    assert not dropped(BylineStage(), line)


@pytest.mark.parametrize(("line", "goes"), [
    ("Tags: NATO, Baltic, Air policing", True),
    ("Mots-clés : Défense, Industrie", True),
    ("Comments are closed for this article.", True),
    ("Les commentaires sont fermés.", True),
    ("Contenu sponsorisé", True),
    ("Mentions légales", True),
    ("Topics discussed at the summit included air defence and ammunition.", False),
])
def test_taxonomy_comments_and_legal_labels(line: str, goes: bool) -> None:
    assert dropped(NavigationStage(), line) is goes


@pytest.mark.parametrize(("line", "lang"), [
    ("Nous respectons votre vie privée", "fr"),
    ("Nous et nos 312 partenaires stockons et/ou accédons à des informations sur un appareil, telles que "
     "les cookies, et traitons des données personnelles pour mesurer l'audience et personnaliser les "
     "publicités, ce qui permet de financer le site et de développer de nouveaux services.", "fr"),
    ("We and our partners store and/or access information on a device, such as cookies, and process "
     "personal data, such as unique identifiers, for personalised ads and content and audience research.",
     "en"),
])
def test_consent_notices_in_the_site_voice(line: str, lang: str) -> None:
    assert dropped(ConsentStage(), line, lang)


@pytest.mark.parametrize("line", [
    "Le siège du ministère, à Vilnius, le 10 mars 2025. PETRAS MALUKAS / AFP",
    "The naval base pictured in 2019. Getty Images",
    "US Army vehicles at a railhead in Bavaria. Image: U.S. Army / Sgt. Maria Lopez",
    "A Gripen lands on a road base. Photograph: Reuters/Tom Little",
])
def test_captions_ending_in_credits(line: str) -> None:
    assert dropped(CaptionStage(), line)


def test_headline_list_stops_before_the_next_subheading() -> None:
    lines = [
        "Les discussions ont duré toute la nuit, selon plusieurs diplomates présents à Bruxelles.",
        "À lire aussi",
        "Dépenses militaires : la France atteindra-t-elle les 3 % ?",
        "Aide à l'Ukraine : ce que contient le nouveau paquet européen",
        "Le spectre d'un désengagement américain",
        "En toile de fond, les Européens redoutent que Washington réduise sa participation aux exercices.",
    ]
    result = run(ReadAlsoStage(), lines)
    assert result.paragraphs == [lines[0], lines[4], lines[5]]


@pytest.mark.parametrize("line", [
    " ".join(["ok"] * 300) + " zzz",
    " ".join(["AFP"] * 300) + " zzz",
    "PETRAS " * 300 + "/ AFP",
    "Photo : " + "A. " * 2000,
    "« " * 3000,
    "x" * 100_000,
])
def test_pathological_lines_are_fast(line: str) -> None:
    """Regexes must not backtrack exponentially (a repeated-group label regex took 18 s on 20 labels)."""
    import time

    start = time.perf_counter()
    clean(line, lang="fr", stages=[NavigationStage(), CaptionStage(), ConsentStage(), AccountStage(),
                                   SocialStage(), ReadAlsoStage(), BylineStage(), DateWidgetStage()])
    assert time.perf_counter() - start < 2.0


def test_title_repeated_in_the_body_goes() -> None:
    title = "Sommet de l'OTAN : accord sur la défense aérienne"
    body = "Les dirigeants se sont accordés mardi sur un plan commun de défense aérienne, dit le communiqué."
    # the first line reads like a headline: its later copies go even without a given title
    result = run(DuplicateStage(), [title, body, title, "Un court paragraphe final."])
    assert result.paragraphs == [title, body, "Un court paragraphe final."]
    assert result.removed == [Removal("duplicate", "repeated_title", title)]
    # a given title is used instead of the first line
    text = "\n".join(["Accueil", body, title, title])
    given = clean(text, lang="fr", title=title, stages=[DuplicateStage()])
    assert given.paragraphs == ["Accueil", body, title]
    # a first line ending like a sentence is not taken for a headline
    assert run(DuplicateStage(), ["Oui.", body, "Oui."]).paragraphs == ["Oui.", body, "Oui."]
    # nor a one- or two-word line (an interview's "Yes" / "No")
    assert run(DuplicateStage(), ["Yes", body, "Yes"]).paragraphs == ["Yes", body, "Yes"]


# One line each, run through every default stage inside a real article paragraph pair.
VARIANTS = [
    ("fr", "Durée de la vidéo : 02min 14s"),
    ("fr", "Téléchargez l'application Télé Sud-Ouest pour suivre l'info en direct"),
    ("fr", "Dernière mise à jour : 07 Mar. 2024 13:26"),
    ("fr", "Documents associés"),
    ("fr", "Galerie photos"),
    ("en", "Print this page"),
    ("en", "Issued on 28 Feb. 2024"),
    ('fr', "En poursuivant votre navigation sur ce site, vous acceptez l'utilisation de cookies pour vous "
           "proposer des contenus et services adaptés à vos centres d'intérêts."),
    ('fr', 'Gérer mes cookies'),
    ('fr', 'Accepter tout'),
    ('fr', 'Vos préférences en matière de cookies'),
    ('fr', "Ce site utilise Google Analytics. En continuant à naviguer, vous nous autorisez à déposer un "
           "cookie à des fins de mesure d'audience."),
    ('fr', 'Panneau de gestion des cookies'),
    ('fr', 'Autoriser tous les cookies'),
    ('fr', 'Interdire tous les cookies'),
    ('fr', 'Connectez-vous ou créez un compte pour continuer'),
    ('fr', "Vous n'avez pas de compte ? Inscrivez-vous"),
    ('fr', "Votre adresse e-mail n'est pas valide"),
    ('fr', 'Afficher le mot de passe'),
    ('fr', 'Cet article vous est offert'),
    ('fr', 'Pour lire la suite, abonnez-vous'),
    ('fr', "Suivez l'actualité en direct sur notre fil Twitter"),
    ('fr', 'Partagez sur les réseaux sociaux'),
    ('fr', 'Ajoutez Le Courrier à vos favoris Google Actualités'),
    ('fr', 'Durée de lecture : 4 minutes'),
    ('fr', '(Crédit : Ministère des Armées)'),
    ('fr', 'Photo archives AFP'),
    ('fr', '© Photo : Jeanne Durand'),
    ('fr', 'Publié le mardi 3 décembre 2024 à 17:42'),
    ('fr', 'Mise à jour : 04.12.2024 - 08:15'),
    ('fr', 'Il y a 2 heures'),
    ('fr', 'LIRE AUSSI >> Le budget des armées en hausse'),
    ('fr', '► À lire aussi : Les frégates en mer Rouge'),
    ('fr', '[Lire aussi] Le sommet de Vilnius'),
    ('fr', 'Voir la vidéo'),
    ('fr', 'Écouter cet article'),
    ('fr', 'Réservé aux abonnés'),
    ('fr', "Télécharger l'application"),
    ('en', "This website uses cookies to improve your experience. We'll assume you're ok with this, but "
           "you can opt-out if you wish."),
    ('en', 'Do Not Sell or Share My Personal Information'),
    ('en', 'Your Privacy Choices'),
    ('en', 'Cookie preferences'),
    ('en', 'Allow all'),
    ('en', 'Necessary only'),
    ('en', "Don't have an account? Register"),
    ('en', 'Show password'),
    ('en', 'Invalid email address'),
    ('en', 'You have reached your limit of free articles.'),
    ('en', 'Subscribe now for unlimited access'),
    ('en', 'Share via Email'),
    ('en', 'Tweet this'),
    ('en', 'Follow @NATO'),
    ('en', '2 minutes to read'),
    ('en', 'Time to read: 5 min'),
    ('en', 'Photo by John Smith on Unsplash'),
    ('en', 'AFP PHOTO / NATO'),
    ('en', 'Image source, Getty Images'),
    ('en', 'Last updated on 12 March 2025'),
    ('en', '3 hours ago'),
    ('en', 'Posted: Mar 3, 2024 4:15 PM ET'),
    ('en', 'ALSO READ | Baltic air policing extended'),
    ('en', 'WATCH: Inside the new NATO headquarters'),
    ('en', 'Listen to this article'),
    ('en', 'Sign in to comment'),
]


ARTICLE = {
    "fr": ("Les ministres de la défense se sont réunis jeudi à Bruxelles pour discuter des stocks de "
           "munitions et du soutien à l'Ukraine, a indiqué l'Alliance dans un communiqué.",
           "Le secrétaire général a appelé les Alliés à signer des contrats pluriannuels avec les "
           "industriels afin de reconstituer les stocks, selon plusieurs diplomates."),
    "en": ("Defence ministers met in Brussels on Thursday to discuss ammunition stocks and support for "
           "Ukraine, the alliance said in a statement.",
           "The secretary general urged allies to sign multi-year contracts with manufacturers to rebuild "
           "stocks, several diplomats said."),
}


@pytest.fixture(scope="module")
def all_stages():
    return default_stages()


@pytest.mark.parametrize(("lang", "line"), VARIANTS)
def test_boilerplate_variants_go(all_stages, lang: str, line: str) -> None:
    first, second = ARTICLE[lang]
    result = clean("\n".join([first, line, second]), lang=lang, stages=all_stages)
    assert result.paragraphs == [first, second], [r for r in result.removed]


@pytest.mark.parametrize(("stage", "line"), [
    (BylineStage(), "Par la rédaction de Radio Nord avec AFP"),
    (BylineStage(), "Reporting by Katrin Vogel in Vilnius; Editing by Mark Heinrich"),
    (BylineStage(), "(avec AFP)"),
    (BylineStage(), "Le Monde avec AFP"),
    (BylineStage(), "— With Reuters"),
    (BylineStage(), "The Associated Press contributed to this report."),
    (NavigationStage(), "Purchase Licensing Rights, opens new tab"),
    (NavigationStage(), "Our Standards: The Trust Principles."),
    (DateWidgetStage(), "December 18, 2024 4:47 PM GMT+1 Updated 2 hours ago"),
    (ReadAlsoStage(), "Plus d'informations :"),
])
def test_credits_notices_and_widgets(stage, line: str) -> None:
    assert dropped(stage, line, "en")


@pytest.mark.parametrize(("stage", "line"), [
    (ReadAlsoStage(), "More information: G. Petit et al., Hibernation and torpor, Acta Astronautica (2024)."),
    (BylineStage(), "Avec ses alliés, la France a livré 30 canons Caesar à l'Ukraine, a dit le ministre."),
    (DateWidgetStage(), "Three hours ago, the alliance confirmed the launch of a new air policing mission."),
    (BylineStage(), "He spoke with Reuters."),
    (BylineStage(), "Several officials contributed to this report, the ministry said."),
])
def test_prose_that_starts_like_credits_stays(stage, line: str) -> None:
    assert not dropped(stage, line, "en")

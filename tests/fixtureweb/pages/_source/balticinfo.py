# ruff: noqa: E501  (page content: article paragraphs and HTML lines are kept whole)
"""Info Baltique / Baltic Info (fictional bilingual news site): French pages that repeat the English
headline in the body, English pages with an isolated French line, Axeptio-style consent."""

from __future__ import annotations

from kit import Gold, esc, write

SITE = "info-baltique"


def frame(g: Gold, lang: str, title: str, article: str) -> str:
    if lang == "fr":
        nav = ["À la une", "Estonie", "Lettonie", "Lituanie", "Défense", "English"]
        consent = [
            "Ce site utilise des cookies !",
            "Bonjour, c'est nous… les cookies ! Nous aimerions les utiliser pour mesurer l'audience et améliorer votre navigation. Vous pouvez changer d'avis à tout moment.",
            "Je choisis",
            "Non merci",
            "OK pour moi",
        ]
        foot = "Info Baltique – rédaction indépendante à Riga"
    else:
        nav = ["Top stories", "Estonia", "Latvia", "Lithuania", "Defence", "Français"]
        consent = [
            "This site uses cookies!",
            "Hi, we're the cookies! We'd like your permission to measure our audience and improve your browsing. You can change your mind at any time.",
            "Let me choose",
            "No thanks",
            "Fine by me",
        ]
        foot = "Baltic Info – independent newsroom in Riga"
    c_title, c_text, *c_buttons = consent
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{esc(title)}</title></head>
<body>
<header><div class="brand">Info Baltique</div><nav><ul>{g.dl(nav)}</ul></nav></header>
<main>{article}</main>
<footer><p>{g.d(foot)}</p><ul>{g.dl(["Contact", "RSS", "Telegram", "Mastodon"])}</ul></footer>
<div id="axeptio_overlay"><div class="axeptio-widget"><h2>{g.d(c_title)}</h2><p>{g.d(c_text)}</p>
<div class="axeptio-buttons">{"".join(f"<button>{g.d(b)}</button>" for b in c_buttons)}</div></div></div>
</body></html>
"""


def page_fr() -> None:
    title = "La Lettonie rétablit le service militaire obligatoire pour les hommes de 18 à 27 ans"
    g = Gold("fr", title)
    article = f"""<article>
<h1>{esc(title)}</h1>
<p class="date">{g.d("Publié le : 06.04.2024")}</p>
<div class="text">
<p>{g.k("Le Parlement letton a adopté jeudi la loi qui rétablit la conscription, suspendue depuis 2007. Les premiers appelés, environ 1 000 jeunes hommes, rejoindront les casernes en juillet pour une formation de onze mois.")}</p>
<p class="en-headline">{g.d("Latvia brings back compulsory military service for men aged 18 to 27 after a seventeen-year pause")}</p>
<p>{g.k("Le gouvernement justifie cette décision par la dégradation de la situation sécuritaire dans la région et par la difficulté à recruter des soldats professionnels. L'objectif est de disposer de 50 000 militaires et réservistes entraînés d'ici à 2028.")}</p>
<p>{g.k("Les jeunes femmes pourront se porter volontaires. Les étudiants inscrits à l'université bénéficieront d'un report, et un service civil de remplacement sera proposé aux objecteurs de conscience.")}</p>
<p>{g.k("Selon un sondage publié la semaine dernière, près de deux tiers des Lettons soutiennent le retour du service militaire, un chiffre en forte hausse depuis 2022. Les jeunes interrogés se montrent toutefois plus partagés.")}</p>
<p class="source">{g.d("Source : LSM / Info Baltique")}</p>
<p class="tg">{g.d("Abonnez-vous à notre canal Telegram")}</p>
</div></article>"""
    write(SITE, "conscription-lettonie", frame(g, "fr", title, article), g)


def page_en() -> None:
    title = "Estonian border guards install floating barrier on Narva river"
    g = Gold("en", title)
    article = f"""<article>
<h1>{esc(title)}</h1>
<p class="date">{g.d("28.05.2024, 12:40")}</p>
<div class="text">
<p>{g.k("Estonia's police and border guard board began installing a line of buoys on the Narva river on Tuesday, a week after Russian border guards removed dozens of markers that showed the navigable channel.")}</p>
<p class="fr-note">{g.d("Cet article est également disponible en français sur notre site.")}</p>
<p>{g.k("The buoys help fishermen and small boats stay on the Estonian side of the border, which runs along the middle of the river. Estonia's foreign ministry summoned a Russian diplomat over the removal of the markers.")}</p>
<p>{g.k("Officials in Tallinn said the barrier was a technical measure and not a response to any military threat. The European Commission called the removal of the buoys a provocation and said it stood by Estonia.")}</p>
<p>{g.k("Local residents in Narva, where most people speak Russian, told reporters they were worried about tensions but said daily life in the town continued as normal. The bridge crossing to Ivangorod remains open to pedestrians.")}</p>
<p class="credit">{g.d("Photo: ERR / Baltic Info")}</p>
<p class="follow">{g.d("Follow Baltic Info on Telegram and Mastodon for live updates.")}</p>
</div></article>"""
    write(SITE, "narva-buoys", frame(g, "en", title, article), g)


def build() -> None:
    page_fr()
    page_en()

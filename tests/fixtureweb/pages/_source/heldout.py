# ruff: noqa: E501  (page content: article paragraphs and HTML lines are kept whole)
"""Pages written after the cleaners were tuned on the other sites, to measure them on unseen wording:
Radio Nord (French public radio), Wire Europe (English news agency) and an international-organisation
press page. Measured before any rule change: trafilatura + cleaners kept 13/13 paragraphs and left
7 of 67 boilerplate strings (trafilatura alone: 13); the leaky extractor left 12. The rules were
then extended (newsroom credits, relative times, link headings, playlist/licensing labels)."""

from __future__ import annotations

from kit import Gold, esc, write


def radio_nord() -> None:
    title = "Exercice Dynamic Front : 2 000 artilleurs alliés réunis en Finlande"
    g = Gold("fr", title)
    page = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{esc(title)}</title></head>
<body>
<div class="cmp"><p>{g.d("Radio Nord et ses partenaires déposent des traceurs sur votre appareil pour mesurer l'audience, vous proposer des contenus adaptés et vous permettre de partager sur les réseaux sociaux.")}</p>
<button>{g.d("Refuser")}</button><button>{g.d("Paramétrer")}</button><button>{g.d("Accepter")}</button></div>
<header><nav><ul>{g.dl(["Direct", "Podcasts", "Infos", "Régions", "Culture", "Mon espace"])}</ul></nav></header>
<main><article>
<p class="rubrique">{g.d("Monde")}</p>
<h1>{esc(title)}</h1>
<p class="signature">{g.d("Par la rédaction de Radio Nord avec AFP")}</p>
<p class="date">{g.d("Publié le lundi 18 novembre 2024 à 06h12")}</p>
<div class="player"><button>{g.d("Écouter (3 min)")}</button><p>{g.d("Ajouter à ma playlist")}</p></div>
<div class="texte">
<p>{g.k("Plus de 2 000 militaires de quinze pays de l'OTAN participent depuis dimanche en Laponie finlandaise à l'exercice Dynamic Front, consacré aux tirs d'artillerie à longue portée.")}</p>
<p>{g.k("Les canons Caesar français, les lance-roquettes américains et les obusiers finlandais doivent tirer sur les mêmes cibles en partageant en temps réel les données de leurs radars. L'objectif est de réduire à quelques minutes le délai entre la détection d'une cible et le tir.")}</p>
<figure><img src="/media/caesar.jpg"><figcaption>{g.d("Un canon Caesar lors d'un tir d'entraînement. Image d'archives.")}</figcaption></figure>
<p>{g.k("« Nous apprenons à utiliser les mêmes procédures, les mêmes formats de messages, presque la même langue », explique un capitaine français, dont la batterie est arrivée par bateau puis par train depuis le port de Turku.")}</p>
<p>{g.k("La Finlande, membre de l'Alliance depuis avril 2023, dispose de l'une des artilleries les plus puissantes d'Europe, héritage d'une doctrine de défense du territoire jamais abandonnée après la guerre froide.")}</p>
<p class="encart">{g.d("À écouter aussi : La Finlande, un an après son adhésion à l'OTAN")}</p>
<p>{g.k("Les manœuvres doivent se poursuivre jusqu'au 29 novembre, malgré des températures qui devraient descendre sous les moins vingt degrés dans les prochains jours.")}</p>
</div>
<div class="partage"><p>{g.d("Partager :")}</p><ul>{g.dl(["Facebook", "X", "Bluesky", "Copier le lien"])}</ul></div>
<p class="app">{g.d("Retrouvez tous nos podcasts sur l'application Radio Nord")}</p>
</article></main>
<footer><p>{g.d("Radio Nord, la radio de service public des Hauts-de-France")}</p><ul>{g.dl(["Accessibilité", "Mentions légales", "Cookies"])}</ul></footer>
</body></html>"""
    write("radio-nord", "dynamic-front", page, g)


def wire_europe() -> None:
    title = "Germany to station brigade in Lithuania by 2027, defence minister says"
    g = Gold("en", title)
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title></head>
<body>
<header><a href="/">Wire Europe</a><nav><ul>{g.dl(["World", "Business", "Markets", "Sustainability", "Legal"])}</ul></nav>
<a href="/account">{g.d("My News")}</a><a href="/register">{g.d("Register")}</a></header>
<main><article>
<h1>{esc(title)}</h1>
<div class="byline">{g.d("By Katrin Vogel and Tomas Janulis")}</div>
<div class="date">{g.d("December 18, 2024 4:47 PM GMT+1 Updated 2 hours ago")}</div>
<div class="body">
<p>{g.k("VILNIUS, Dec 18 (Wire Europe) - Germany will have a fully operational brigade of about 4,800 troops stationed in Lithuania by 2027, the German defence minister said on Wednesday during a visit to the Baltic state.")}</p>
<p>{g.k("It is the first time since World War Two that Germany has permanently stationed a combat brigade abroad. The first soldiers of the unit, which will include two combat battalions, arrived in the spring.")}</p>
<p>{g.k("Lithuania has pledged to build barracks, training grounds and schools for the soldiers' families, at a cost it estimates at more than 1 billion euros.")}</p>
<p>{g.d("Sign up here.")}</p>
<p>{g.k("Russia's foreign ministry has described the deployment as a provocation. NATO says its presence on the eastern flank is defensive and a response to Russia's full-scale invasion of Ukraine in 2022.")}</p>
<p class="credits">{g.d("Reporting by Katrin Vogel in Vilnius and Tomas Janulis in Berlin; Editing by Mark Heinrich")}</p>
<p class="standards">{g.d("Our Standards: The Wire Europe Trust Principles.")}</p>
<p class="license">{g.d("Purchase Licensing Rights, opens new tab")}</p>
</div></article></main>
<footer><p>{g.d("All quotes delayed a minimum of 15 minutes.")}</p><p>{g.d("© 2024 Wire Europe. All rights reserved")}</p></footer>
</body></html>"""
    write("wire-europe", "german-brigade", page, g)


def organisation_fr() -> None:
    title = "Les ministres de la Défense des pays de l'OTAN font le point sur la dissuasion et la défense"
    g = Gold("fr", title)
    page = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{esc(title)}</title></head>
<body>
<div id="cookie-bar"><p>{g.d("Ce site utilise des cookies afin de garantir son bon fonctionnement et de réaliser des statistiques de visite anonymes. Pour en savoir plus, consultez notre page consacrée à la protection de la vie privée.")}</p><button>{g.d("J'ai compris")}</button></div>
<header><ul class="lang">{g.dl(["English", "Français", "Русский", "Українська"])}</ul>
<nav><ul>{g.dl(["Actualités", "Thèmes", "Documents officiels", "Multimédia", "Recherche"])}</ul></nav></header>
<main><div class="content">
<h1>{esc(title)}</h1>
<ul class="meta"><li>{g.d("13 févr. 2025 -")}</li><li>{g.d("|")}</li><li>{g.d("Mis à jour le : 14 févr. 2025 09:41")}</li></ul>
<div class="text">
<p>{g.k("Les ministres de la Défense des pays de l'OTAN se sont réunis le 13 février 2025 au siège de l'Organisation, à Bruxelles, pour examiner la mise en œuvre des plans régionaux et l'état des capacités des Alliés.")}</p>
<p class="subtitle-en">{g.d("NATO Defence Ministers take stock of deterrence and defence at meeting in Brussels")}</p>
<p>{g.k("Ils ont fait le point sur les objectifs capacitaires fixés l'an dernier et sur les efforts engagés pour accroître la production de défense, en particulier dans les domaines des munitions, de la défense aérienne et des moyens de frappe dans la profondeur.")}</p>
<p>{g.k("Le secrétaire général a salué la hausse des budgets de défense, tout en soulignant que de nombreux Alliés devraient aller au-delà de l'objectif actuel de 2 % du produit intérieur brut pour répondre aux nouveaux besoins.")}</p>
<p>{g.k("Les ministres ont également discuté du soutien à l'Ukraine, notamment de la coordination de l'assistance en matière de sécurité et de formation assurée depuis le commandement de l'OTAN établi à Wiesbaden.")}</p>
<p class="more">{g.d("Plus d'informations :")}</p>
<ul class="links">{g.dl(["Réunions des ministres de la Défense des pays de l'OTAN", "Dissuasion et défense"])}</ul>
</div>
<div class="tools"><a href="#">{g.d("Partager cette page")}</a><a href="#">{g.d("Imprimer cette page")}</a></div>
</div></main>
<footer><p>{g.d("Organisation du Traité de l'Atlantique Nord")}</p><ul>{g.dl(["Contact", "Emplois", "Conditions d'utilisation", "Protection des données"])}</ul></footer>
</body></html>"""
    write("otan-presse", "ministres-defense", page, g)


def build() -> None:
    radio_nord()
    wire_europe()
    organisation_fr()

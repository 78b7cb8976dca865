# ruff: noqa: E501  (page content: article paragraphs and HTML lines are kept whole)
"""Défense & Stratégie (fictional French defence magazine): TCF consent notice, subscriber box,
"Temps de lecture", © credits, "Sur le même sujet", follow prompts, sponsored block."""

from __future__ import annotations

from kit import Gold, esc, write

SITE = "defense-strategie"


def frame(g: Gold, title: str, article: str, consent: str) -> str:
    menu = g.dl(["Actualités", "Terre", "Air", "Mer", "Industrie", "Cyber", "Dossiers", "Podcasts"])
    return f"""<!DOCTYPE html>
<html lang="fr-FR">
<head><meta charset="utf-8"><title>{esc(title)} | Défense &amp; Stratégie</title>
<meta name="description" content="{esc(title)}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{esc(title)}"}}</script>
</head>
<body>
<div class="promo-banner"><p>{g.d("Offre découverte : abonnez-vous dès 5,99 € par mois, sans engagement")}</p></div>
<header id="masthead">
<div class="site-branding"><p class="site-title"><a href="/">Défense &amp; Stratégie</a></p>
<p class="site-description">{g.d("Le magazine des enjeux militaires et de sécurité")}</p></div>
<ul class="account-links">{g.dl(["Espace abonné", "Mon compte", "Newsletter"])}</ul>
<nav id="site-navigation"><button class="menu-toggle">{g.d("Menu")}</button><ul>{menu}</ul></nav>
</header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main">
{article}
</main></div>
<aside id="secondary" class="widget-area">
<section class="widget"><h2 class="widget-title">{g.d("Suivez-nous")}</h2><ul>{g.dl(["LinkedIn", "X", "YouTube", "Flux RSS"])}</ul></section>
<section class="widget sponsored"><h2 class="widget-title">{g.d("Contenu sponsorisé")}</h2>
<p>{g.d("Découvrez comment les drones de surveillance transforment la protection des frontières.")}</p></section>
</aside></div>
<footer id="colophon"><p>{g.d("Défense & Stratégie est édité par Éditions du Ponant SAS.")}</p>
<ul>{g.dl(["Qui sommes-nous ?", "Contact", "CGU", "Données personnelles", "Paramétrer les cookies"])}</ul></footer>
{consent}
</body></html>
"""


def tcf(g: Gold) -> str:
    return f"""<div class="qc-cmp2-container"><div class="qc-cmp2-summary">
<h2>{g.d("Nous respectons votre vie privée")}</h2>
<p>{g.d("Nous et nos 842 partenaires stockons et/ou accédons à des informations sur un appareil, telles que les cookies, et traitons des données personnelles, telles que des identifiants uniques et des informations standard envoyées par un appareil, pour diffuser des publicités et du contenu personnalisés, mesurer les performances des publicités et du contenu, obtenir des données d'audience, et développer et améliorer les produits.")}</p>
<p>{g.d("Avec votre permission, nos partenaires et nous-mêmes pouvons utiliser des données de géolocalisation précises et d'identification par analyse du terminal. Vous pouvez modifier vos préférences à tout moment en revenant sur ce site ou en consultant notre politique de confidentialité.")}</p>
<div class="qc-cmp2-buttons"><button>{g.d("PLUS D'OPTIONS")}</button><button>{g.d("JE REFUSE")}</button><button>{g.d("J'ACCEPTE")}</button></div>
</div></div>"""


def page_rafale() -> None:
    title = "Le porte-avions Charles-de-Gaulle engagé dans l'exercice Neptune Strike"
    g = Gold("fr", title)
    article = f"""<article class="post type-post">
<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta">{g.d("Mis en ligne le 03/02/2025 · Mis à jour le 04/02/2025 à 18:20")}
<span class="rt">{g.d("Temps de lecture : 6 minutes")}</span></div></header>
<div class="entry-content">
<p class="chapo"><strong>{g.k("Pour la troisième fois, le groupe aéronaval français a été placé sous le contrôle opérationnel de l'OTAN pendant une dizaine de jours en Méditerranée orientale.")}</strong></p>
<figure class="wp-block-image"><img src="/wp-content/uploads/rafale.jpg" alt=""><figcaption>{g.d("Un Rafale Marine au catapultage depuis le pont d'envol. © Marine nationale / Quartier-maître Hugo Dupont")}</figcaption></figure>
<p>{g.k("L'exercice Neptune Strike vise à démontrer la capacité de l'Alliance à coordonner plusieurs groupes aéronavals depuis son commandement naval de Naples. Les Rafale Marine ont mené des missions de police du ciel au-dessus de la Roumanie et de la Bulgarie.")}</p>
<p>{g.k("Les pilotes ont également conduit des vols de reconnaissance photo au-dessus de la mer Noire, en restant dans l'espace aérien international. Les images recueillies ont été partagées en temps réel avec les centres d'opérations alliés.")}</p>
<h2>{g.k("Une interopérabilité éprouvée")}</h2>
<p>{g.k("« La difficulté n'est plus technique, elle est politique : il faut que chaque pays accepte de confier ses moyens à un commandement commun », observe un officier de l'état-major, qui rappelle que les premiers exercices de ce type remontaient à 2022.")}</p>
<p>{g.d("Sur le même sujet : Marine nationale, les frégates de défense et d'intervention entrent en service")}</p>
<p>{g.k("Le groupe aéronaval comprenait une frégate multimissions, un sous-marin nucléaire d'attaque et un pétrolier ravitailleur, auxquels se sont joints des bâtiments italiens, grecs et américains. Au total, plus de 3 000 marins ont participé aux manœuvres.")}</p>
<div class="subscriber-box">
<p>{g.d("Vous aimez nos analyses ? Soutenez une rédaction indépendante en vous abonnant.")}</p>
<p><a class="button" href="/abonnement/">{g.d("Voir les offres")}</a></p></div>
<p class="follow-line">{g.d("Retrouvez toute l'actualité de la défense sur notre compte LinkedIn")}</p>
</div></article>"""
    write(SITE, "neptune-strike", frame(g, title, article, tcf(g)), g)


def page_munitions() -> None:
    title = "Munitions : les industriels européens sommés d'accélérer les cadences"
    g = Gold("fr", title)
    article = f"""<article class="post type-post">
<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta"><span class="byline">{g.d("Par Sophie Arnaud")}</span> {g.d("| 14 novembre 2024")}
<span class="rt">{g.d("⏱ Lecture 5 min")}</span></div></header>
<div class="entry-content">
<p>{g.k("La Commission européenne a réuni mardi les principaux fabricants d'obus de 155 mm pour faire le point sur le programme de soutien à la production de munitions. Objectif affiché : atteindre deux millions d'obus par an d'ici à la fin de l'année prochaine.")}</p>
<p>{g.k("Les industriels réclament en retour des commandes pluriannuelles, seules à même de justifier l'ouverture de nouvelles lignes. « On ne construit pas une usine de poudre pour un contrat de dix-huit mois », résume le dirigeant d'un groupe français.")}</p>
<figure><img src="/img/obus.jpg" alt=""><figcaption>{g.d("Crédit photo : Eurenco")}</figcaption></figure>
<p>{g.k("La pénurie de nitrocellulose, indispensable à la fabrication des charges propulsives, reste le principal goulet d'étranglement. Plusieurs pays ont lancé des appels d'offres pour sécuriser leurs approvisionnements en coton et en acide nitrique.")}</p>
<div class="wp-block-quote"><p>{g.k("Les stocks reconstitués depuis 2022 restent inférieurs aux besoins estimés par les planificateurs de l'OTAN.")}</p></div>
<p>{g.k("Le commissaire chargé de l'industrie de défense a promis de simplifier les règles de passation des marchés et d'ouvrir les prêts de la Banque européenne d'investissement au secteur. Les associations de défense de l'environnement dénoncent, elles, un assouplissement des contrôles sur les sites classés.")}</p>
<h3>{g.d("Newsletter")}</h3>
<p>{g.d("Inscrivez-vous gratuitement pour recevoir chaque lundi notre sélection d'articles.")}</p>
<p>{g.d("En vous inscrivant, vous acceptez nos conditions générales d'utilisation et notre politique de protection des données.")}</p>
<p class="tags">{g.d("Mots-clés : Industrie, Munitions, Union européenne")}</p>
</div></article>"""
    write(SITE, "munitions-cadences", frame(g, title, article, tcf(g)), g)


def page_cyber() -> None:
    title = "Cyberdéfense : le ministère des Armées ouvre un concours pour les hackers éthiques"
    g = Gold("fr", title)
    article = f"""<article class="post type-post">
<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta">{g.d("Publié le 28 avril 2025")}</div></header>
<div class="entry-content">
<p>{g.k("Le commandement de la cyberdéfense lance pour la première fois un programme de chasse aux failles ouvert au public. Les participants qui découvriront des vulnérabilités dans certains sites du ministère pourront toucher jusqu'à 20 000 euros.")}</p>
<p>{g.k("Pour participer, il faudra s'inscrire sur une plateforme spécialisée, accepter une charte de divulgation responsable et ne jamais conserver les données personnelles auxquelles on aurait eu accès. Les tests de déni de service et l'hameçonnage des agents sont interdits.")}</p>
<p>{g.k("Le périmètre inclut le portail de recrutement, où les candidats doivent créer un compte et choisir un mot de passe d'au moins douze caractères, ainsi que plusieurs applications internes jugées moins sensibles.")}</p>
<p>{g.d("LIRE AUSSI » Le Comcyber recrute 500 spécialistes d'ici à 2030")}</p>
<p>{g.k("Les États-Unis et le Royaume-Uni pratiquent ce type de programme depuis plusieurs années. Le Pentagone affirme avoir corrigé plus de 40 000 vulnérabilités grâce à son initiative « Hack the Pentagon », lancée en 2016.")}</p>
<p>{g.k("Les résultats seront présentés à l'automne lors d'un colloque organisé à Rennes, où se trouve le pôle d'excellence cyber. Le ministère n'exclut pas d'étendre ensuite l'expérience aux systèmes des industriels de défense.")}</p>
<p class="share">{g.d("Partagez cet article :")}</p>
<ul class="share-links">{g.dl(["Partager sur LinkedIn", "Partager sur X", "Partager par e-mail"])}</ul>
<p class="follow-line">{g.d("Suivez Défense & Stratégie sur Google Actualités")}</p>
</div></article>"""
    write(SITE, "concours-hackers", frame(g, title, article, tcf(g)), g)


def build() -> None:
    page_rafale()
    page_munitions()
    page_cyber()

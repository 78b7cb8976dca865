# ruff: noqa: E501  (page content: article paragraphs and HTML lines are kept whole)
"""Le Courrier de l'Atlantique (fictional French regional daily): Didomi-style consent, paywall,
"Lire aussi" inserts, newsletter box, share bar, captions with agency credits."""

from __future__ import annotations

from kit import Gold, esc, write

SITE = "courrier-atlantique"


def frame(g: Gold, title: str, head_meta: str, header: str, body: str, aside: str, consent: str) -> str:
    nav = g.dl(["Accueil", "International", "Défense", "Économie", "Régions", "Sports", "Opinions"])
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{esc(title)} – Le Courrier de l'Atlantique</title>
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="Le Courrier de l'Atlantique">
{head_meta}
<link rel="stylesheet" href="/static/css/main.css">
</head>
<body class="article-page">
<a class="skip" href="#contenu">{g.d("Aller au contenu principal")}</a>
<header class="site-header">
  <div class="top-bar">
    <span class="tagline">{g.d("Le quotidien de la façade atlantique depuis 1921")}</span>
    <a class="btn-login" href="/compte/connexion">{g.d("Se connecter")}</a>
    <a class="btn-sub" href="/abonnement">{g.d("S'abonner : 1 € le premier mois")}</a>
  </div>
  <div class="logo"><a href="/">Le Courrier de l'Atlantique</a></div>
  <nav class="main-nav"><ul>{nav}</ul></nav>
</header>
<main id="contenu">
<nav class="breadcrumb"><a href="/">{g.d("Accueil")}</a> › <a href="/international">{g.d("International")}</a> › <span>{g.d("Europe")}</span></nav>
<article class="article">
{header}
<div class="article__content">
{body}
</div>
</article>
<aside class="sidebar">{aside}</aside>
</main>
<footer class="site-footer">
  <p class="footer-tagline">{g.d("Le Courrier de l'Atlantique, l'information au plus près de chez vous")}</p>
  <ul>{g.dl(["Mentions légales", "Politique de confidentialité", "Gestion des cookies", "Conditions générales de vente", "Nous contacter", "Publicité"])}</ul>
  <p>{g.d("© Le Courrier de l'Atlantique 2025 – Tous droits réservés")}</p>
</footer>
{consent}
</body>
</html>
"""


def didomi(g: Gold) -> str:
    return f"""<div id="didomi-host" class="didomi-popup" role="dialog">
<div class="didomi-popup-container">
<h1 class="didomi-title">{g.d("Bienvenue sur Le Courrier de l'Atlantique")}</h1>
<p class="didomi-popup-notice-text">{g.d("Avec votre accord, nos partenaires et nous utilisons des cookies ou technologies similaires pour stocker et accéder à des informations personnelles comme votre visite sur ce site. Vous pouvez retirer votre consentement ou vous opposer aux traitements basés sur l'intérêt légitime à tout moment en cliquant sur « En savoir plus » ou dans notre politique de confidentialité sur ce site.")}</p>
<p>{g.d("Avec nos partenaires, nous traitons les données suivantes : mesure d'audience, publicités et contenus personnalisés, mesure de performance des publicités et du contenu, données d'audience et développement de produit, stockage et accès aux informations sur votre appareil.")}</p>
<div class="didomi-buttons"><button>{g.d("En savoir plus →")}</button><button>{g.d("Continuer sans accepter →")}</button><button>{g.d("Accepter & Fermer")}</button></div>
</div></div>"""


def page_cyber() -> None:
    title = "Cyberattaque contre un ministère balte : l'OTAN dépêche une équipe de réaction rapide"
    g = Gold("fr", title)
    header = f"""<header class="article__header">
<h1>{esc(title)}</h1>
<p class="article__desc">{g.k("Une équipe de l'Alliance spécialisée dans la réponse aux incidents informatiques est arrivée lundi à Vilnius, quatre jours après le piratage des messageries de plusieurs hauts fonctionnaires lituaniens.")}</p>
<div class="meta"><span class="author">{g.d("Par Claire Morvan")}</span>
<time datetime="2025-03-12T07:45">{g.d("Publié le 12 mars 2025 à 07h45, modifié à 10h02")}</time>
<span class="reading">{g.d("Lecture : 4 min.")}</span></div>
<figure><img src="/img/vilnius.jpg" alt="">
<figcaption>{g.d("Le siège du ministère de la défense lituanien, à Vilnius, le 10 mars 2025. PETRAS MALUKAS / AFP")}</figcaption></figure>
</header>"""
    body = f"""<p>{g.k("Selon le centre national de cybersécurité, les assaillants ont déposé des cookies malveillants sur les ordinateurs de plusieurs fonctionnaires afin de se connecter à leur messagerie sans avoir à saisir de mot de passe. L'intrusion a duré au moins trois semaines avant d'être repérée.")}</p>
<p>{g.k("Les pirates ont ensuite réinitialisé les mots de passe de près de 400 comptes, un mode opératoire déjà observé l'an dernier lors d'attaques visant des administrations estoniennes et polonaises.")}</p>
<p class="read-also"><span>{g.d("Lire aussi | Les pays baltes veulent mutualiser leur défense antiaérienne")}</span></p>
<h2>{g.k("Une assistance prévue par le concept de l'Alliance")}</h2>
<p>{g.k("L'envoi de l'équipe, composée d'une dizaine d'experts civils et militaires, s'inscrit dans le cadre des mécanismes d'assistance que les Alliés ont renforcés depuis le sommet de Vilnius, en 2023. Elle doit aider les autorités à analyser les journaux de connexion et à identifier l'origine de l'attaque.")}</p>
<p>{g.k("« Nous ne laisserons personne intimider nos institutions. Partagez l'information, vérifiez vos sources et méfiez-vous des liens que vous recevez », a lancé la ministre lors d'une conférence de presse, en s'adressant directement aux agents publics.")}</p>
<div class="newsletter-box">
<p class="nl-title">{g.d("Newsletter « Le Courrier du matin »")}</p>
<p>{g.d("Chaque matin, l'essentiel de l'actualité régionale et internationale dans votre boîte mail.")}</p>
<form><input type="email" placeholder="Votre adresse e-mail"><button>{g.d("Je m'inscris")}</button></form>
</div>
<p>{g.k("Le gouvernement lituanien n'a pas officiellement attribué l'attaque, mais plusieurs responsables évoquent un groupe déjà soupçonné d'agir pour le compte d'un service de renseignement étranger. Les enquêteurs ont relevé des similitudes techniques avec une campagne menée contre la Lettonie à l'automne.")}</p>
<p>{g.k("Pour l'heure, aucune donnée classifiée n'aurait été dérobée, d'après une source proche du dossier. Les messageries concernées servaient toutefois à préparer les réunions du comité de coordination des achats d'armement.")}</p>
<div class="share-bar"><span>{g.d("Partager")}</span><ul>{g.dl(["Facebook", "X", "LinkedIn", "WhatsApp", "Envoyer par e-mail", "Copier le lien"])}</ul></div>
<p class="follow">{g.d("Rejoignez notre chaîne WhatsApp pour recevoir nos alertes")}</p>"""
    aside = f"""<section class="most-read"><h3>{g.d("Les plus lus")}</h3><ol>{g.dl(["Tempête : les îles privées d'électricité pendant deux jours", "Le port de Saint-Nazaire bat son record de trafic", "Législatives partielles : les résultats commune par commune"])}</ol></section>"""
    head = '<meta property="article:published_time" content="2025-03-12T07:45:00+01:00">'
    write(SITE, "cyberattaque-vilnius", frame(g, title, head, header, body, aside, didomi(g)), g)


def page_reserve() -> None:
    title = "Réserve opérationnelle : l'armée de terre veut recruter 5 000 volontaires de plus en Bretagne"
    g = Gold("fr", title)
    header = f"""<header class="article__header">
<h1>{esc(title)}</h1>
<div class="meta"><span class="author">{g.d("Par Yann Le Goff")}</span> –
<time datetime="2025-02-03">{g.d("le 3 février 2025 à 18h30")}</time>
<span class="reading">{g.d("3 min de lecture")}</span></div>
</header>"""
    body = f"""<p>{g.k("L'état-major a présenté vendredi à Rennes un plan destiné à doubler en trois ans le nombre de réservistes dans la région. Les besoins portent surtout sur la protection des sites sensibles et sur le soutien logistique des unités engagées sur le flanc est de l'OTAN.")}</p>
<figure><img src="/img/reserve.jpg" alt=""><figcaption>{g.d("Des réservistes du 41e régiment de transmissions lors d'un exercice près de Vannes. (Photo : Thomas Kerjean)")}</figcaption></figure>
<p>{g.k("Pour s'inscrire, les volontaires doivent créer un compte sur le portail du ministère, fournir une photo d'identité récente et passer une visite médicale. Le délai entre la candidature et la première période d'instruction a été ramené à six semaines.")}</p>
<p>{g.k("Le régiment de Vannes, qui compte plus de 12 000 abonnés sur les réseaux sociaux, y partage chaque semaine des photos de ses entraînements pour attirer de nouveaux profils. Une campagne d'affichage doit suivre dans les gares de la région.")}</p>
<p>{g.d("À lire également : Service national universel, le bilan contrasté de la quatrième promotion")}</p>
<p>{g.k("« Beaucoup de jeunes pensent qu'il faut avoir fait l'armée pour devenir réserviste. C'est faux : nous formons des étudiants, des artisans, des cadres », explique le colonel chargé du recrutement, qui revendique un taux de fidélisation de 70 % après trois ans.")}</p>
<p>{g.k("Les réservistes perçoivent une solde pour chaque journée d'activité et bénéficient, depuis la loi de programmation militaire, d'une protection renforcée de leur emploi civil. Les employeurs qui signent une convention avec les armées peuvent, en contrepartie, obtenir des réductions d'impôt.")}</p>
<div class="paywall">
<p>{g.d("Il vous reste 45 % de cet article à découvrir.")}</p>
<p>{g.d("Abonnez-vous pour lire la suite et accéder à tous nos contenus en illimité.")}</p>
<p><a href="/abonnement">{g.d("Je m'abonne")}</a> <a href="/compte/connexion">{g.d("Déjà abonné ? Je me connecte")}</a></p>
</div>"""
    aside = f"""<section><h3>{g.d("Dans la même rubrique")}</h3><ul>{g.dl(["Brest : la frégate Bretagne de retour après cinq mois en mer", "Lorient accueille le salon des industries navales", "Coëtquidan : 1 200 élèves officiers au gala de fin d'année"])}</ul></section>"""
    write(SITE, "reserve-bretagne", frame(g, title, "", header, body, aside, didomi(g)), g)


def page_sommet() -> None:
    title = "Sommet de La Haye : les Européens cherchent une position commune sur le financement de l'Ukraine"
    g = Gold("fr", title)
    header = f"""<header class="article__header">
<h1>{esc(title)}</h1>
<p class="kicker">{g.d("Diplomatie")}</p>
<div class="meta"><span class="author">{g.d("Par Claire Morvan et Hugo Riou")}</span>
<time datetime="2025-06-20">{g.d("Publié le 20/06/2025 à 06h00 · Mis à jour le 20/06/2025 à 11h17")}</time></div>
</header>"""
    body = f"""<p>{g.k("À quelques jours du sommet de l'Alliance atlantique, les ministres des affaires étrangères de l'Union européenne se sont retrouvés jeudi à Luxembourg pour tenter d'accorder leurs positions sur le financement de l'aide militaire à l'Ukraine.")}</p>
<p>{g.k("Plusieurs capitales plaident pour un mécanisme d'emprunt commun, sur le modèle du plan de relance adopté après la pandémie. D'autres, dont les Pays-Bas et la Suède, préfèrent s'en tenir à des contributions nationales, jugées plus faciles à faire accepter par leurs parlements.")}</p>
<figure><img src="/img/luxembourg.jpg" alt=""><figcaption>{g.d("Les ministres réunis au Kirchberg, à Luxembourg, jeudi 19 juin.")} <span class="credit">{g.d("© Conseil de l'UE")}</span></figcaption></figure>
<p>{g.k("« Nous devons partager le fardeau de manière équitable, et cela vaut autant pour les dépenses de défense que pour le soutien à Kiev », a déclaré le chef de la diplomatie belge à son arrivée, en refusant de s'engager sur un montant.")}</p>
<p class="inline-related"><strong>{g.d("À lire aussi")}</strong></p>
<ul class="inline-related-list">{g.dl(["Dépenses militaires : la France atteindra-t-elle les 3 % ?", "Aide à l'Ukraine : ce que contient le nouveau paquet européen"])}</ul>
<h2>{g.k("Le spectre d'un désengagement américain")}</h2>
<p>{g.k("En toile de fond, les Européens redoutent que Washington réduise sa participation aux exercices organisés sur le flanc oriental. Un diplomate résume l'état d'esprit général : mieux vaut arriver à La Haye avec des propositions chiffrées que d'attendre les demandes américaines.")}</p>
<p>{g.k("Le secrétaire général de l'OTAN doit présenter un rapport sur la répartition des contributions, qu'il a déjà évoqué devant le Parlement européen. Il y détaille la progression des budgets de défense depuis 2014 et les retards accumulés par plusieurs pays dans la livraison de munitions.")}</p>
<p class="comments-cta">{g.d("Réagir à cet article")}</p>
<div class="share-bar"><ul>{g.dl(["Partager sur Facebook", "Partager sur X (ex-Twitter)", "Partager sur LinkedIn", "Imprimer"])}</ul></div>"""
    aside = f"""<section class="nl"><p>{g.d("Recevez chaque vendredi notre lettre « Monde » : décryptages, cartes et reportages.")}</p><a href="/newsletters">{g.d("S'inscrire à la newsletter")}</a></section>"""
    write(SITE, "sommet-la-haye", frame(g, title, "", header, body, aside, didomi(g)), g)


def build() -> None:
    page_cyber()
    page_reserve()
    page_sommet()

"""DOM chrome removal: consent managers, generic banners, login modals, widgets, source selectors."""

from __future__ import annotations

import pytest
from lxml import html

from cleaners.dom import STAGE, DomChrome

ARTICLE = ("Les ministres de la Défense des pays de l'Alliance se sont réunis jeudi à Bruxelles pour "
           "examiner l'état des capacités militaires et le partage du fardeau entre les Alliés.")
ARTICLE2 = ("They also discussed how to share intelligence and how cookies of the bakery next to the "
            "headquarters became a running joke among the delegations during the long session.")

# Markup as each consent manager injects it (container ids/classes from the CMPs' scripts)
CMPS = {
    "onetrust": '<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" class="otFlat" role="region">'
                '<p id="onetrust-policy-text">We and our partners store cookies to personalise ads.</p>'
                '<button id="onetrust-accept-btn-handler">I Accept</button></div></div>',
    "cookiebot": '<div id="CybotCookiebotDialog" name="CybotCookiebotDialog" role="dialog">'
                 '<h2 id="CybotCookiebotDialogBodyContentTitle">This website uses cookies</h2>'
                 '<a id="CybotCookiebotDialogBodyButtonAccept">Allow all cookies</a></div>',
    "didomi": '<div id="didomi-host"><div class="didomi-popup-container"><div class="didomi-popup-notice">'
              'Vos choix en matière de cookies. Nous et nos partenaires utilisons des traceurs.'
              '<button id="didomi-notice-agree-button">Accepter &amp; Fermer</button></div></div></div>',
    "quantcast": '<div id="qc-cmp2-container" data-nosnippet=""><div class="qc-cmp2-summary-section">'
                 'We value your privacy. We and our partners store and/or access information.'
                 '<button mode="primary">AGREE</button></div></div>',
    "usercentrics": '<div id="usercentrics-root"><div id="uc-banner-modal">Privacy settings: we use '
                    'technologies like cookies to process data.<button>Accept All</button></div></div>',
    "axeptio": '<div class="axeptio_mount"><div id="axeptio_overlay" class="axeptio_widget">Ce site utilise '
               'des cookies ! Nous utilisons des cookies pour mesurer l’audience.<button>OK pour moi</button>'
               '</div></div>',
    "tarteaucitron": '<div id="tarteaucitronRoot"><div id="tarteaucitronAlertBig">'
                     '<span id="tarteaucitronDisclaimerAlert">Ce site utilise des cookies et vous donne le '
                     'contrôle.</span><button id="tarteaucitronPersonalize2">Tout accepter</button>'
                     '<button class="tarteaucitronDeny">Tout refuser</button></div></div>',
}


def doc(chrome: str, before: bool = True) -> html.HtmlElement:
    article = f"<main><article><h1>Titre</h1><p>{ARTICLE}</p><p>{ARTICLE2}</p></article></main>"
    body = chrome + article if before else article + chrome
    return html.fromstring(f"<html><head><title>t</title></head><body>{body}</body></html>")


def text(tree: html.HtmlElement) -> str:
    return " ".join(tree.text_content().split())


@pytest.mark.parametrize("cmp", sorted(CMPS))
def test_each_consent_manager_is_removed(cmp: str) -> None:
    tree = doc(CMPS[cmp])
    removed = DomChrome().apply(tree)
    assert [r.reason for r in removed] == [f"consent:{cmp}"]
    assert removed[0].stage == STAGE
    assert "cookie" in removed[0].text.lower() or "privacy" in removed[0].text.lower()
    assert ARTICLE in text(tree) and ARTICLE2 in text(tree)
    assert "Accept" not in text(tree) and "accepter" not in text(tree)


@pytest.mark.parametrize("banner", [
    '<div class="cookie-banner"><p>Nous utilisons des cookies.</p><button>OK</button></div>',
    '<section id="gdpr-notice" role="dialog"><p>We use cookies.</p></section>',
    '<div class="site-consent" style="position: fixed; bottom: 0">Accept tracking? <a>Yes</a></div>',
    '<div aria-label="Cookie consent" role="alertdialog">Tout accepter / Tout refuser</div>',
    '<div id="rgpd-bandeau">Paramétrer vos choix</div>',
    '<div class="CookieConsentPopup">Manage preferences</div>',
])
def test_generic_consent_dialogs(banner: str) -> None:
    tree = doc(banner, before=False)
    removed = DomChrome().apply(tree)
    assert [r.reason for r in removed] == ["consent:generic"]
    assert ARTICLE in text(tree)


@pytest.mark.parametrize("chrome,reason", [
    ('<div class="modal" role="dialog"><h2>Connectez-vous</h2><form><input type="email">'
     '<input type="password"><button>Se connecter</button></form></div>', "modal:login"),
    ('<div id="signin-popup"><p>Create your free account to keep reading</p><button>Sign up</button></div>',
     "modal:login"),
    ('<aside class="newsletter-box"><p>Recevez notre newsletter chaque matin</p><form>'
     '<input type="email" name="email"><button>Je m’inscris</button></form></aside>', "widget:newsletter"),
    ('<ul class="share-buttons"><li><a>Facebook</a></li><li><a>X</a></li><li><a>Partager par e-mail</a></li>'
     '</ul>', "widget:share"),
    ('<div class="article__partage"><a>Partager</a><a>Copier le lien</a></div>', "widget:share"),
])
def test_login_newsletter_share_widgets(chrome: str, reason: str) -> None:
    tree = doc(chrome)
    removed = DomChrome().apply(tree)
    assert [r.reason for r in removed] == [reason]
    assert ARTICLE in text(tree) and ARTICLE2 in text(tree)


def test_article_is_never_removed_by_heuristics() -> None:
    # class names that look like chrome on the elements holding the article must not lose it
    page = (f'<html><body class="has-cookie-banner"><div class="content modal-root cookie-consent-given">'
            f'<article class="share-enabled"><p>{ARTICLE}</p><p>{ARTICLE2}</p></article></div>'
            f'<div id="main-newsletter-layout" role="main"><p>{ARTICLE2}</p></div></body></html>')
    tree = html.fromstring(page)
    assert DomChrome().apply(tree) == []
    assert ARTICLE in text(tree)


def test_words_inside_longer_words_do_not_match() -> None:
    page = (f'<html><body><div class="shared-content">{ARTICLE}</div><div class="author-box">Jane Doe</div>'
            f'<div class="fortune-cookies-recipe">Bake 12 minutes</div><p>{ARTICLE2}</p></body></html>')
    tree = html.fromstring(page)
    assert DomChrome().apply(tree) == []


def test_long_widget_lookalike_is_kept() -> None:
    long_text = " ".join([ARTICLE] * 6)
    tree = doc(f'<div class="social-share-story"><p>{long_text}</p></div>')
    assert DomChrome().apply(tree) == []


def test_source_drop_selectors() -> None:
    chrome = ('<div class="bloc-lire-aussi"><a>Lire aussi : autre article</a></div>'
              '<aside><article class="teaser">Related teaser article</article></aside>')
    tree = doc(chrome, before=False)
    removed = DomChrome(["div.bloc-lire-aussi", "aside"]).apply(tree)
    assert [r.reason for r in removed] == ["source:div.bloc-lire-aussi", "source:aside"]
    assert "Lire aussi" not in text(tree) and "Related teaser" not in text(tree)
    assert ARTICLE in text(tree)


def test_invalid_drop_selector_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="drop_selector"):
        DomChrome(["div[["])


def test_nested_matches_reported_once_and_tail_text_kept() -> None:
    tree = html.fromstring(f'<html><body><div><p>{ARTICLE}</p>{CMPS["onetrust"]}tail words stay<p>{ARTICLE2}'
                           '</p></div></body></html>')
    removed = DomChrome().apply(tree)
    assert len(removed) == 1  # the inner #onetrust-banner-sdk went with its container
    assert "tail words stay" in text(tree)


def test_removal_text_is_capped_at_200_chars() -> None:
    banner = '<div id="didomi-host">' + "Nous utilisons des cookies. " * 30 + "</div>"
    removed = DomChrome().apply(doc(banner))
    assert len(removed[0].text) == 200


def test_candidate_prefilter_covers_every_rule_word() -> None:
    from cleaners import dom

    words = dom._WORDS_CONSENT + dom._WORDS_LOGIN + dom._WORDS_NEWSLETTER + dom._WORDS_SHARE
    assert all(dom._RE_CANDIDATE.search(w) for w in words + ("modal", "dialog", "popup"))

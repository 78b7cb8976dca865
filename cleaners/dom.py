"""DOM chrome removal before extraction: consent managers, login modals, newsletter and share widgets.

Pure lxml; knows nothing of WARC, Scrapy or the pipeline. :class:`DomChrome` mutates a parsed HTML tree
in place and returns one :class:`~cleaners.base.Removal` per removed element (stage ``dom_chrome``,
reason such as ``consent:onetrust``, text = first 200 characters of what was removed).

Container ids/classes of the consent-management platforms (CMPs) are the ones their scripts inject
(as used by consent-blocking filter lists and CMP detectors): e.g. OneTrust ``#onetrust-consent-sdk``,
Cookiebot ``#CybotCookiebotDialog``, Didomi ``#didomi-host``, Quantcast Choice ``#qc-cmp2-container``,
Usercentrics ``#usercentrics-root``, Axeptio ``#axeptio_overlay``, tarteaucitron ``#tarteaucitronRoot``.
Generic rules catch home-made banners. Guard: an element that holds the article (``<article>``,
``<main>``, ``[itemprop=articleBody]``) or most of the page text is never removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree, html
from lxml.cssselect import CSSSelector, SelectorError

from cleaners.base import Removal

STAGE = "dom_chrome"
TEXT_CHARS = 200


@dataclass(frozen=True)
class ChromeRule:
    reason: str
    css: str


CMP_RULES: tuple[ChromeRule, ...] = (
    ChromeRule("consent:onetrust", "#onetrust-consent-sdk, #onetrust-banner-sdk, #onetrust-pc-sdk, "
                                   "#optanon, .optanon-alert-box-wrapper"),
    ChromeRule("consent:cookiebot", "#CybotCookiebotDialog, #CybotCookiebotDialogBodyUnderlay, "
                                    "#CookiebotWidget"),
    ChromeRule("consent:didomi", "#didomi-host, #didomi-popup, #didomi-notice, .didomi-popup-container, "
                                 ".didomi-notice-banner"),
    ChromeRule("consent:quantcast", "#qc-cmp2-container, .qc-cmp2-container, #qcCmpUi, .qc-cmp-ui-container"),
    ChromeRule("consent:usercentrics", "#usercentrics-root, #usercentrics-cmp-ui, #uc-banner-modal, "
                                       "#uc-center-container, .uc-banner-content"),
    ChromeRule("consent:axeptio", "#axeptio_overlay, .axeptio_mount, .axeptio_widget, #axeptio_main_button"),
    ChromeRule("consent:tarteaucitron", "#tarteaucitronRoot, #tarteaucitron, #tarteaucitronAlertBig, "
                                        "#tarteaucitronAlertSmall, .tarteaucitronAlertBig"),
    ChromeRule("consent:sourcepoint", "[id^='sp_message_container']"),
    ChromeRule("consent:trustarc", "#truste-consent-track, #consent_blackbar, #truste-consent-content"),
    ChromeRule("consent:other_cmp", "#iubenda-cs-banner, #cmpbox, #cmpwrapper, .cc-window, "
                                    "#cookie-law-info-bar, #BorlabsCookieBox, #cmplz-cookiebanner-container, "
                                    ".cky-consent-container, .osano-cm-window, .fc-consent-root, #sd-cmp, "
                                    "#appconsent"),
)

_WORDS_CONSENT = ("cookie", "consent", "gdpr", "rgpd", "privacy-banner", "tarteaucitron")
_WORDS_FLOATING = ("banner", "bandeau", "bar", "popup", "popin", "modal", "notice", "overlay", "dialog",
                   "wall", "layer", "alert", "message", "sticky", "fixed")
_WORDS_LOGIN = ("login", "log-in", "signin", "sign-in", "signup", "sign-up", "register", "registration",
                "connexion", "inscription", "auth", "account")
_WORDS_NEWSLETTER = ("newsletter", "nl-signup", "subscribe-box", "subscription-box")
_WORDS_SHARE = ("share", "sharing", "sharebar", "share-bar", "social-share", "social-links", "socials",
                "partage", "partager", "addthis", "sharethis", "a2a_kit", "follow-us")


def _token_regex(words: Iterable[str]) -> re.Pattern[str]:
    # a word inside a class/id token, not inside a longer word: "cookie-banner", "ot-sdk-cookie" match,
    # "fortune-cookies-recipe" would too (fine: still needs the floating/dialog signal), "shared" does not
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alts})(?:s)?(?![a-z0-9])")


_RE_CONSENT = _token_regex(_WORDS_CONSENT)
_RE_FLOATING = _token_regex(_WORDS_FLOATING)
_RE_LOGIN = _token_regex(_WORDS_LOGIN)
_RE_NEWSLETTER = _token_regex(_WORDS_NEWSLETTER)
_RE_SHARE = _token_regex(_WORDS_SHARE)
_RE_MODAL = _token_regex(("modal", "popup", "popin", "overlay", "dialog"))
_RE_FIXED = re.compile(r"position\s*:\s*(fixed|sticky)")
_RE_CAMEL = re.compile(r"([a-z])([A-Z])")

_LOWER = "translate(concat(' ', @id, ' ', @class, ' ', @aria-label), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', " \
         "'abcdefghijklmnopqrstuvwxyz')"
_ALL_WORDS = _WORDS_CONSENT + _WORDS_LOGIN + _WORDS_NEWSLETTER + _WORDS_SHARE + ("modal", "dialog", "popup")
# one C-level pass picks the candidates; Python then checks them precisely
_CANDIDATES = etree.XPath(
    "//body//*[" + " or ".join(f"contains({_LOWER}, '{w}')" for w in _ALL_WORDS)
    + " or @role='dialog' or @role='alertdialog' or @aria-modal='true']"
)
_PROTECTED = etree.XPath(
    "self::article or self::main or descendant::article or descendant::main"
    " or descendant-or-self::*[@itemprop='articleBody'] or descendant-or-self::*[@role='main']"
)
_HAS_PASSWORD = etree.XPath(".//input[translate(@type, 'PASWORD', 'pasword')='password']")
_HAS_EMAIL_FORM = etree.XPath(".//input[@type='email' or contains(@name, 'mail')]")
_SKIP_TAGS = {"html", "head", "body"}


class DomChrome:
    """Remove page chrome from a parsed HTML tree.

    ``drop_selectors``: a source's own CSS selectors (reason ``source:<selector>``).
    ``max_widget_chars``: newsletter/share/login widgets longer than this are left alone (600 chars:
    a share bar or sign-up box is one or two short sentences; more is likely content).
    ``max_page_fraction``: never remove an element holding more than this share of the body text
    (0.5: chrome is never most of a page that has an article).
    """

    name = STAGE

    def __init__(self, drop_selectors: Iterable[str] = (), *, cmp_rules: Iterable[ChromeRule] = CMP_RULES,
                 generic: bool = True, max_widget_chars: int = 600, max_page_fraction: float = 0.5):
        self.rules = [(r.reason, CSSSelector(r.css)) for r in cmp_rules]
        self.source_rules = []
        for sel in drop_selectors:
            try:
                self.source_rules.append((f"source:{sel}", CSSSelector(sel)))
            except SelectorError as e:
                raise ValueError(f"invalid drop_selector {sel!r}: {e}") from None
        self.generic = generic
        self.max_widget_chars = max_widget_chars
        self.max_page_fraction = max_page_fraction

    def apply(self, tree: html.HtmlElement) -> list[Removal]:
        """Remove chrome from ``tree`` (in place); return what was removed, in document order."""
        root = tree.getroottree().getroot()
        body_chars = max(1, _text_len(root))
        found: list[tuple[html.HtmlElement, str, bool]] = []  # (element, reason, guarded)
        for reason, sel in self.source_rules + self.rules:
            found.extend((el, reason, False) for el in sel(root))
        if self.generic:
            for el in _CANDIDATES(root):
                reason = self._generic_reason(el)
                if reason:
                    found.append((el, reason, True))
        return self._remove(root, found, body_chars)

    def _generic_reason(self, el: html.HtmlElement) -> str | None:
        attrs = _attr_words(el)
        dialog = el.get("role") in ("dialog", "alertdialog") or el.get("aria-modal") == "true" \
            or el.tag == "dialog" or bool(_RE_FIXED.search((el.get("style") or "").lower()))
        if _RE_CONSENT.search(attrs) and (dialog or _RE_FLOATING.search(attrs)):
            return "consent:generic"
        small = _text_len(el) <= self.max_widget_chars
        modal = dialog or bool(_RE_MODAL.search(attrs))
        if modal and small and (_RE_LOGIN.search(attrs) or _HAS_PASSWORD(el)):
            return "modal:login"
        if small and _RE_NEWSLETTER.search(attrs) and (_HAS_EMAIL_FORM(el) or el.tag in ("div", "section",
                                                                                          "aside", "form")):
            return "widget:newsletter"
        if small and _RE_SHARE.search(attrs) and el.tag not in ("a", "span", "button", "img", "svg"):
            return "widget:share"
        return None

    def _remove(self, root: html.HtmlElement, found: list[tuple[html.HtmlElement, str, bool]],
                body_chars: int) -> list[Removal]:
        """Remove matches outermost first; heuristic (guarded) matches spare the article."""
        order = {el: i for i, el in enumerate(root.iter())}
        out: list[Removal] = []
        seen: set[html.HtmlElement] = set()
        for el, reason, guarded in sorted(found, key=lambda f: order.get(f[0], -1)):
            if el in seen or el.tag in _SKIP_TAGS or not _attached(el, root):
                continue
            seen.add(el)
            if guarded and self._holds_article(el, body_chars):
                continue
            text = " ".join(el.text_content().split())[:TEXT_CHARS]
            el.drop_tree()
            out.append(Removal(STAGE, reason, text))
        return out


    def _holds_article(self, el: html.HtmlElement, body_chars: int) -> bool:
        if _PROTECTED(el):
            return True
        # on pages with real text, an element with most of it is not chrome (on a near-empty page a
        # long consent notice may well outweigh the article, so no such guard there)
        return body_chars > 1000 and _text_len(el) > self.max_page_fraction * body_chars


def _attr_words(el: html.HtmlElement) -> str:
    raw = " ".join(el.get(a) or "" for a in ("id", "class", "aria-label"))
    return _RE_CAMEL.sub(r"\1-\2", raw).lower()  # "CookieBanner" -> "cookie-banner"


def _text_len(el: html.HtmlElement) -> int:
    return len("".join(el.itertext()).strip()) if isinstance(el.tag, str) else 0


def _attached(el: html.HtmlElement, root: html.HtmlElement) -> bool:
    node = el
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False

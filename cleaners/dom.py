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

# substrings one of which every candidate's lowercased attributes contain: a lowercase alternation on
# lowercased text is ~7x cheaper than a case-insensitive one over all words (this runs on every element
# that has a class or id)
_STEMS = ("cookie", "consent", "gdpr", "rgpd", "privacy", "tarteaucitron", "log-in", "login", "signin",
          "sign-in", "signup", "sign-up", "regist", "connexion", "inscription", "auth", "account",
          "newsletter", "subscri", "shar", "partage", "addthis", "a2a", "social", "follow", "modal", "dialog",
          "popup", "popin", "overlay")
_RE_CANDIDATE = re.compile("|".join(_STEMS))

# elements that can be chrome at all; their attributes are then checked in Python (one C-level pass).
# "descendant::" rather than "//*": one axis step instead of descendant-or-self + child (same nodes,
# a third cheaper); <body> itself is never removed, so it is not asked for.
_WITH_ATTRS = etree.XPath("//body/descendant::*[@id or @class or @aria-label or @role or @aria-modal]")
def _with_attrs(root: html.HtmlElement) -> list[html.HtmlElement]:
    """``_WITH_ATTRS(root)``: on a page with one ``<body>``, its descendant elements holding one of the
    attributes, in document order, tested in Python (a walk of the body's elements listed in C, one
    attribute-name list each: cheaper than the XPath's evaluation, ~10 us on a small page, a fifth of
    it on a large one); any other page through the XPath itself."""
    bodies = root.iter("body")
    body = next(bodies, None)
    if body is None or next(bodies, None) is not None:
        return _WITH_ATTRS(root)
    out = []
    for el in body.iterdescendants(etree.Element):  # elements only, as "descendant::*"
        names = el.keys()
        if names and ("class" in names or "id" in names or "aria-label" in names or "role" in names
                      or "aria-modal" in names):
            out.append(el)
    return out


_PROTECTED = etree.XPath(
    "self::article or self::main or descendant::article or descendant::main"
    " or descendant-or-self::*[@itemprop='articleBody'] or descendant-or-self::*[@role='main']"
)
_HAS_PASSWORD = etree.XPath(".//input[translate(@type, 'PASWORD', 'pasword')='password']")
_SKIP_TAGS = {"html", "head", "body"}
_BLOCK_TAGS = {"div", "section", "aside", "form", "footer", "ul", "dialog", "nav"}
_INLINE_TAGS = {"a", "span", "button", "img", "svg", "i", "li", "input", "label", "p"}
# tags that never hold a banner, modal or widget (their container does): skipped by the heuristics
_LEAF_TAGS = {"a", "span", "img", "svg", "path", "i", "b", "strong", "em", "input", "button", "label",
              "source", "picture", "use", "time", "abbr", "small", "g", "option", "select", "textarea", "br",
              "hr"}


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
        source_rules = []
        for sel in drop_selectors:
            try:
                CSSSelector(sel, translator="html")
            except SelectorError as e:
                raise ValueError(f"invalid drop_selector {sel!r}: {e}") from None
            source_rules.append(ChromeRule(f"source:{sel}", sel))
        self.source_rules = _RuleSet(source_rules)
        self.rules = _RuleSet(cmp_rules)
        self.generic = generic
        self.max_widget_chars = max_widget_chars
        self.max_page_fraction = max_page_fraction

    def apply(self, tree: html.HtmlElement) -> list[Removal]:
        """Remove chrome from ``tree`` (in place); return what was removed, in document order."""
        root = tree.getroottree().getroot()
        found: list[tuple[html.HtmlElement, str, bool]] = []  # (element, reason, guarded), document order
        source = self.source_rules.match_simple if self.source_rules.has_simple else None
        rules = self.rules.match_simple
        generic = self._generic_reason if self.generic else None
        for el in _with_attrs(root):
            reason = (source and source(el)) or rules(el)
            if reason:
                found.append((el, reason, False))
            elif generic is not None:
                reason = generic(el)
                if reason:
                    found.append((el, reason, True))
        extra = self.source_rules.match_complex(root) + self.rules.match_complex(root)
        if extra:
            order = {el: i for i, el in enumerate(root.iter())}
            found = sorted(found + [(el, reason, False) for el, reason in extra], key=lambda f: order[f[0]])
        return self._remove(root, found) if found else []

    def _generic_reason(self, el: html.HtmlElement) -> str | None:
        if el.tag in _LEAF_TAGS:
            return None
        raw = f"{el.get('id') or ''} {el.get('class') or ''} {el.get('aria-label') or ''}"
        role = el.get("role")
        if not (role or el.get("aria-modal") or _RE_CANDIDATE.search(raw.lower())):
            return None  # the common case: one regex per element
        attrs = _attr_words(raw)
        dialog = role in ("dialog", "alertdialog") or el.get("aria-modal") == "true" \
            or el.tag == "dialog" or bool(_RE_FIXED.search((el.get("style") or "").lower()))
        if _RE_CONSENT.search(attrs) and (dialog or _RE_FLOATING.search(attrs)):
            return "consent:generic"
        modal = dialog or bool(_RE_MODAL.search(attrs))
        login = modal and bool(_RE_LOGIN.search(attrs))
        newsletter = bool(_RE_NEWSLETTER.search(attrs)) and el.tag in _BLOCK_TAGS
        share = bool(_RE_SHARE.search(attrs)) and el.tag not in _INLINE_TAGS
        if not (modal or newsletter or share) or _longer_than(el, self.max_widget_chars):
            return None
        if login or (modal and _HAS_PASSWORD(el)):
            return "modal:login"
        if newsletter:
            return "widget:newsletter"
        return "widget:share" if share else None

    def _remove(self, root: html.HtmlElement,
                found: list[tuple[html.HtmlElement, str, bool]]) -> list[Removal]:
        """Remove matches outermost first; heuristic (guarded) matches spare the article."""
        out: list[Removal] = []
        seen: set[html.HtmlElement] = set()
        body_chars = -1
        for el, reason, guarded in found:
            if el in seen or el.tag in _SKIP_TAGS or not _attached(el, root):
                continue
            seen.add(el)
            if guarded:
                body_chars = max(1, _text_len(root)) if body_chars < 0 else body_chars
                if self._holds_article(el, body_chars):
                    continue
            text = _head_text(el, TEXT_CHARS)
            el.drop_tree()
            if text:  # an empty element takes no text with it: nothing to log
                out.append(Removal(STAGE, reason, text))
        return out

    def _holds_article(self, el: html.HtmlElement, body_chars: int) -> bool:
        if _PROTECTED(el):
            return True
        # on pages with real text, an element with most of it is not chrome (on a near-empty page a
        # long consent notice may well outweigh the article, so no such guard there)
        return body_chars > 1000 and _text_len(el) > self.max_page_fraction * body_chars


class _RuleSet:
    """Selectors compiled for speed: plain ``#id``, ``.class`` and ``[id^=prefix]`` selectors become
    dictionary lookups made in one pass over the elements; other selectors run as CSS (XPath)."""

    _ID = re.compile(r"^#([\w-]+)$")
    _CLASS = re.compile(r"^\.([\w-]+)$")
    _ID_PREFIX = re.compile(r"""^\[id\^=['"]?([\w-]+)['"]?\]$""")

    def __init__(self, rules: Iterable[ChromeRule]):
        self.ids: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self.id_prefixes: list[tuple[str, str]] = []
        self.complex: list[tuple[str, CSSSelector]] = []
        for rule in rules:
            for sel in (x.strip() for x in rule.css.split(",")):
                if m := self._ID.match(sel):
                    self.ids.setdefault(m.group(1), rule.reason)
                elif m := self._CLASS.match(sel):
                    self.classes.setdefault(m.group(1), rule.reason)
                elif m := self._ID_PREFIX.match(sel):
                    self.id_prefixes.append((m.group(1), rule.reason))
                elif sel:
                    self.complex.append((rule.reason, CSSSelector(sel, translator="html")))
        self.has_simple = bool(self.ids or self.classes or self.id_prefixes)

    def match_simple(self, el: html.HtmlElement) -> str | None:
        el_id = el.get("id")
        if el_id:
            reason = self.ids.get(el_id)
            if reason:
                return reason
            for prefix, reason in self.id_prefixes:
                if el_id.startswith(prefix):
                    return reason
        cls = el.get("class")
        if cls:
            for token in cls.split():
                if token in self.classes:
                    return self.classes[token]
        return None

    def match_complex(self, root: html.HtmlElement) -> list[tuple[html.HtmlElement, str]]:
        return [(el, reason) for reason, sel in self.complex for el in sel(root)]


def _attr_words(raw: str) -> str:
    return _RE_CAMEL.sub(r"\1-\2", raw).lower()  # "CookieBanner" -> "cookie-banner"


# the string value of an element: its text nodes concatenated in document order, which are the chunks
# ``el.itertext()`` yields (text and tails of the descendants, not the element's own tail; comments and
# processing instructions are no text nodes and itertext skips them), built in C
_STRING = etree.XPath("string(.)")


def _text_len(el: html.HtmlElement) -> int:
    """``len("".join(el.itertext()).strip())`` (0 for a comment or processing instruction)."""
    return len(_STRING(el).strip()) if isinstance(el.tag, str) else 0


def _head_text(el: html.HtmlElement, limit: int) -> str:
    """``" ".join(" ".join(el.itertext()).split())[:limit]``, reading no more of the element's text than
    that needs: joined with spaces, the chunks split into their own words (no word spans two chunks),
    and once the words taken fill ``limit`` characters the later ones cannot change them."""
    words: list[str] = []
    size = -1  # the length of " ".join(words)
    for chunk in el.itertext():
        for word in chunk.split():
            words.append(word)
            size += len(word) + 1
            if size >= limit:
                return " ".join(words)[:limit]
    return " ".join(words)[:limit]


def _longer_than(el: html.HtmlElement, limit: int) -> bool:
    """Whether the element's text exceeds ``limit`` characters (stops reading as soon as it does)."""
    total = 0
    for chunk in el.itertext():
        total += len(chunk.strip())
        if total > limit:
            return True
    return False


def _attached(el: html.HtmlElement, root: html.HtmlElement) -> bool:
    node = el
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False

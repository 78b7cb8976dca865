# ruff: noqa: E501  (page content: article paragraphs and HTML lines are kept whole)
"""The Northern Ledger (fictional English daily): OneTrust-style consent, sign-in wall, "Related:"
and "READ MORE" inserts, newsletter sign-up, share buttons, Getty/Reuters credits."""

from __future__ import annotations

from kit import Gold, esc, write

SITE = "northern-ledger"


def frame(g: Gold, title: str, article: str, rail: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{esc(title)} | The Northern Ledger</title>
<meta property="og:type" content="article"><meta name="twitter:title" content="{esc(title)}">
</head>
<body>
<div id="onetrust-banner-sdk" class="otFlat">
<div id="onetrust-policy"><h2 id="onetrust-policy-title">{g.d("We value your privacy")}</h2>
<p id="onetrust-policy-text">{g.d("We and our partners use cookies and similar technologies to personalise content and ads, to provide social media features and to analyse our traffic. We also share information about your use of our site with our advertising and analytics partners. You can change your choices at any time by clicking Cookie Settings at the bottom of every page.")}</p></div>
<div id="onetrust-button-group"><button>{g.d("Cookie Settings")}</button><button>{g.d("Reject All")}</button><button>{g.d("Accept All Cookies")}</button></div>
</div>
<header class="masthead">
<a class="logo" href="/">The Northern Ledger</a>
<p class="strap">{g.d("Independent journalism since 1882")}</p>
<nav><ul>{g.dl(["UK", "World", "Politics", "Business", "Defence", "Opinion", "Sport", "Culture"])}</ul></nav>
<div class="user"><a href="/signin">{g.d("Sign in")}</a><a class="cta" href="/subscribe">{g.d("Subscribe")}</a></div>
</header>
<main>
<div class="ad-slot"><span>{g.d("Advertisement")}</span></div>
{article}
<section class="rail">{rail}</section>
</main>
<footer>
<p>{g.d("© 2025 Northern Ledger Media Ltd. All rights reserved.")}</p>
<ul>{g.dl(["Terms & Conditions", "Privacy Notice", "Cookie Policy", "Contact us", "Advertise with us", "Careers"])}</ul>
</footer>
</body></html>
"""


def page_baltic() -> None:
    title = "Dutch jets scrambled twice in a week over the Baltic"
    g = Gold("en", title)
    article = f"""<article>
<h1>{esc(title)}</h1>
<p class="standfirst">{g.k("Two Russian reconnaissance aircraft flew close to Estonian airspace without transponders, prompting NATO to launch its quick reaction alert from Ämari air base.")}</p>
<div class="byline">{g.d("By Martin Hale, Defence Correspondent")}</div>
<div class="dateline">{g.d("Published March 6, 2025 · Updated 14:32 GMT, 7 March 2025")}</div>
<div class="rt">{g.d("4 min read")}</div>
<figure><img src="/i/f35.jpg" alt=""><figcaption>{g.d("Dutch F-35 fighters over the Baltic Sea during a patrol. (Photo: Ministry of Defence)")}</figcaption></figure>
<div class="body">
<p>{g.k("The Royal Netherlands Air Force, which leads the rotation this spring, said its F-35s intercepted an Il-20 on Tuesday and again on Saturday. Both aircraft were escorted until they left the area over the Gulf of Finland.")}</p>
<p>{g.k("Share prices of several European defence companies rose on Monday after the incidents were reported, extending gains made since the start of the year.")}</p>
<p>{g.d("Related: Estonia to double spending on air defence by 2027")}</p>
<p>{g.k("Follow-up talks between Baltic defence ministers are planned for April in Riga, officials said. Latvia is expected to push for a permanent air defence mission rather than the current air policing rotation.")}</p>
<p>{g.k("The hackers who targeted the Estonian parliament last year used stolen session cookies to sign in to officials' email accounts without a password, investigators later found. The same group is suspected of probing air traffic systems in the region.")}</p>
<p>{g.d("READ MORE: The Baltic states' plan to wall off Russia")}</p>
<p>{g.k("A spokesperson for the alliance said the interceptions were routine, noting that NATO jets scrambled more than 300 times last year, most often over the Baltic Sea.")}</p>
<div class="nl-signup">
<h3>{g.d("Sign up to the Morning Briefing")}</h3>
<p>{g.d("The news you need to start your day, delivered to your inbox every weekday.")}</p>
<input type="email" placeholder="Enter your email address"><button>{g.d("Sign up")}</button>
<p class="small">{g.d("By signing up you agree to our Terms of Use and acknowledge our Privacy Notice.")}</p>
</div>
<div class="share"><p>{g.d("Share this article")}</p><ul>{g.dl(["Facebook", "Twitter", "LinkedIn", "WhatsApp", "Email"])}</ul></div>
</div></article>"""
    rail = f"""<h3>{g.d("Most read")}</h3><ol>{g.dl(["Train strike: what it means for your commute", "Inflation falls to lowest level in three years", "Why the Bank of England is in no hurry to cut rates"])}</ol>"""
    write(SITE, "baltic-scramble", frame(g, title, article, rail), g)


def page_newsletter() -> None:
    title = "Ministry newsletter leaked photos of secret submarine base, inquiry finds"
    g = Gold("en", title)
    article = f"""<article>
<h1>{esc(title)}</h1>
<div class="byline">{g.d("By Priya Natarajan")}</div>
<div class="dateline">{g.d("Thursday 16 January 2025 09:12 GMT")}</div>
<div class="body">
<p>{g.k("An internal newsletter sent to 40,000 subscribers included photographs that revealed the layout of a submarine maintenance facility, an official inquiry has found.")}</p>
<p>{g.k("The images were taken during a staff visit and shared with the newsletter's editors, who did not realise that one photo showed security cameras and the entrance to a restricted dock. The inquiry said nobody had checked the pictures before publication.")}</p>
<figure><img src="/i/dock.jpg" alt=""><figcaption>{g.d("The naval base pictured in 2019.")} {g.d("Getty Images")}</figcaption></figure>
<p>{g.k("Readers who subscribe to the bulletin must sign up with a government email address, but the report notes that many former employees still received it after leaving their posts because their accounts had never been closed.")}</p>
<p>{g.k("The report recommends that the ministry delete the accounts of departed staff within a week and review every photo published in internal media. It also calls for training on the use of social media by personnel stationed at sensitive sites.")}</p>
<div class="inline-promo"><p>{g.d("Don't miss a thing. Get our breaking news alerts straight to your phone.")}</p><p>{g.d("Download the app")}</p></div>
<p>{g.k("The minister told MPs that the leak had caused “no lasting damage” but accepted all 14 recommendations. Opposition members said the case showed a culture of complacency about security.")}</p>
<p>{g.k("“If you work at a sensitive site, you should assume anything you photograph could end up in the wrong hands,” the inquiry chair wrote in her foreword.")}</p>
<div class="comments"><p>{g.d("Comments are closed for this article.")}</p></div>
<p class="follow">{g.d("Follow The Northern Ledger on Instagram and Threads")}</p>
</div></article>"""
    rail = f"""<h3>{g.d("More from Defence")}</h3><ul>{g.dl(["Army recruitment target missed for sixth year", "New frigates delayed by welding faults"])}</ul>"""
    write(SITE, "newsletter-leak", frame(g, title, article, rail), g)


def page_paywall() -> None:
    title = "Nordic countries agree joint air command to defend the High North"
    g = Gold("en", title)
    article = f"""<article>
<h1>{esc(title)}</h1>
<div class="byline">{g.d("By Martin Hale in Oslo")}</div>
<div class="dateline">{g.d("Published 24/03/2025 at 18:05")}</div>
<div class="rt">{g.d("Reading time: 3 minutes")}</div>
<div class="body">
<p>{g.k("Air force commanders from Norway, Sweden, Finland and Denmark signed an agreement on Monday to operate their combined fleet of about 250 combat aircraft as a single force.")}</p>
<p>{g.k("The plan, first discussed after Finland and Sweden joined NATO, will allow pilots to use each other's bases and share maintenance crews. A joint operations centre is to be set up in northern Norway.")}</p>
<figure><img src="/i/gripen.jpg"><figcaption>{g.d("A Swedish Gripen lands on a road base during an exercise in 2024. Photograph: Reuters/Tom Little")}</figcaption></figure>
<p>{g.k("Commanders said the arrangement would make it harder for an adversary to knock out air power by striking a handful of airfields. Each country will nonetheless keep national control over its own aircraft in peacetime.")}</p>
<div class="regwall">
<h3>{g.d("Continue reading for free")}</h3>
<p>{g.d("Create a free account or log in to keep reading this article.")}</p>
<p>{g.d("Already have an account? Sign in")}</p>
<p>{g.d("Password must be at least 8 characters and include a number.")}</p>
<button>{g.d("Create account")}</button>
</div>
<p>{g.k("Analysts said the deal was one of the most significant steps in Nordic defence cooperation since the end of the Cold War. Training exercises under the new structure are due to begin in the autumn.")}</p>
<ul class="topics">{g.dl(["NATO", "Norway", "Sweden", "Finland", "Denmark"])}</ul>
</div></article>"""
    rail = f"""<h3>{g.d("Recommended")}</h3><ul>{g.dl(["What Finland's NATO membership means for the Arctic", "Sweden's first year in the alliance"])}</ul>"""
    write(SITE, "nordic-air-command", frame(g, title, article, rail), g)


def build() -> None:
    page_baltic()
    page_newsletter()
    page_paywall()

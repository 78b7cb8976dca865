# ruff: noqa: E501  (page content: article paragraphs and HTML lines are kept whole)
"""Alliance Watch (fictional English think-tank blog, WordPress): cookieconsent.js bar, Mailchimp
form, breadcrumbs, "Estimated reading time", share row, "You may also like"."""

from __future__ import annotations

from kit import Gold, esc, write

SITE = "alliance-watch"


def frame(g: Gold, title: str, article: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="UTF-8"><title>{esc(title)} &#8211; Alliance Watch</title>
<meta name="generator" content="WordPress 6.4"></head>
<body class="post-template-default single">
<header class="site-header"><div class="site-title">Alliance Watch</div>
<div class="site-desc">{g.d("Analysis of transatlantic security")}</div>
<nav class="primary"><ul>{g.dl(["Home", "Analysis", "Reports", "Events", "About", "Donate"])}</ul></nav>
<form class="search"><input type="search" placeholder="Search …"><button>{g.d("Search")}</button></form>
</header>
<div class="container">
<div class="crumbs">{g.d("Home / Analysis / Eastern Flank")}</div>
{article}
<aside class="widget-area">
<div class="widget mc4wp">
<h4>{g.d("Subscribe to our mailing list")}</h4>
<p>{g.d("* indicates required")}</p>
<label>{g.d("Email Address *")}</label><input type="email">
<label>{g.d("First Name")}</label><input type="text">
<input type="submit" value="Subscribe">
</div>
</aside></div>
<footer class="site-footer"><p>{g.d("Alliance Watch is a registered charity in England and Wales.")}</p>
<p>{g.d("Copyright © 2025 Alliance Watch | Powered by WordPress")}</p></footer>
<div class="cc-window cc-banner"><span class="cc-message">{g.d("This website uses cookies to ensure you get the best experience on our website.")} <a class="cc-link">{g.d("Learn more")}</a></span>
<div class="cc-compliance"><a class="cc-btn cc-dismiss">{g.d("Got it!")}</a></div></div>
</body></html>
"""


def page_drones() -> None:
    title = "Drone walls and the limits of static defence on NATO's eastern flank"
    g = Gold("en", title)
    article = f"""<article class="post">
<h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta">{g.d("Posted on 2025-01-21 by Dr. Ana Petrova")}</div>
<p class="rt">{g.d("Estimated reading time: 7 minutes")}</p>
<div class="entry-content">
<p>{g.k("Several frontline states have announced plans to build what they call a drone wall: a belt of sensors, jammers and interceptor drones running from Finland to Poland. The idea is attractive because it promises to stop cheap threats with cheap tools.")}</p>
<p>{g.k("Yet the experience of the war in Ukraine suggests that fixed lines are quickly mapped and bypassed. Every system that stays in one place for months becomes a target, and the software that drives electronic warfare has to be updated every few weeks.")}</p>
<h2>{g.k("What the wall can and cannot do")}</h2>
<p>{g.k("A sensor network would give commanders a shared picture of low-altitude traffic, which today is fragmented between national systems. That alone would be a real gain for air policing in peacetime.")}</p>
<p>{g.k("It would not, however, replace mobile air defence units, which remain in short supply across the alliance. Planners we spoke to estimate that the eastern flank needs at least twice as many short-range systems as it currently fields.")}</p>
<p>{g.k("If you are a planner, the lesson is simple: buy sensors that can move. Static towers are useful for border monitoring, but the bulk of the investment should go to systems that can follow manoeuvre units.")}</p>
<p><a href="/reports/drone-wall.pdf">{g.d("Download the full report (PDF, 2.4 MB)")}</a></p>
<div class="sharedaddy"><h3>{g.d("Share this:")}</h3><ul>{g.dl(["Twitter", "LinkedIn", "Facebook", "Email", "Print"])}</ul></div>
<div class="jp-relatedposts"><h3>{g.d("You may also like")}</h3>
<p>{g.d("Air policing after the Baltic enlargement")}</p>
<p>{g.d("Counting interceptors: a short guide")}</p></div>
<p class="tags">{g.d("Tags: Air defence, Baltic, Drones, Eastern flank")}</p>
</div></article>"""
    write(SITE, "drone-walls", frame(g, title, article), g)


def page_exercise() -> None:
    title = "Steadfast Defender showed NATO can move troops, but not fast enough"
    g = Gold("en", title)
    article = f"""<article class="post">
<h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta">{g.d("Posted on March 3, 2024 by Tom Whitaker")}</div>
<div class="entry-content">
<p>{g.k("The largest NATO exercise in decades ended last month with a series of river crossings in Poland. Around 90,000 troops from all member states took part over five months.")}</p>
<p>{g.k("Convoys crossing Germany were slowed by permit requirements that differ from one state to the next, and rail operators struggled to find enough flat wagons for heavy armour. Some units waited more than a week at border stations.")}</p>
<figure><img src="/uploads/convoy.jpg"><figcaption>{g.d("US Army vehicles at a railhead in Bavaria. Image: U.S. Army / Sgt. Maria Lopez")}</figcaption></figure>
<p>{g.k("Military mobility has been on the alliance agenda since 2017, and the European Union has set aside funds to strengthen bridges and rail lines. Progress is real but uneven, and many projects will not be finished before the end of the decade.")}</p>
<p>{g.k("A senior logistics officer put it bluntly at a conference in Berlin, saying the paperwork still moves slower than the tanks. Digital customs forms, tested during the exercise, cut waiting times by half where they were used.")}</p>
<p>{g.d("Read also: Why military mobility is a money problem")}</p>
<p>{g.k("The next test will come in 2026, when the alliance plans to repeat the exercise with a larger share of reserve units. Governments have until then to harmonise the rules on moving ammunition by road.")}</p>
<div class="sharedaddy"><h3>{g.d("Share this:")}</h3><ul>{g.dl(["Twitter", "LinkedIn", "Facebook", "Email", "Print"])}</ul></div>
<div class="author-follow"><p>{g.d("Follow Tom on X: @twhitaker_aw")}</p></div>
</div></article>"""
    write(SITE, "steadfast-defender", frame(g, title, article), g)


def build() -> None:
    page_drones()
    page_exercise()

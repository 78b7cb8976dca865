"""Text cleaning stages: pure functions and classes over article text (no Scrapy, no pipeline).

    from cleaners import clean, default_stages
    stages = default_stages()            # build once: loads langdetect profiles (~0.4 s)
    result = clean(text, lang="auto", title=title, stages=stages)
    result.text, result.removed, result.lang, result.metadata, result.stats

Stages, in the default order (module ``cleaners.stages.<name>``; reasons in parentheses):

* ``navigation``: ornament lines, button labels, breadcrumbs, tag lines, comment widgets, legal and
  site notices, runs of glued labels (ornament, button_label, breadcrumb, taxonomy, comments_ui,
  site_notice, glued_labels)
* ``consent``: cookie/consent notices and button rows (consent_label/prompt/site_notice/dense, button_row)
* ``account``: sign-up, login, codes, passwords, newsletters, paywalls (account_label/prompt/...)
* ``social``: follow/share prompts and share bars (follow_prompt, share_bar)
* ``reading_time``: reading-time, word-count and media-duration widgets
* ``date_widget``: date/update lines -> metadata ``date``/``updated`` (ISO); relative times
* ``byline``: bylines -> metadata ``author``; newsroom and agency credits (byline, newsroom_credit)
* ``caption``: photo credits and captions; a credit ending a long paragraph is trimmed
* ``read_also``: "Lire aussi" / "Related" teasers and the headlines listed under them
* ``duplicate``: repeated blocks, long repeated paragraphs, the repeated title
* ``off_language``: isolated French/English paragraph in a document of the other language
* ``boilerplate_region``: short or reader-addressed lines next to removed interface text at the head
  or tail of the document (context, after jusText)

Stats keys: ``clean/paragraphs``, ``clean/kept``, ``clean/dropped/<stage>``, ``clean/trimmed/<stage>``,
``clean/why/<stage>/<reason>``, ``clean/lang/<lang|unknown>`` (when detected).
"""

from cleaners.base import Removal, Stage, TextDoc
from cleaners.pipeline import CleanResult, clean, default_stages

__all__ = ["CleanResult", "Removal", "Stage", "TextDoc", "clean", "default_stages"]

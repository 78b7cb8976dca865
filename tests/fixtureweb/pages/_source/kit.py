"""Helpers to write the fixture pages: every text that lands in the HTML goes through ``keep`` (article
prose) or ``drop`` (boilerplate), so the gold lists are exactly what the page shows."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

PAGES = Path(__file__).resolve().parents[1]


@dataclass
class Gold:
    lang: str
    title: str
    keep: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)

    def k(self, text: str) -> str:
        """Article text: recorded in ``keep``, returned HTML-escaped."""
        self.keep.append(text)
        return html.escape(text, quote=False)

    def d(self, text: str) -> str:
        """Boilerplate text: recorded in ``drop``, returned HTML-escaped."""
        self.drop.append(text)
        return html.escape(text, quote=False)

    def dl(self, items: list[str], tag: str = "li", attrs: str = "") -> str:
        """A list of boilerplate items (menus, share bars), each wrapped in ``tag``."""
        return "".join(f'<{tag}{attrs}><a href="#">{self.d(i)}</a></{tag}>' for i in items)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def write(site: str, name: str, page_html: str, gold: Gold) -> None:
    folder = PAGES / site
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.html").write_text(page_html, encoding="utf-8")
    data = {"lang": gold.lang, "title": gold.title, "keep": gold.keep, "drop": sorted(set(gold.drop))}
    (folder / f"{name}.gold.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )

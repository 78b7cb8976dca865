"""Score an HTML-to-text function on the fixture pages (tests/fixtureweb/pages/<site>/<name>.html with
<name>.gold.json: ``keep`` article paragraphs, ``drop`` boilerplate strings, ``lang``, ``title``).

Metrics, folding white space (NBSP included) like /work/shared/tools/score_seeds.py:
* keep: a gold paragraph counts when it is an output paragraph exactly once (the title may appear
  once too, like in score_seeds.py, and is neither kept nor left);
* drop left: a boilerplate string counts as left when it is an output paragraph, or occurs inside an
  output paragraph that is not article text (so short labels merged into one line are still seen).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "fixtureweb" / "pages"
SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def seed_lines() -> list[str]:
    """The non-empty lines (stripped) of the shared seed texts, in file-name order; [] without them."""
    lines: list[str] = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def paragraphs(text: str) -> list[str]:
    return [norm(p) for p in text.splitlines() if norm(p)]


@dataclass(frozen=True)
class FixturePage:
    site: str
    name: str
    html: str
    gold: dict

    @property
    def id(self) -> str:
        return f"{self.site}/{self.name}"


@dataclass
class PageScore:
    page: str
    keep_found: int
    keep_total: int
    drop_left: list[str] = field(default_factory=list)
    drop_total: int = 0
    missing: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)


def load_pages(folder: Path = PAGES_DIR) -> list[FixturePage]:
    pages = []
    for gold_path in sorted(folder.glob("*/*.gold.json")):
        html_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".html"))
        pages.append(FixturePage(gold_path.parent.name, html_path.stem, html_path.read_text(encoding="utf-8"),
                                 json.loads(gold_path.read_text(encoding="utf-8"))))
    return pages


def score_text(page_id: str, gold: dict, output: str) -> PageScore:
    paras = paragraphs(output)
    counts: dict[str, int] = {}
    for p in paras:
        counts[p] = counts.get(p, 0) + 1
    keep = [norm(k) for k in gold["keep"]]
    allowed = set(keep) | ({norm(gold["title"])} if gold.get("title") else set())
    junk = [p for p in counts if p not in allowed]
    left = [d for d in gold["drop"] if norm(d) in counts or any(_contains(j, norm(d)) for j in junk)]
    return PageScore(
        page=page_id,
        keep_found=sum(1 for k in keep if counts.get(k, 0) == 1),
        keep_total=len(keep),
        drop_left=left,
        drop_total=len(gold["drop"]),
        missing=[k for k in keep if counts.get(k, 0) == 0],
        repeated=[k for k in keep if counts.get(k, 0) > 1],
    )


def _contains(line: str, part: str) -> bool:
    """``part`` occurs in ``line`` as whole words ("X" in "X (ex-Twitter)", not in "Xavier")."""
    return re.search(rf"(?<!\w){re.escape(part)}(?!\w)", line) is not None


def score(extract: Callable[[str], str], html: str, gold: dict, page_id: str = "") -> PageScore:
    """Run ``extract`` (HTML -> text, paragraphs one per line) on ``html`` and score it against ``gold``."""
    return score_text(page_id, gold, extract(html))


def score_page(extract: Callable[[str], str], page: FixturePage) -> PageScore:
    return score(extract, page.html, page.gold, page.id)


@dataclass(frozen=True)
class Totals:
    keep_rate: float  # share of gold paragraphs found exactly once
    drop_left_rate: float  # share of boilerplate strings left

    @classmethod
    def of(cls, scores: list[PageScore]) -> Totals:
        kept = sum(s.keep_found for s in scores)
        keep_total = sum(s.keep_total for s in scores)
        left = sum(len(s.drop_left) for s in scores)
        drop_total = sum(s.drop_total for s in scores)
        return cls(kept / keep_total if keep_total else 1.0, left / drop_total if drop_total else 0.0)


def report(scores: list[PageScore]) -> str:
    lines = []
    for s in scores:
        lines.append(f"{s.page}: keep {s.keep_found}/{s.keep_total} "
                     f"drop left {len(s.drop_left)}/{s.drop_total}")
        lines += [f"    missing: {m[:100]}" for m in s.missing]
        lines += [f"    twice:   {m[:100]}" for m in s.repeated]
        lines += [f"    left:    {d[:100]}" for d in s.drop_left]
    t = Totals.of(scores)
    lines.append(f"total: keep {t.keep_rate:.1%}, boilerplate left {t.drop_left_rate:.1%}")
    return "\n".join(lines)

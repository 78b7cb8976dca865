"""Extraction quality on the article-extraction benchmark (181 real pages, MIT): ONE table, one run.

Rows: our full pipeline ``corpus.extract`` (decoding + DOM chrome stage + extractor + text cleaners)
with the default extractor and with the other one; the ensemble stage alone (``corpus.ensemble``);
trafilatura default and ``favor_precision``; readability-lxml (+ html_text when installed, else lxml's
text_content); resiliparse main_content (a row says why when it cannot run).
Metric: the benchmark's own (4-word shingles, F1 of document-averaged precision and recall), imported
from shared/tools/score_extraction.py. docs/s: pages per CPU-second of each extractor, one process;
the rows take turns page by page so a change of machine load hits them all alike (one untimed
warm-up call each). Our pipeline gets the raw bytes and decodes them itself (timed); the others get
the page decoded once by trafilatura's decoder (not timed).

``--split`` adds rows for the tuning and held-out halves (a page is in the tuning half when the first
byte of sha256(file name) is even; the ensemble's thresholds were tuned on that half only).

Usage: .venv/bin/python bench/extract_quality.py [--limit N] [--shared ../shared] [--save DIR] [--split]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
FETCHED_AT = "2024-05-01T00:00:00Z"  # fixed: htmldate's max_date must not be the wall clock


@dataclass(frozen=True)
class Page:
    key: str
    url: str
    raw: bytes  # the page as served
    html: str  # decoded once by trafilatura's decoder, for the third-party rows
    gold: str


Run = Callable[[Page], str]


@dataclass
class Ours:
    """Our pipeline with one extractor setting; one Extractor for all pages, as extract_warc does."""

    extractor: str
    reasons: Counter[str] = field(default_factory=Counter)  # outcome reasons other than "ok"
    stats: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        from corpus.extract import ExtractOptions, Extractor

        # min_chars=0: score every page (the benchmark has no non-article pages)
        self._ex = Extractor(ExtractOptions(min_chars=0, extractor=self.extractor))

    def __call__(self, page: Page) -> str:
        outcome = self._ex.extract(page.raw, page.url, fetched_at=FETCHED_AT)
        self.stats.update(k for k in outcome.stats.elements() if k.startswith("ensemble/"))
        if outcome.doc is None:
            self.reasons[outcome.reason] += 1
            return ""
        return outcome.doc.text


def ensemble_alone(page: Page) -> str:
    from corpus.ensemble import extract

    return extract(page.html, url=page.url, max_date=FETCHED_AT[:10]).text


def trafilatura_with(**kwargs: bool) -> Run:
    import trafilatura

    def run(page: Page) -> str:
        return trafilatura.extract(page.html, url=page.url, deduplicate=False, **kwargs) or ""

    return run


def readability_text(page: Page) -> str:
    from readability import Document

    summary = Document(page.html, url=page.url).summary(html_partial=True)
    try:
        import html_text
    except ImportError:
        import lxml.html

        return lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    return html_text.extract_text(summary, guess_layout=True)


def resiliparse_text(page: Page) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(page.html, main_content=True)


def rows(default: str) -> dict[str, Run | str]:
    """Row name -> extractor, or -> the reason it cannot run here. The first row is ours (default)."""
    other = "trafilatura" if default == "ensemble" else "ensemble"
    text_tool = "html_text" if importlib.util.find_spec("html_text") else "lxml text_content"
    out: dict[str, Run | str] = {
        f"ours: full pipeline, extractor={default} (default)": Ours(default),
        f"ours: full pipeline, extractor={other}": Ours(other),
        "ensemble stage alone": ensemble_alone,
        "trafilatura default": trafilatura_with(),
        "trafilatura favor_precision": trafilatura_with(favor_precision=True),
    }
    for name, probe, run in ((f"readability-lxml + {text_tool}", "readability", readability_text),
                             ("resiliparse main_content", "resiliparse.extract.html2text", resiliparse_text)):
        try:
            importlib.import_module(probe)
            out[name] = run
        except ImportError as exc:
            out[name] = f"not installed: {exc}"
    return out


def split_of(key: str) -> str:
    return "tuning" if hashlib.sha256(f"{key}.html.gz".encode()).digest()[0] % 2 == 0 else "held-out"


def load_scorer(shared: Path) -> ModuleType:
    path = shared / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if spec is None or spec.loader is None or not path.exists():
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(shared: Path, limit: int | None) -> list[Page]:
    from trafilatura.utils import decode_file

    bench = shared / "benchmarks" / "article-extraction"
    gold = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(gold)[:limit] if limit else sorted(gold)
    pages = []
    for key in keys:
        raw = gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes())
        pages.append(Page(key, gold[key].get("url", ""), raw, decode_file(raw), gold[key]["articleBody"]))
    return pages


def run_all(runs: dict[str, Run], pages: list[Page]) -> dict[str, tuple[dict[str, str], float]]:
    """Per row: predictions and docs per CPU-second (rows interleaved page by page)."""
    for run in runs.values():
        run(pages[0])
    for run in runs.values():
        if isinstance(run, Ours):
            run.reasons.clear()
            run.stats.clear()
    preds: dict[str, dict[str, str]] = {name: {} for name in runs}
    seconds = dict.fromkeys(runs, 0.0)
    for page in pages:
        for name, run in runs.items():
            start = time.process_time()  # CPU time: steadier than wall time on a shared machine
            preds[name][page.key] = run(page)
            seconds[name] += time.process_time() - start
    return {name: (preds[name], len(pages) / max(seconds[name], 1e-9)) for name in runs}


def scores(scorer: ModuleType, pages: list[Page], preds: dict[str, str]) -> tuple[float, float, float]:
    return scorer.prf([scorer.tp_fp_fn(p.gold, preds.get(p.key, "")) for p in pages])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (sorted by id)")
    ap.add_argument("--save", type=Path, default=None, help="write each row's predictions JSON here")
    ap.add_argument("--split", action="store_true", help="also score the tuning and held-out halves")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from corpus.extract import ExtractOptions

    scorer = load_scorer(a.shared)
    pages = load_pages(a.shared, a.limit)
    table = rows(ExtractOptions().extractor)
    results = run_all({n: r for n, r in table.items() if not isinstance(r, str)}, pages)
    halves = {h: [p for p in pages if split_of(p.key) == h] for h in ("tuning", "held-out")}
    print(f"{'extractor':52} {'F1':>6} {'prec':>6} {'recall':>6} {'docs/CPU-s':>10}   ({len(pages)} pages)")
    for name, run in table.items():
        if isinstance(run, str):
            print(f"{name:52} {run}")
            continue
        preds, speed = results[name]
        f1, p, r = scores(scorer, pages, preds)
        print(f"{name:52} {f1:6.3f} {p:6.3f} {r:6.3f} {speed:10.1f}")
        if a.split and (isinstance(run, Ours) or name == "trafilatura default"):
            for half, subset in halves.items():
                f1, p, r = scores(scorer, subset, preds)
                print(f"{'  / ' + half + f' ({len(subset)} pages)':52} {f1:6.3f} {p:6.3f} {r:6.3f}")
        if a.save:
            a.save.mkdir(parents=True, exist_ok=True)
            safe = "".join(c if c.isalnum() else "_" for c in name)
            (a.save / f"{safe}.json").write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    base = results["trafilatura default"][1]
    for name, run in table.items():
        if isinstance(run, Ours):
            print(f"\n{name}: speed {results[name][1] / base:.2f}x trafilatura default")
            if run.reasons:
                print(f"  no document for: {dict(sorted(run.reasons.items()))} (scored as empty text)")
            if run.stats:
                counts = sorted(run.stats.items())
                print("  ensemble blocks:", ", ".join(f"{k.split('/', 1)[1]} {n}" for k, n in counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())

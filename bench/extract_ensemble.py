"""Compare the ensemble extraction stage with single extractors on the article-extraction benchmark.

Prints ONE table: F1 / precision / recall (the benchmark's own metric, imported from
shared/tools/score_extraction.py) and docs/s, for the ensemble, trafilatura (default and
favor_precision, plus include_comments=False), readability-lxml (+ html_text when installed, else
lxml's text_content) and resiliparse (a row says why when it is not installed);
then the ensemble and trafilatura default on the tuning and held-out halves (a page is in the
tuning half when the first byte of sha256(file name) is even; thresholds were tuned on it only).

Usage: .venv/bin/python bench/extract_ensemble.py [--limit N] [--shared ../shared]
Pages are decoded once with trafilatura's decoder (same str for every extractor); decoding is not
timed. docs/s is wall time in one process; the extractors take turns page by page so that load
from other processes affects all of them alike.
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
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
Extractor = Callable[[str, str], str]


@dataclass
class Page:
    key: str
    url: str
    html: str
    gold: str


def split_of(key: str) -> str:
    return "tuning" if hashlib.sha256(f"{key}.html.gz".encode()).digest()[0] % 2 == 0 else "held-out"


def load_scorer(shared: Path) -> ModuleType:
    path = shared / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
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
        pages.append(Page(key, gold[key]["url"], decode_file(raw), gold[key]["articleBody"]))
    return pages


OUR_STATS: Counter[str] = Counter()  # decision codes summed over the run, printed under the table


def ours(html: str, url: str) -> str:
    from corpus.ensemble import extract

    result = extract(html, url=url)
    OUR_STATS.update(result.stats())
    return result.text


def trafilatura_with(**kwargs: bool) -> Extractor:
    import trafilatura

    def run(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url, deduplicate=False, **kwargs) or ""

    return run


def _text_tool() -> str:
    return "html_text" if importlib.util.find_spec("html_text") else "lxml text_content"


def readability_text(html: str, url: str) -> str:
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    try:
        import html_text
    except ImportError:
        import lxml.html

        return lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    return html_text.extract_text(summary, guess_layout=True)


def resiliparse_text(html: str, url: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True)


def extractors() -> dict[str, Extractor | str]:
    """Name -> extractor, or -> the reason it cannot run here."""
    rows: dict[str, Extractor | str] = {
        "ensemble (ours)": ours,
        "trafilatura default": trafilatura_with(),
        "trafilatura favor_precision": trafilatura_with(favor_precision=True),
        "trafilatura include_comments=False": trafilatura_with(include_comments=False),
    }
    for name, probe, run in (
        (f"readability-lxml + {_text_tool()}", "readability", readability_text),
        ("resiliparse main_content", "resiliparse.extract.html2text", resiliparse_text),
    ):
        try:
            importlib.import_module(probe)
            rows[name] = run
        except ImportError as exc:
            rows[name] = f"not installed: {exc}"
    return rows


def run_all(runs: dict[str, Extractor], pages: list[Page]) -> dict[str, tuple[dict[str, str], float]]:
    """Per extractor: predictions and docs/s. Extractors take turns page by page, so a change of
    machine load during the run hits them all alike; one untimed warm-up call each."""
    for run in runs.values():
        run(pages[0].html, pages[0].url)
    OUR_STATS.clear()
    preds: dict[str, dict[str, str]] = {name: {} for name in runs}
    seconds = dict.fromkeys(runs, 0.0)
    for page in pages:
        for name, run in runs.items():
            start = time.perf_counter()
            preds[name][page.key] = run(page.html, page.url)
            seconds[name] += time.perf_counter() - start
    return {name: (preds[name], len(pages) / seconds[name]) for name in runs}


def scores(scorer: ModuleType, pages: list[Page], preds: dict[str, str]) -> tuple[float, float, float]:
    return scorer.prf([scorer.tp_fp_fn(p.gold, preds.get(p.key, "")) for p in pages])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, help="only the first N pages (sorted by id)")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="shared/ directory")
    args = ap.parse_args()
    scorer = load_scorer(args.shared)
    pages = load_pages(args.shared, args.limit)
    halves = {h: [p for p in pages if split_of(p.key) == h] for h in ("tuning", "held-out")}
    print(f"{'extractor':46} {'F1':>6} {'prec':>6} {'recall':>6} {'docs/s':>7}   ({len(pages)} pages)")
    rows = extractors()
    results = run_all({name: run for name, run in rows.items() if not isinstance(run, str)}, pages)
    for name, run in rows.items():
        if isinstance(run, str):
            print(f"{name:46} {run}")
            continue
        preds, speed = results[name]
        f1, p, r = scores(scorer, pages, preds)
        print(f"{name:46} {f1:6.3f} {p:6.3f} {r:6.3f} {speed:7.1f}")
        if name in ("ensemble (ours)", "trafilatura default"):
            for half, subset in halves.items():
                f1, p, r = scores(scorer, subset, preds)
                print(f"{'  ' + name + ' / ' + half + f' ({len(subset)})':46} {f1:6.3f} {p:6.3f} {r:6.3f}")
    ratio = results["ensemble (ours)"][1] / results["trafilatura default"][1]
    print(f"\nensemble speed / trafilatura default speed: {ratio:.2f}")
    counts = sorted(OUR_STATS.items())
    print("ensemble blocks:", ", ".join(f"{key.split('/', 1)[1]} {n}" for key, n in counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())

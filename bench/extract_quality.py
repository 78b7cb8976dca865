"""Extraction quality on the article-extraction benchmark (181 real pages, MIT), all rows in one run.

Rows: trafilatura alone (default ``trafilatura.extract``) and our ``corpus.extract.extract_html``
(decoding + DOM chrome stage + trafilatura + text cleaners). Metric: the benchmark's own (4-word
shingles, F1 of document-averaged precision and recall), imported from shared/tools/score_extraction.py.
docs/s is per CPU-second of the extractor only (pages are read and gunzipped beforehand), one process.

Add a row: write ``def my_row(page: Page) -> str`` and append ``Row("name", my_row)`` to ROWS
(readability-lxml / resiliparse rows go here for issue 8).

Usage: .venv/bin/python bench/extract_quality.py [--limit N] [--shared ../shared] [--save DIR]
Done-when: ours has F1 >= trafilatura's and a higher precision, in the same run.
"""

from __future__ import annotations

import argparse
import gzip
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


@dataclass(frozen=True)
class Page:
    key: str
    url: str
    raw: bytes  # the page as served (bytes: each row decodes it its own way)
    gold: str


@dataclass(frozen=True)
class Row:
    name: str
    run: Callable[[Page], str]


def trafilatura_default(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.raw, url=page.url) or ""


def ours(page: Page) -> str:
    outcome = _OURS.extract(page.raw, page.url)
    _OURS_REASONS[page.key] = outcome.reason
    return outcome.doc.text if outcome.doc else ""


def _ours_extractor():
    from corpus.extract import ExtractOptions, Extractor

    # min_chars=0: score every page (the benchmark has no non-article pages). One Extractor for all
    # pages, as extract_warc does: the cleaners' language profiles load once.
    return Extractor(ExtractOptions(min_chars=0))


_OURS = None
_OURS_REASONS: dict[str, str] = {}  # page -> outcome reason of ours (a page without a document scores "")
def trafilatura_fast(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.raw, url=page.url, fast=True) or ""


# the first two rows are the done-when comparison; add rows after them
ROWS: list[Row] = [Row("trafilatura (default)", trafilatura_default), Row("ours: extract_html", ours),
                   Row("trafilatura (fast)", trafilatura_fast)]


def load_scorer(shared: Path) -> ModuleType:
    path = shared / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    if spec is None or spec.loader is None or not path.exists():
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(shared: Path, limit: int | None) -> list[Page]:
    bench = shared / "benchmarks" / "article-extraction"
    gold = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(gold)[:limit] if limit else sorted(gold)
    return [Page(k, gold[k].get("url", ""), gzip.decompress((bench / "html" / f"{k}.html.gz").read_bytes()),
                 gold[k]["articleBody"]) for k in keys]


def score_row(row: Row, pages: list[Page], scorer: ModuleType) -> dict[str, float]:
    row.run(pages[0])  # warm-up: imports and lazy models are not timed
    t0 = time.process_time()  # CPU time: steadier than wall time on a shared machine
    preds = {p.key: row.run(p) for p in pages}
    elapsed = time.process_time() - t0
    f1, prec, rec = scorer.prf([scorer.tp_fp_fn(p.gold, preds[p.key]) for p in pages])
    return {"f1": f1, "precision": prec, "recall": rec, "docs_per_s": len(pages) / elapsed,
            "preds": preds}


def main(argv: list[str] | None = None) -> int:
    global _OURS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (sorted by id)")
    ap.add_argument("--save", type=Path, default=None, help="write each row's predictions JSON here")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))
    _OURS = _ours_extractor()
    scorer = load_scorer(a.shared)
    pages = load_pages(a.shared, a.limit)
    results = {}
    print(f"{'extractor':<26} {'F1':>6} {'prec':>6} {'recall':>6} {'docs/CPU-s':>7}   ({len(pages)} pages)")
    for row in ROWS:
        r = results[row.name] = score_row(row, pages, scorer)
        print(f"{row.name:<26} {r['f1']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f}"
              f" {r['docs_per_s']:7.1f}", flush=True)
        if a.save:
            a.save.mkdir(parents=True, exist_ok=True)
            name = "".join(c if c.isalnum() else "_" for c in row.name)
            (a.save / f"{name}.json").write_text(json.dumps(r["preds"], ensure_ascii=False), encoding="utf-8")
    skipped = Counter(r for r in _OURS_REASONS.values() if r != "ok")
    if skipped:
        print(f"ours returned no document for: {dict(sorted(skipped.items()))} (scored as empty text)")
    base, mine = results[ROWS[0].name], results[ROWS[1].name]
    ok = mine["f1"] >= base["f1"] and mine["precision"] > base["precision"]
    print(f"done-when (ours F1 >= trafilatura F1 and higher precision): {'MET' if ok else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Output parity of the extraction path between two checkouts of this repository.

Dumps, for a fixed set of inputs, everything extraction produces: per page the outcome reason and
stats, the arguments :func:`cleaners.clean` receives (the extracted text, language, title), the
extractor's :class:`~corpus.extraction.engines.Extracted` (text, title, date, author, sitename,
metadata sources, removals, stats) and the final :class:`~corpus.document.Document`; per WARC file
the reader's and extractor's counts. Inputs: the 181 real pages of the article-extraction benchmark
(through a WARC with each extractor setting, and as raw bytes with ``min_chars=0``), the fixture
pages of ``tests/fixtureweb/pages``, 300 synthetic build pages (``bench/build.py``) and the broken
WARCs of ``tests/data``.

Usage:
  .venv/bin/python bench/extract_parity.py --against /tmp/base   # dump both checkouts, diff
  PYTHONPATH=CHECKOUT .venv/bin/python bench/extract_parity.py --dump OUT.jsonl
  .venv/bin/python bench/extract_parity.py --diff A.jsonl B.jsonl

``--against`` runs this script twice in subprocesses (``PYTHONPATH`` = the other checkout, then this
one) on the same inputs and prints the number of differing records (0 = same output) and the first
differences, field by field.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FETCHED_AT = "2024-05-01T00:00:00Z"


class Recorder:
    """Hooks into ``corpus.extract`` that record what one page's extraction produced."""

    def __init__(self) -> None:
        self.current: dict[str, Any] = {}

    def install(self) -> None:
        import corpus.extract as ce

        real_clean, real_main = ce.clean, ce.Extractor._main_text
        rec = self

        def clean(text: str, **kw: Any) -> Any:  # the stages and the page's token memo are no input
            rec.current.setdefault("clean_calls", []).append(
                {"text": text, **{k: v for k, v in kw.items() if k not in ("stages", "tokens")}})
            return real_clean(text, **kw)

        def main_text(self: Any, *args: Any, **kw: Any) -> Any:
            out = real_main(self, *args, **kw)
            rec.current.setdefault("extracted", []).append(dataclasses.asdict(out))
            return out

        ce.clean = clean
        ce.Extractor._main_text = main_text

    def take(self) -> dict[str, Any]:
        out, self.current = self.current, {}
        return out


def _outcome_record(rec: Recorder, key: str, outcome: Any) -> dict[str, Any]:
    return {"key": key, "reason": outcome.reason, "stats": dict(sorted(outcome.stats.items())),
            "doc": outcome.doc.to_dict() if outcome.doc else None, **rec.take()}


def _warc_records(rec: Recorder, label: str, path: Path, options: Any) -> list[dict[str, Any]]:
    from corpus.extract import extract_warc

    out = []
    stats: Counter[str] = Counter()
    for doc in extract_warc(path, options, stats):
        out.append({"key": f"{label}:{doc.warc_offset}", "doc": doc.to_dict(), **rec.take()})
    out.append({"key": f"{label}:stats", "stats": dict(sorted(stats.items())), **rec.take()})
    return out


def _benchmark_pages(shared: Path) -> list[tuple[str, str, bytes]]:
    import gzip

    bench = shared / "benchmarks" / "article-extraction"
    gold = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    return [(key, gold[key].get("url") or f"https://example.test/{key}",
             gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes())) for key in sorted(gold)]


def dump(out_path: Path, shared: Path, synthetic: int) -> int:
    sys.path.insert(0, str(REPO / "bench"))
    import build
    from extract import make_warc

    import corpus
    from corpus.extract import ExtractOptions, Extractor
    from tests.scoring import load_pages

    print(f"code under test: {Path(corpus.__file__).parent.parent}", file=sys.stderr)
    rec = Recorder()
    rec.install()
    records: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        bench_warc = Path(tmp) / "bench.warc.gz"
        make_warc(bench_warc, shared, 181)
        settings = {"ensemble": ExtractOptions(),
                    "trafilatura": ExtractOptions(extractor="trafilatura"),
                    "trafilatura-slow-notables": ExtractOptions(extractor="trafilatura", fast=False,
                                                                include_tables=False)}
        for label, options in settings.items():
            records += _warc_records(rec, f"bench-warc/{label}", bench_warc, options)
        synth = build.generate(Path(tmp) / "synthetic", synthetic, 1)
        for path in synth:
            records += _warc_records(rec, f"synthetic/{path.name}", path, ExtractOptions())
        for path in sorted((REPO / "tests" / "data").glob("*.warc*")):
            records += _warc_records(rec, f"broken/{path.name}", path, ExtractOptions(min_chars=0))
    pages = _benchmark_pages(shared)
    fixtures = load_pages()
    for name in ("ensemble", "trafilatura"):
        ex = Extractor(ExtractOptions(min_chars=0, extractor=name))
        for key, url, raw in pages:
            records.append(_outcome_record(rec, f"bench-raw/{name}/{key}",
                                           ex.extract(raw, url, fetched_at=FETCHED_AT)))
        for page in fixtures:
            url = f"https://{page.site}.test/{page.name}.html"
            records.append(_outcome_record(rec, f"fixture/{name}/{page.id}", ex.extract(page.html, url)))
    with open(out_path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    return len(records)


def _load(path: Path) -> dict[str, dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return {r["key"]: r for r in map(json.loads, fh)}


def _field_diffs(a: Any, b: Any, prefix: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += _field_diffs(a.get(k, "<missing>"), b.get(k, "<missing>"), f"{prefix}/{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        pairs = enumerate(zip(a, b, strict=True))
        return [d for i, (x, y) in pairs for d in _field_diffs(x, y, f"{prefix}[{i}]")]
    return [] if a == b else [f"{prefix}: {str(a)[:150]!r} != {str(b)[:150]!r}"]


def diff(a_path: Path, b_path: Path, show: int = 10) -> int:
    a, b = _load(a_path), _load(b_path)
    differing = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    docs = sum(1 for k in differing if (a.get(k) or {}).get("doc") != (b.get(k) or {}).get("doc"))
    fields = Counter(re.sub(r"\[\d+\]", "[i]", line.split(":")[0])
                     for k in differing for line in _field_diffs(a.get(k), b.get(k)))
    print(f"records: {len(a)} vs {len(b)}; differing: {len(differing)}; with a differing document: {docs}")
    if fields:
        print(f"differing fields: {dict(sorted(fields.items()))}")
    for key in differing[:show]:
        print(f"- {key}")
        for line in _field_diffs(a.get(key), b.get(key))[:8]:
            print(f"    {line}")
    return len(differing)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--diff", type=Path, nargs=2)
    ap.add_argument("--against", type=Path, help="checkout to compare this one with")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--synthetic", type=int, default=300)
    ap.add_argument("--keep", type=Path, help="with --against: keep the two dumps in this folder")
    a = ap.parse_args(argv)
    if a.dump:
        if not os.environ.get("PYTHONPATH"):  # this checkout (tests/ is not installed)
            sys.path.insert(1, str(REPO))
        print(f"{dump(a.dump, a.shared, a.synthetic)} records -> {a.dump}")
        return 0
    if a.diff:
        return 1 if diff(*a.diff) else 0
    if a.against:
        folder = a.keep or Path(tempfile.mkdtemp())
        folder.mkdir(parents=True, exist_ok=True)
        dumps = []
        for name, checkout in (("baseline", a.against.resolve()), ("new", REPO)):
            out = folder / f"{name}.jsonl"
            env = {**os.environ, "PYTHONPATH": str(checkout)}
            cmd = [sys.executable, str(checkout / "bench" / "extract_parity.py"), "--dump", str(out),
                   "--shared", str(a.shared), "--synthetic", str(a.synthetic)]
            if not (checkout / "bench" / "extract_parity.py").exists():
                cmd[1] = str(Path(__file__).resolve())
            subprocess.run(cmd, env=env, check=True)
            dumps.append(out)
        return 1 if diff(*dumps) else 0
    ap.error("one of --dump, --diff, --against")
    return 2


if __name__ == "__main__":
    sys.exit(main())

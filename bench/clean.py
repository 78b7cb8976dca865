"""Cost and output parity of the text cleaners (``cleaners.clean``), on fixed inputs.

    .venv/bin/python bench/clean.py                          # ms/doc (CPU) per corpus, this checkout
    .venv/bin/python bench/clean.py --base /tmp/base         # + the same for another checkout, same run
    .venv/bin/python bench/clean.py --parity --base /tmp/base  # diff every result, baseline vs this one
    .venv/bin/python bench/clean.py --same-process --base /tmp/base --rounds 3  # A/B input by input

The inputs are the texts that reach ``clean()`` (text, lang, title), collected once into a JSON-lines
file (``--inputs``, rebuilt with ``--recollect``) so that both checkouts clean exactly the same texts:

* ``real-ensemble`` / ``real-trafilatura``: the 181 pages of the article-extraction benchmark
  (/work/shared/benchmarks/article-extraction, MIT) through ``corpus.extract`` with each extractor;
* ``synthetic``: 300 pages of bench/build.py's generator (seed 0) through ``extract_warc``;
* ``seeds``: /work/shared/seeds/*.txt; ``gold``: the benchmark's article bodies (one paragraph per line);
* ``fixtures``: tests/fixtureweb/pages through ``corpus.extract`` with each extractor;
  ``fixtures-leaky``: the same pages' every text block (tests/test_fixture_pages.py's ``leaky``).

Each checkout runs in its own child process (``--code DIR`` first on ``sys.path``), builds the default
stages once and cleans every input; timing is ``time.process_time`` around each ``clean()`` call (CPU
time: the machine is shared), best of ``--repeat`` passes per corpus, baseline and new alternating.
``--parity`` compares text, paragraphs, removals (stage, reason, text, in order), lang, confidence,
metadata and stats of every input and prints the number of differing outputs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
BENCH = SHARED / "benchmarks" / "article-extraction"
DEFAULT_INPUTS = Path(tempfile.gettempdir()) / "clean-bench-inputs.jsonl"


# ---------------------------------------------------------------- input collection (this checkout)
def _capturing(sink: list[dict], corpus: str):
    """A stand-in for ``corpus.extract.clean`` that records its arguments, then cleans."""
    import corpus.extract as ce

    real = ce.clean

    def wrapper(text, *, lang="auto", title=None, stages=None, **more):
        # ``more``: arguments that do not change the result (the extractor's ``tokens`` memo)
        sink.append({"corpus": corpus, "text": text, "lang": lang, "title": title})
        return real(text, lang=lang, title=title, stages=stages, **more)

    return real, wrapper


def _through_extract(corpus: str, pages: list[tuple[str, str]], extractor: str) -> list[dict]:
    import corpus.extract as ce

    sink: list[dict] = []
    real, ce.clean = _capturing(sink, corpus)
    try:
        ex = ce.Extractor(ce.ExtractOptions(min_chars=0, extractor=extractor))
        for url, html in pages:
            ex.extract(html, url)
    finally:
        ce.clean = real
    return sink


def _real_pages() -> list[tuple[str, str]]:
    gold = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    return [(gold[k].get("url") or f"https://example.test/{k}",
             gzip.decompress((BENCH / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace"))
            for k in sorted(gold)]


def _fixture_pages() -> list[tuple[str, str]]:
    sys.path.insert(0, str(REPO))
    from tests.scoring import load_pages

    return [(f"https://{p.site}.test/{p.name}.html", p.html) for p in load_pages()]


def _leaky_fixtures() -> list[dict]:
    """The fixture pages behind the worst-case "leaky" extractor of tests/test_fixture_pages.py."""
    sys.path.insert(0, str(REPO))
    from tests.scoring import load_pages
    from tests.test_fixture_pages import leaky

    return [{"corpus": "fixtures-leaky", "text": leaky(p.html), "lang": "auto", "title": None}
            for p in load_pages()]


def _synthetic(n: int) -> list[dict]:
    import corpus.extract as ce

    sys.path.insert(0, str(REPO / "bench"))
    import build

    sink: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        (path,) = build.generate(Path(tmp), n, 1)
        real, ce.clean = _capturing(sink, "synthetic")
        try:
            for _ in ce.extract_warc(path, ce.ExtractOptions(), Counter()):
                pass
        finally:
            ce.clean = real
    return sink


def collect(out: Path, synthetic: int) -> None:
    items: list[dict] = []
    real = _real_pages()
    fixtures = _fixture_pages()
    for extractor in ("ensemble", "trafilatura"):
        items += _through_extract(f"real-{extractor}", real, extractor)
        items += _through_extract("fixtures", fixtures, extractor)
    items += _leaky_fixtures()
    items += _synthetic(synthetic)
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        items.append({"corpus": "seeds", "text": text, "lang": "auto", "title": None})
    gold = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    for k in sorted(gold):
        body = gold[k].get("articleBody") or ""
        items.append({"corpus": "gold", "text": body, "lang": "auto", "title": None})
    with open(out, "w", encoding="utf-8") as fh:
        for i, item in enumerate(items):
            fh.write(json.dumps({"id": i, **item}, ensure_ascii=False) + "\n")
    print(f"collected {len(items)} inputs into {out}: "
          f"{dict(sorted(Counter(it['corpus'] for it in items).items()))}", file=sys.stderr)


def load_inputs(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


# ---------------------------------------------------------------- child: clean the inputs with one checkout
def _result_dict(r) -> dict:
    return {"text": r.text, "paragraphs": r.paragraphs,
            "removed": [[x.stage, x.reason, x.text] for x in r.removed],
            "lang": r.lang, "confidence": r.lang_confidence, "metadata": r.metadata,
            "stats": dict(sorted(r.stats.items()))}


def child(code: Path, inputs: Path, mode: str, repeat: int, out: Path) -> None:
    sys.path.insert(0, str(code))
    from cleaners import clean, default_stages

    items = load_inputs(inputs)
    stages = default_stages()
    if mode == "results":
        with open(out, "w", encoding="utf-8") as fh:
            for it in items:
                r = clean(it["text"], lang=it["lang"], title=it["title"], stages=stages)
                fh.write(json.dumps({"id": it["id"], **_result_dict(r)}, ensure_ascii=False) + "\n")
        return
    best: dict[str, float] = {}
    counts = Counter(it["corpus"] for it in items)
    for _ in range(repeat):
        spent: Counter[str] = Counter()
        for it in items:
            t0 = time.process_time()
            clean(it["text"], lang=it["lang"], title=it["title"], stages=stages)
            spent[it["corpus"]] += time.process_time() - t0
        for name, s in spent.items():
            best[name] = min(best.get(name, float("inf")), s)
    ms = {name: 1000 * best[name] / counts[name] for name in sorted(best)}
    ms["ALL"] = 1000 * sum(best.values()) / sum(counts.values())
    out.write_text(json.dumps({"code": str(code), "ms_per_doc": ms, "docs": dict(counts)}))


def _spawn(code: Path, inputs: Path, mode: str, repeat: int, out: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    args = ["--child", mode, "--code", str(code), "--inputs", str(inputs), "--repeat", str(repeat),
            "--out", str(out)]
    subprocess.run([sys.executable, __file__, *args], check=True, env=env, cwd=tempfile.gettempdir())


# ---------------------------------------------------------------- parent
def timing(codes: list[Path], inputs: Path, repeat: int, rounds: int) -> None:
    table: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):  # alternate checkouts: noise of the shared machine hits both
            for code in codes:
                out = Path(tmp) / "t.json"
                _spawn(code, inputs, "timing", repeat, out)
                got = json.loads(out.read_text())
                row = table.setdefault(str(code), {})
                for name, ms in got["ms_per_doc"].items():
                    row[name] = min(row.get(name, float("inf")), ms)
                docs = got["docs"]
    names = sorted(docs) + ["ALL"]
    print(f"cleaners.clean CPU ms/doc (best of {repeat} passes x {rounds} rounds)")
    print(f"{'checkout':40}" + "".join(f"{n:>18}" for n in names))
    print(f"{'(docs)':40}" + "".join(f"{docs.get(n, sum(docs.values())):>18}" for n in names))
    for code, row in table.items():
        print(f"{code:40}" + "".join(f"{row[n]:>18.2f}" for n in names))


def parity(base: Path, inputs: Path) -> int:
    items = {it["id"]: it for it in load_inputs(inputs)}
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for code in (base, REPO):
            out = Path(tmp) / f"{len(outs)}.jsonl"
            _spawn(code, inputs, "results", 1, out)
            outs.append(load_inputs(out))
    differing: Counter[str] = Counter()
    for a, b in zip(*outs, strict=True):
        if a != b:
            corpus = items[a["id"]]["corpus"]
            differing[corpus] += 1
            keys = sorted(k for k in a if a[k] != b.get(k))
            print(f"DIFF id={a['id']} corpus={corpus} fields={keys}")
    per_corpus = dict(sorted(Counter(i["corpus"] for i in items.values()).items()))
    print(f"parity: {len(items)} inputs {per_corpus}, "
          f"{sum(differing.values())} differing outputs {dict(differing)}")
    return 1 if differing else 0


# ---------------------------------------------------------------- same process: two checkouts side by side
_TOPS = ("cleaners", "corpus", "crawler")


def _load_checkout(code: Path) -> tuple[object, dict]:
    """Import ``cleaners`` of ``code`` under fresh module objects; returns it and its modules (to put
    back in ``sys.modules`` before each call: lazy imports then resolve to the same checkout)."""
    for name in [n for n in sys.modules if n.split(".")[0] in _TOPS]:
        del sys.modules[name]
    sys.path.insert(0, str(code))
    try:
        import cleaners
    finally:
        sys.path.remove(str(code))
    if not Path(cleaners.__file__).resolve().is_relative_to(code):
        raise SystemExit(f"{cleaners.__file__} is not in {code}")
    return cleaners, {n: m for n, m in sys.modules.items() if n.split(".")[0] in _TOPS}


def interleaved(base: Path, inputs: Path, rounds: int) -> int:
    """Both checkouts in this process, each input cleaned by one then the other (the order alternates),
    CPU time per call: load changes on the shared machine hit both alike. Prints ms/doc per corpus,
    the ratio, and how many results differ (the first pass also compares them)."""
    items = load_inputs(inputs)
    sides = []
    for code in (base, REPO):
        cleaners, modules = _load_checkout(code)
        sys.modules.update(modules)
        sides.append((cleaners, cleaners.default_stages(), modules))
    spent = [Counter(), Counter()]
    differing = 0
    for r in range(rounds + 1):  # pass 0: warm-up and parity, not timed
        for i, it in enumerate(items):
            got = []
            for k in ((0, 1) if (i + r) % 2 == 0 else (1, 0)):
                cleaners, stages, modules = sides[k]
                sys.modules.update(modules)
                t0 = time.process_time()
                result = cleaners.clean(it["text"], lang=it["lang"], title=it["title"], stages=stages)
                spent[k][it["corpus"]] += (time.process_time() - t0) if r else 0.0
                got.append(_result_dict(result))
            differing += r == 0 and got[0] != got[1]
    counts = Counter(it["corpus"] for it in items)
    print(f"cleaners.clean CPU ms/doc, same process, {rounds} interleaved passes: {base} vs {REPO}")
    for name in [*sorted(counts), "ALL"]:
        n = counts[name] if name != "ALL" else len(items)
        a, b = ((sum(s.values()) if name == "ALL" else s[name]) * 1000 / n / rounds for s in spent)
        print(f"{name:18} {n:5} docs  base {a:7.3f}  new {b:7.3f}  new/base {b / a:6.3f}")
    print(f"differing outputs: {differing}")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, help="another checkout (e.g. a git worktree) to compare with")
    ap.add_argument("--parity", action="store_true", help="diff every result against --base")
    ap.add_argument("--inputs", type=Path, default=DEFAULT_INPUTS)
    ap.add_argument("--recollect", action="store_true", help="rebuild the inputs file")
    ap.add_argument("--synthetic", type=int, default=300, help="synthetic pages to collect")
    ap.add_argument("--repeat", type=int, default=3, help="passes per child (best kept)")
    ap.add_argument("--rounds", type=int, default=1, help="child processes per checkout, alternating")
    ap.add_argument("--same-process", action="store_true",
                    help="with --base: time both checkouts in one process, input by input (less noise)")
    ap.add_argument("--child", choices=("results", "timing"), help=argparse.SUPPRESS)
    ap.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(a.code, a.inputs, a.child, a.repeat, a.out)
        return 0
    if a.recollect or not a.inputs.exists():
        collect(a.inputs, a.synthetic)
    if a.parity:
        if a.base is None:
            ap.error("--parity needs --base")
        return parity(a.base.resolve(), a.inputs)
    if a.same_process:
        if a.base is None:
            ap.error("--same-process needs --base")
        return interleaved(a.base.resolve(), a.inputs, a.rounds)
    codes = ([a.base.resolve()] if a.base else []) + [REPO]
    timing(codes, a.inputs, a.repeat, a.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Byte parity and CPU of ``corpus build`` against a baseline checkout, on the same inputs, in one run.

    git worktree add --detach /tmp/base-build <commit>          # the code to compare with
    .venv/bin/python bench/build_parity.py --baseline /tmp/base-build --docs 3000
    .venv/bin/python bench/build_parity.py --baseline /tmp/base-build --only test,real --repeat 2

Corpora (generated once under --workdir): ``bench`` (bench/build.py's generated news WARCs), ``test`` (the
test suite's corpus: duplicates, near duplicates, a translation pair), ``real`` (the 181 real pages of
/work/shared/benchmarks/article-extraction, the fixture pages of tests/fixtureweb and the demo site, with
copies under other URLs, one URL fetched twice and a sources file: every corpus stage drops or links
something), ``broken`` (the damaged WARCs of tests/data next to a good one). Each corpus is built by both
checkouts (``--new`` defaults to this one) with each of ``--workers`` (default 1 and 2 workers), each build
in its own child process; the builds alternate (baseline, new, baseline, ...) so load changes hit both.
Printed per build: same snapshot id, number of differing files (every file of the snapshot directory
compared byte for byte), documents, CPU seconds in total and inside ``Extractor.extract`` (a timing wrapper,
nothing stubbed), and the rest per document: the build's own cost, the number this benchmark is about. The
two checkouts must have the same extraction code for the bytes to be comparable.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
PY = sys.executable

CHILD = r"""
import json, sys, time
from pathlib import Path
import corpus.extract as E
from corpus.build import build_snapshot
from corpus.config import load_config
from crawler.sources import load_sources

def main():
    out, workers, sources, *inputs = sys.argv[1:]
    spent = [0.0]
    extract = E.Extractor.extract

    def timed(self, *a, **k):
        t = time.process_time()
        try:
            return extract(self, *a, **k)
        finally:
            spent[0] += time.process_time() - t

    E.Extractor.extract = timed
    src = tuple(load_sources(Path(sources))) if sources != "-" else ()
    config = load_config(None, src).with_runtime(workers=int(workers))
    t = time.process_time()
    r = build_snapshot([Path(p) for p in inputs], Path(out), config)
    print(json.dumps({"id": r.snapshot_id, "path": str(r.path), "docs": r.counts["documents_in"],
                      "cpu": time.process_time() - t, "extract": spent[0]}))

if __name__ == "__main__":
    main()
"""

SOURCES = """
[[source]]
name = "gt"
allowed_domains = ["gt.example"]
start_urls = ["https://gt.example/"]
article_pattern = "/news/"
languages = ["en", "fr", "de"]

[[source]]
name = "atlantic"
allowed_domains = ["atlantic-daily.test"]
start_urls = ["https://atlantic-daily.test/"]
article_pattern = "/(en|fr)/news/"
languages = ["en", "fr"]
"""


def _write_warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, (url, body, date) in enumerate(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{path.name}|{url}|{i}")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:{rid}>", "WARC-Date": date}))


def _real_pages(out: Path) -> None:
    html = sorted((SHARED / "benchmarks" / "article-extraction" / "html").glob("*.html.gz"))
    date = "2024-03-01T10:00:00Z"
    gt = [(f"https://gt.example/news/{p.name[:-8]}", gzip.open(p).read(), date) for p in html]
    copies = [(u.replace("/news/", "/copy/"), b, d) for u, b, d in gt[:12]]  # exact copies, not articles
    refetch = [(gt[3][0], gt[3][1], "2024-05-01T10:00:00Z")] if len(gt) > 3 else []
    fixtures = sorted((REPO / "tests" / "fixtureweb" / "pages").glob("*/*.html"))
    demo_root = REPO / "corpus" / "demo" / "site"
    pages = [(f"https://{p.parent.name}.example/news/2024/{p.stem}", p.read_bytes(), "2024-02-01T10:00:00Z")
             for p in fixtures]
    for p in sorted(demo_root.rglob("*.html")):
        site, *rest = p.relative_to(demo_root).parts
        body = p.read_bytes().replace(b"{{BASE}}", b"https://x.test")
        pages.append((f"https://{site}.test/" + "/".join(rest), body, "2024-02-02T10:00:00Z"))
    out.mkdir(parents=True)
    _write_warc(out / "a-gt1.warc.gz", gt[:90])
    _write_warc(out / "b-gt2.warc.gz", gt[90:] + copies + refetch)
    _write_warc(out / "c-fixtures.warc.gz", pages)


def make_corpora(work: Path, docs: int, files: int) -> dict[str, tuple[list[Path], str]]:
    """name -> (inputs, sources file or "-"); each corpus generated once per workdir (into a temporary
    directory renamed when complete, so an interrupted run never leaves half a corpus)."""
    sys.path.insert(0, str(REPO))
    from bench.build import generate
    from tests.warcgen import write_corpus

    def broken(d: Path) -> None:
        d.mkdir()
        for f in sorted((REPO / "tests" / "data").glob("*.warc*")):
            shutil.copy(f, d / f.name)
        shutil.copy(work / "real" / "a-gt1.warc.gz", d / "z-good.warc.gz")

    makers = {"bench": lambda d: generate(d, docs, files), "test": write_corpus, "real": _real_pages,
              "broken": broken}
    work.mkdir(parents=True, exist_ok=True)
    (work / "sources.toml").write_text(SOURCES, encoding="utf-8")
    for name, make in makers.items():
        if not (work / name).is_dir():
            tmp = work / f".tmp-{name}"
            shutil.rmtree(tmp, ignore_errors=True)
            make(tmp)
            tmp.rename(work / name)
    return {"bench": ([work / "bench"], "-"), "test": ([work / "test"], "-"),
            "real": ([work / "real"], str(work / "sources.toml")), "broken": ([work / "broken"], "-")}


def build(code: Path, inputs: list[Path], sources: str, workers: int, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(code))
    args = [PY, "-c", CHILD, str(out), str(workers), sources, *map(str, inputs)]
    p = subprocess.run(args, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    if p.returncode:
        raise SystemExit(f"build with {code} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def own_ms(run: dict) -> float:
    return (run["cpu"] - run["extract"]) / max(1, run["docs"]) * 1000


def compare(name: str, inputs: list[Path], sources: str, workers: int, a: argparse.Namespace) -> int:
    runs: dict[str, list[dict]] = {"baseline": [], "new": []}
    for i in range(a.repeat):
        for label, code in (("baseline", a.baseline), ("new", a.new)):
            runs[label].append(build(code, inputs, sources, workers, a.workdir / f"out-{label}-{name}-{i}"))
    base, new = runs["baseline"][0], runs["new"][0]
    ta, tb = tree(Path(base["path"])), tree(Path(new["path"]))
    differing = sorted(k for k in ta.keys() | tb.keys() if ta.get(k) != tb.get(k))
    line = (f"{name:<7} workers={workers}  same id: {base['id'] == new['id']} ({base['id']})  "
            f"differing files: {len(differing)}/{len(ta)}  docs: {base['docs']}")
    if workers == 1:
        ob = statistics.median(own_ms(r) for r in runs["baseline"])
        on = statistics.median(own_ms(r) for r in runs["new"])
        eb = statistics.median(r["extract"] for r in runs["baseline"])
        en = statistics.median(r["extract"] for r in runs["new"])
        line += (f"\n        CPU outside Extractor.extract: baseline {ob:.2f} ms/doc, new {on:.2f} ms/doc "
                 f"({ob / on:.2f}x); inside it: baseline {eb:.1f} s, new {en:.1f} s (medians of {a.repeat})")
    print(line, flush=True)
    for k in differing[:10]:
        print(f"        differs: {k}")
    return int(bool(differing) or base["id"] != new["id"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", type=Path, required=True, help="checkout of the code to compare with")
    ap.add_argument("--new", type=Path, default=REPO, help="checkout of the new code (default: this one)")
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=1, help="builds per checkout (CPU medians)")
    ap.add_argument("--only", default="bench,test,real,broken")
    ap.add_argument("--workers", default="1,2", help="worker counts each corpus is built with (default 1,2)")
    ap.add_argument("--workdir", type=Path, default=None)
    a = ap.parse_args()
    keep = a.workdir is not None
    a.workdir = a.workdir or Path(tempfile.mkdtemp(prefix="build-parity-"))
    corpora = make_corpora(a.workdir, a.docs, a.files)
    bad = 0
    for name in a.only.split(","):
        inputs, sources = corpora[name]
        for workers in (int(w) for w in a.workers.split(",")):
            bad += compare(name, inputs, sources, workers, a)
    print(f"\nbuilds whose snapshot differs from the baseline: {bad}")
    if not keep:
        shutil.rmtree(a.workdir, ignore_errors=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

"""Benchmark ``corpus build`` against datatrove and a bare trafilatura loop, on one generated WARC set.

    .venv/bin/python bench/build.py --docs 5000 --files 4            # the full comparison
    .venv/bin/python bench/build.py --docs 600 --memory 2000,10000    # + peak memory at two corpus sizes
    .venv/bin/python bench/build.py --only-memory --phases 5000,25000  # where the memory peak is reached

Pages are news articles whose paragraphs are drawn (seeded) from the real article bodies of
/work/shared/benchmarks/article-extraction/ground-truth.json (MIT), ~500 words each, with 3% exact and 3%
near duplicates, split round-robin into ``--files`` WARC files. Every contender runs in its own child
process; wall time, CPU time (user+sys of the child and its workers, from ``wait4``) and peak RSS are
measured by this parent. Rows: bare trafilatura loop; datatrove WarcReader -> Trafilatura -> JsonlWriter;
datatrove + its 4 MinHash stages, each with datatrove's defaults and in a "lean" configuration cheaper than
them (``--datatrove``); ``corpus build`` with 1 and 2 workers, as ``--pairs`` interleaved pairs of runs (1,2
then 2,1, ...: the 2-worker speed-up is the median of the pairs' wall ratios; a pair during which other
processes took more than ``--max-others`` cores, read from /proc/stat, is run again; each count's row is its
run of median wall time); then MinHash signing docs/s per core on the built texts, and (``--memory``) peak
RSS of ``corpus build --workers 1`` at two sizes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODE = REPO  # the checkout whose code the contenders run (--code)
GROUND_TRUTH = REPO.parent / "shared" / "benchmarks" / "article-extraction" / "ground-truth.json"
PY = sys.executable


# ---------------------------------------------------------------- corpus generation
def sentence_pool() -> list[str]:
    try:
        data = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
        bodies = [v.get("articleBody", "") for v in data.values()]
    except (OSError, ValueError):
        bodies = []
    out = [s.strip() for b in bodies for s in re.split(r"(?<=[.!?])\s+", b) if 40 <= len(s.strip()) <= 300]
    if len(out) < 500:  # no benchmark data: synthetic sentences
        rng = random.Random(0)
        vocab = [f"w{i}" for i in range(5000)]
        out = [" ".join(rng.choice(vocab) for _ in range(rng.randint(8, 25))).capitalize() + "."
               for _ in range(20000)]
    return out


def article(rng: random.Random, pool: list[str], i: int) -> tuple[str, list[str]]:
    paragraphs, n_words = [], 0
    while n_words < 500:
        p = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
        paragraphs.append(p)
        n_words += len(p.split())
    return f"Report {i}: " + " ".join(paragraphs[0].split()[:8]), paragraphs


def page_html(url: str, title: str, paragraphs: list[str], date: str) -> bytes:
    import html

    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta property="article:published_time" content="{date}T08:00:00Z"><link rel="canonical" href="{url}"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/about">About</a></nav></header>
<div class="cookie-banner" role="dialog">We use cookies to improve your experience. Accept all Refuse</div>
<main><article><h1>{html.escape(title)}</h1><p class="date">{date}</p>
{body}
<p>Follow the Bench Herald on social networks for more stories like this one.</p>
</article></main><footer><p>Bench Herald, all rights reserved.</p></footer></body></html>""".encode()


def generate(out_dir: Path, docs: int, files: int, seed: int = 0) -> list[Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng, pool = random.Random(seed), sentence_pool()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"bench-{k:03d}.warc.gz" for k in range(files)]
    handles = [open(p, "wb") for p in paths]
    writers = [WARCWriter(h, gzip=True) for h in handles]
    made: list[tuple[str, list[str]]] = []
    for i in range(docs):
        roll = rng.random()
        if made and roll < 0.03:  # exact duplicate of an earlier article
            title, paras = made[rng.randrange(len(made))]
        elif made and roll < 0.06:  # near duplicate: one sentence replaced
            title, paras = made[rng.randrange(len(made))]
            paras = [*paras[:-1], rng.choice(pool)]
        else:
            title, paras = article(rng, pool, i)
            made.append((title, paras))
        date = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        url = f"https://bench.example/world/2024/{i:06d}.html"
        body = page_html(url, title, paras, date)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        w = writers[i % files]
        rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                   warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:{uuid.UUID(int=i)}>",
                                                      "WARC-Date": f"{date}T12:00:00Z"})
        w.write_record(rec)
    for h in handles:
        h.close()
    return paths


def generate_apart(out_dir: Path, docs: int, files: int, seed: int = 0) -> None:
    """:func:`generate` in a child process. A child's peak RSS (``ru_maxrss``) counts the memory of the
    parent it was spawned from: generated here, 50,000 pages (~360 MB of Python objects) became the
    "peak memory" of every build measured afterwards, whatever the build used."""
    subprocess.run([PY, str(Path(__file__).resolve()), "--child", "generate", str(out_dir), str(docs),
                    str(files), str(seed)], check=True, cwd=REPO)


# ---------------------------------------------------------------- child-process contenders
def child_bare(warc_dir: str) -> None:
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    for path in sorted(Path(warc_dir).glob("*.warc.gz")):
        with open(path, "rb") as f:
            for rec in ArchiveIterator(f):
                if rec.rec_type == "response":
                    text = trafilatura.extract(rec.content_stream().read(), deduplicate=False)
                    n += text is not None
    print(json.dumps({"docs_out": n}))


def child_datatrove(warc_dir: str, work: str, minhash: bool, lean: bool) -> None:
    """datatrove's pipeline with its defaults (``lean``: trafilatura's ``deduplicate`` off and a whitespace
    word tokenizer for MinHash instead of spaCy's, both cheaper than datatrove's defaults)."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.readers import JsonlReader, WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    files = len(list(Path(warc_dir).glob("*.warc.gz")))
    w = Path(work)

    def run(pipeline: list, name: str, tasks: int = files) -> None:
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=1, logging_dir=str(w / "logs" / name),
                              skip_completed=False).run()

    # timeout: datatrove's default is 1 s per page; 10 s keeps every page on a loaded machine (no page of
    # the bench takes close to 1 s, so the work is the same)
    extractor = Trafilatura(timeout=10.0, deduplicate=False) if lean else Trafilatura(timeout=10.0)
    reader = WarcReader(warc_dir, glob_pattern="*.warc.gz")
    run([reader, extractor, JsonlWriter(str(w / "extracted"))], "extract")
    out = w / "extracted"
    if minhash:
        from datatrove.pipeline.dedup import (
            MinhashConfig,
            MinhashDedupBuckets,
            MinhashDedupCluster,
            MinhashDedupFilter,
            MinhashDedupSignature,
        )
        from datatrove.utils.typeshelper import Languages

        cfg = MinhashConfig()
        # datatrove's default word tokenizer for English is spaCy's (``spacy.blank("en")``, in the [bench]
        # extra); the lean variant splits on whitespace, which is several times cheaper
        language = _whitespace() if lean else Languages.english
        signature = MinhashDedupSignature(output_folder=str(w / "sigs"), config=cfg, language=language)
        run([JsonlReader(str(out)), signature], "sig")
        sigs, buckets, remove = str(w / "sigs"), str(w / "buckets"), str(w / "remove")
        run([MinhashDedupBuckets(input_folder=sigs, output_folder=buckets, config=cfg)], "buckets",
            tasks=cfg.num_buckets)
        run([MinhashDedupCluster(input_folder=buckets, output_folder=remove, config=cfg)], "cluster", tasks=1)
        run([JsonlReader(str(out)), MinhashDedupFilter(input_folder=str(w / "remove")),
             JsonlWriter(str(w / "deduped"))], "filter")
        out = w / "deduped"
    import gzip

    n = sum(1 for f in out.glob("*.jsonl.gz") for _ in gzip.open(f, "rt"))
    print(json.dumps({"docs_out": n}))


def _whitespace():
    from datatrove.utils.word_tokenizers import WordTokenizer

    class Whitespace(WordTokenizer):
        def word_tokenize(self, text: str) -> list[str]:
            return text.split()

        def sent_tokenize(self, text: str) -> list[str]:
            return re.split(r"(?<=[.!?])\s+", text)

        def span_tokenize(self, text: str) -> list[tuple[int, int]]:
            return [m.span() for m in re.finditer(r"\S+", text)]

    return Whitespace("en")


def child_signing(snapshot: str, repeat: int) -> None:
    from corpus.loader import load
    from corpus.stages.minhash import MinHasher

    texts = [d["text"] for d in load(snapshot, verify=False)]
    hasher = MinHasher()
    hasher.signatures(texts[:10])
    t0 = time.process_time()
    for _ in range(repeat):
        hasher.signatures(texts)  # batched, as the build signs them
    cpu = time.process_time() - t0
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(json.dumps({"docs": len(texts) * repeat, "cpu": cpu, "mean_words": words}))


def child_phases(warc_dir: str, out: str) -> None:
    """One build with 1 worker in this process; prints its peak RSS at the end of each phase."""
    from corpus.build import build_snapshot
    from corpus.config import load_config

    result = build_snapshot([Path(warc_dir)], Path(out), load_config(None, ()).with_runtime(workers=1))
    print(json.dumps({"peak_rss_mb": result.peak_rss_mb, "docs_out": result.counts["documents_out"]}))


# ---------------------------------------------------------------- measuring
@dataclass
class Run:
    name: str
    wall: float
    cpu: float
    maxrss_mb: float
    out: dict
    err: str = ""
    others: float = float("nan")  # CPU cores that other processes (and the hypervisor) took meanwhile

    def line(self, pages: int) -> str:
        return (f"{self.name:<34} {pages / self.wall:>9.1f} docs/s  {self.cpu / pages * 1000:>8.2f} "
                f"CPU ms/doc  peak {self.maxrss_mb:>7.0f} MB  out={self.out.get('docs_out', '?')}")


def busy_seconds() -> float:
    """CPU seconds this machine's processes used, and its hypervisor stole, since boot (``/proc/stat``);
    NaN where there is no such file."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, f.readline().split()[1:9])
    except (OSError, ValueError):
        return float("nan")
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def measure(name: str, args: list[str]) -> Run:
    """Run ``args`` as a child; wall time, and CPU + peak RSS from ``wait4`` (child plus its workers), and
    how many cores the rest of the machine took meanwhile (its busy time minus the child's CPU)."""
    env = dict(os.environ, PYTHONPATH=str(CODE), PYTHONHASHSEED="0")
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0, busy = time.perf_counter(), busy_seconds()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=env, cwd=CODE, text=True)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        busy = busy_seconds() - busy
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{name} failed ({proc.returncode}):\n{stderr[-2000:]}")
    lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
    result = json.loads(lines[-1]) if lines else {"last_line": stdout.strip().splitlines()[-1]}
    cpu = ru.ru_utime + ru.ru_stime
    return Run(name, wall, cpu, ru.ru_maxrss / 1024, result, stderr, max(0.0, busy - cpu) / wall)


def ours(warc_dir: Path, out: Path, workers: int) -> Run:
    cli = "from corpus.cli import main; main()"
    run = measure(f"corpus build --workers {workers}",
                  [PY, "-c", cli, "build", str(warc_dir), "--out", str(out), "--workers", str(workers)])
    snap = Path(run.out["last_line"])
    manifest = json.loads((snap / "manifest.json").read_text())
    run.out = {"docs_out": manifest["counts"]["documents_out"], "snapshot": str(snap),
               "dropped": manifest["counts"]["dropped"]}
    timing = [ln for ln in run.err.splitlines() if ln.startswith("timing: ")]
    run.out["timing"] = timing[-1] if timing else "timing: ?"
    run.out["cpu"] = cpu_parts(run.out["timing"])
    return run


def ours_pairs(warc_dir: Path, work: Path, a: argparse.Namespace) -> tuple[Run, Run, list[float]]:
    """``a.pairs`` pairs of builds, 1 and 2 workers, in alternating order (1,2 then 2,1, ...) so a slow
    spell of the machine hits both counts alike. A pair during which other processes took more than
    ``a.max_others`` cores (on average, in either run) is run again, up to ``a.retries`` times, and the
    last attempt kept. Returns the run of median wall time of each count (its ``out["same"]``: every
    run made the same snapshot) and each pair's wall ratio (1 worker / 2)."""
    runs: dict[int, list[Run]] = {1: [], 2: []}
    ratios: list[float] = []
    snapshots: set[str] = set()
    for k in range(a.pairs):
        for attempt in range(a.retries + 1):
            pair = {w: ours(warc_dir, work / f"ours-{w}-{k}-{attempt}", w)
                    for w in ((1, 2) if (k + attempt) % 2 == 0 else (2, 1))}
            snapshots |= {Path(r.out["snapshot"]).name for r in pair.values()}
            others = max(r.others for r in pair.values())
            ratio = pair[1].wall / pair[2].wall
            print(f"pair {k + 1}/{a.pairs}: 1 worker {pair[1].wall:.1f} s, 2 workers {pair[2].wall:.1f} s, "
                  f"ratio {ratio:.2f}; other processes took {pair[1].others:.2f} / {pair[2].others:.2f} "
                  f"cores", flush=True)
            if not others > a.max_others:  # NaN (no /proc/stat): kept
                break
            print(f"    disturbed (> {a.max_others} cores)" +
                  (": run again" if attempt < a.retries else ": kept, the last attempt"), flush=True)
        runs[1].append(pair[1])
        runs[2].append(pair[2])
        ratios.append(ratio)
    median = [sorted(rs, key=lambda r: r.wall)[(len(rs) - 1) // 2] for rs in (runs[1], runs[2])]
    for run in median:
        run.out["same"] = len(snapshots) == 1
    return median[0], median[1], ratios


def cpu_parts(timing: str) -> dict[str, float]:
    """The ``cpu/<part> 1.2s`` entries of the build's ``timing:`` line (CPU seconds, all processes)."""
    out = {}
    for item in timing.removeprefix("timing: ").split(", "):
        name, _, value = item.rpartition(" ")
        if name.startswith("cpu/") and value.endswith("s"):
            out[name[4:]] = float(value[:-1])
    return out


def cpu_breakdown(run: Run, pages: int) -> str:
    """Our CPU per document by part: Extractor.extract (extraction + cleaning) vs everything else in the
    build (WARC reading, extractor set-up, spills, stages, dedup, Parquet), and the rest of the child's CPU
    (interpreter start, imports, worker start-up)."""
    parts = run.out.get("cpu", {})
    if not parts:
        return "    CPU breakdown: ? (no cpu/ entries in the timing line)"
    ms = {k: v / pages * 1000 for k, v in parts.items()}
    extract = ms.pop("extract", 0.0)
    own = sum(ms.values())
    rest = run.cpu / pages * 1000 - extract - own
    detail = ", ".join(f"{k} {v:.2f}" for k, v in ms.items())
    return (f"    CPU ms/doc: Extractor.extract {extract:.2f} | everything else in build {own:.2f} "
            f"({detail}) | interpreter, imports, worker start {rest:.2f}")


def memory_at(size: int, files: int, work: Path) -> Run:
    d = work / f"mem-{size}"
    generate_apart(d / "warc", size, files, seed=1)
    cli = "from corpus.cli import main; main()"
    run = measure(f"memory: corpus build, {size} docs",
                  [PY, "-c", cli, "build", str(d / "warc"), "--out", str(d / "out"), "--workers", "1"])
    shutil.rmtree(d)
    return run


def phases_at(size: int, files: int, work: Path) -> Run:
    d = work / f"phases-{size}"
    generate_apart(d / "warc", size, files, seed=1)
    run = measure(f"phases: corpus build, {size} docs",
                  [PY, str(Path(__file__).resolve()), "--child", "phases", str(d / "warc"), str(d / "out")])
    shutil.rmtree(d)
    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--skip-datatrove", action="store_true")
    ap.add_argument("--pairs", type=int, default=3, help="interleaved pairs of corpus builds with 1 and 2 "
                    "workers; the speed-up printed is the median of the pairs' wall ratios (default 3)")
    ap.add_argument("--max-others", type=float, default=0.25, help="a pair during which other processes "
                    "took more CPU cores than this (on average, from /proc/stat) is run again (default 0.25)")
    ap.add_argument("--retries", type=int, default=2, help="times a disturbed pair is run again (default 2)")
    ap.add_argument("--datatrove", default="default,lean", type=lambda v: set(v.split(",")),
                    help="datatrove configurations to run: default (as it ships: trafilatura "
                    "deduplicate=True, spaCy tokenizer for MinHash), lean (deduplicate=False, whitespace "
                    "tokenizer); default: both")
    ap.add_argument("--memory", default="", help="two corpus sizes for the peak-memory check: 10000,50000")
    ap.add_argument("--only-memory", action="store_true", help="skip the speed comparison")
    ap.add_argument("--phases", default="", help="corpus sizes (5000,25000): a build with 1 worker of each "
                    "prints its peak RSS at the end of each phase (where memory grows with the corpus)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--code", type=Path, default=REPO,
                    help="checkout whose code is measured (default: this one's)")
    ap.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    a = ap.parse_args()
    global CODE
    CODE = a.code.resolve()
    if a.child:
        kind, *rest = a.child
        if kind == "bare":
            child_bare(rest[0])
        elif kind == "datatrove":
            child_datatrove(rest[0], rest[1], rest[2] == "minhash", rest[3] == "lean")
        elif kind == "signing":
            child_signing(rest[0], int(rest[1]))
        elif kind == "phases":
            child_phases(rest[0], rest[1])
        elif kind == "generate":
            generate(Path(rest[0]), int(rest[1]), int(rest[2]), int(rest[3]))
        return
    work = a.workdir or Path(tempfile.mkdtemp(prefix="bench-build-"))
    compile_code()
    if not a.only_memory:
        compare(a, work)
    if a.memory:
        small, large = (int(x) for x in a.memory.split(","))
        rs, rl = memory_at(small, a.files, work), memory_at(large, a.files, work)
        print(rs.line(small), "\n" + rl.line(large), sep="")
        print(f"peak memory {large} vs {small} docs: {rl.maxrss_mb / rs.maxrss_mb:.2f}x")
    for size in (int(x) for x in a.phases.split(",") if x):
        run = phases_at(size, a.files, work)
        peaks = ", ".join(f"{k} {v:.0f}" for k, v in run.out["peak_rss_mb"].items())
        print(f"peak RSS (MB) at the end of each phase, {size} docs: {peaks}", flush=True)
    if a.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


FAIRNESS = """fairness: datatrove runs LocalPipelineExecutor(tasks={files}, workers=1), one task at a time in
  one process, so it is compared with our 1-worker row only (the ratios above); the 2-worker row is never
  compared with it. Both read the same WARC files. The "datatrove" rows use its defaults (timeout aside):
  trafilatura with deduplicate=True and spaCy's English word tokenizer for MinHash; the "lean" rows turn
  deduplicate off and split words on whitespace, cheaper than datatrove as it ships. Datatrove does less
  work per document: trafilatura alone, no cleaners, no boilerplate/quality/exact-dedup/translation stages,
  JSONL instead of Parquet; ours runs the extractor ensemble and the cleaners, whose cost is the
  "Extractor.extract" part of our CPU breakdown."""


# (row name, pipeline, configuration): "default" is datatrove as it ships (trafilatura with deduplicate=True,
# spaCy's English word tokenizer for MinHash); "lean" is cheaper than its defaults (see child_datatrove)
DATATROVE_ROWS = [
    ("datatrove extract", "extract", "default"),
    ("datatrove + minhash", "minhash", "default"),
    ("datatrove extract, lean", "extract", "lean"),
    ("datatrove + minhash, lean", "minhash", "lean"),
]


def compile_code() -> None:
    """Byte-compile the measured checkout's packages first, as a regular install does: under
    PYTHONDONTWRITEBYTECODE (set on some machines) every child would otherwise recompile them from source
    (the installed libraries, datatrove's included, were compiled by pip)."""
    import compileall

    for package in ("corpus", "cleaners", "crawler"):
        compileall.compile_dir(str(CODE / package), quiet=1)


def compare(a: argparse.Namespace, work: Path) -> None:
    me = str(Path(__file__).resolve())
    print(f"generating {a.docs} pages in {a.files} WARC files under {work} ...", flush=True)
    warc_dir = work / "warc"
    generate_apart(warc_dir, a.docs, a.files)
    size = sum(p.stat().st_size for p in warc_dir.iterdir()) / 1e6
    print(f"{a.docs} pages, {size:.1f} MB of WARC; {os.cpu_count()} CPUs\n", flush=True)
    rows = [measure("bare trafilatura loop", [PY, me, "--child", "bare", str(warc_dir)])]
    print(rows[-1].line(a.docs), flush=True)
    if not a.skip_datatrove:
        for name, variant, config in DATATROVE_ROWS:
            if config not in a.datatrove:
                continue
            try:
                args = [PY, me, "--child", "datatrove", str(warc_dir), str(work / f"dt-{variant}-{config}"),
                        variant, config]
                rows.append(measure(name, args))
                print(rows[-1].line(a.docs), flush=True)
            except RuntimeError as e:
                print(f"{name}: could not run: {str(e).splitlines()[0]}", flush=True)
    one, two, ratios = ours_pairs(warc_dir, work, a)
    for run in (one, two):
        rows.append(run)
        print(run.line(a.docs) + "  (median wall of the runs)", flush=True)
        print(f"    {run.out['timing']}", flush=True)
        print(cpu_breakdown(run, a.docs), flush=True)
    by = {r.name: r for r in rows}
    print(f"\nsame snapshot with 1 and 2 workers: {one.out['same']}  (dropped: {one.out['dropped']})")
    print(f"2 workers vs 1: {statistics.median(ratios):.2f}x wall speed-up (median of {len(ratios)} "
          f"interleaved pairs: {', '.join(f'{r:.2f}' for r in ratios)}); CPU used / wall: "
          f"{one.cpu / one.wall:.2f} cores (1 worker), {two.cpu / two.wall:.2f} cores (2 workers); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for other in ("bare trafilatura loop", *(name for name, _, _ in DATATROVE_ROWS)):
        if other in by:
            print(f"corpus build (1 worker) vs {other}: {by[other].wall / one.wall:.2f}x speed "
                  f"(>1 = ours faster), CPU/doc ratio {one.cpu / by[other].cpu:.2f}")
    print(FAIRNESS.format(files=a.files))
    sign = measure("signing", [PY, me, "--child", "signing", one.out["snapshot"], "5"])
    s = sign.out
    rate = s["docs"] / s["cpu"]
    print(f"MinHash signing: {rate:.0f} docs/s per core (mean {s['mean_words']:.0f} words/doc)")


if __name__ == "__main__":
    main()

"""Crawl a generated local site (>= 2000 pages) three ways and compare speed and CPU cost:

  plain  - Scrapy with the same spider but Scrapy's own download handler and no WARC/state/safety
           middleware (no output at all)
  warc   - our crawler as shipped: wire capture, WARC writing, CDXJ, SQLite state, safety checks
  wget   - ``wget --recursive --warc-file`` (skipped with a message if wget is missing)

The fixture web runs in its own process (``python -m tests.fixtureweb --big N``), so CPU figures are the
crawler's only (user+sys of the child process). The Scrapy rows also report the CPU time of the reactor
thread alone, from spider_opened to the end of the crawl (``time.thread_time``): Scrapy is
single-threaded, so that is what bounds pages/s when a core is free, and it is far less disturbed by
other processes than wall time. With ``WARC_WRITER_THREAD`` (off by default) our crawler writes
WARC/CDXJ/state in a second thread, whose CPU shows in the process total but not in the reactor's.
Each crawler runs ``--repeat`` times, interleaved (in reverse order every other repeat); the median and
the best run are reported (on a
shared machine single runs are noisy, and the best run is the one least disturbed by other processes).
``--against CHECKOUT`` adds a row ``baseline (WARC)``: the same crawl with another checkout's code (e.g. a
``git worktree`` of an older commit), interleaved with the others, for a before/after in one time window.
Usage: ``python bench/crawl.py [--pages 2000] [--repeat 3] [--against /tmp/base]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SOURCES = """
[[source]]
name = "local"
start_urls = ["http://127.0.0.1:{port}/"]
allowed_domains = ["127.0.0.1"]
article_pattern = '/a/\\d+\\.html$'
follow_pattern = '/list/\\d+$'
languages = ["en"]
allow_private = true
max_depth = 5
max_pages = 1000000
"""

FAST = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "WARNING",
    "CORPUS_PROGRESS_INTERVAL": 0,
    "RETRY_ENABLED": False,
}
PLAIN = {
    "WARC_DIR": "",
    "CORPUS_SAFETY_ENABLED": False,
    "DOWNLOAD_HANDLERS": {},
    "EXTENSIONS": {},
    "DOWNLOADER_MIDDLEWARES": {},
    "TWISTED_DNS_RESOLVER": "scrapy.resolver.CachingThreadedResolver",
}


def child(mode: str, port: int, out: Path) -> None:
    """Run one Scrapy crawl in this process and print {"pages": N} (responses downloaded)."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.runner import CrawlConfig, build_settings
    from crawler.spiders.news import NewsSpider

    src = out / "sources.toml"
    src.write_text(SOURCES.format(port=port), encoding="utf-8")
    settings = {**FAST, **(PLAIN if mode == "plain" else {})}
    process = CrawlerProcess(build_settings(CrawlConfig(src, out / "warcs", settings=settings)))
    crawler = process.create_crawler(NewsSpider)
    opened: list[float] = []

    def on_opened(spider: object) -> None:  # a named local: Scrapy holds receivers by weak reference
        opened.append(time.thread_time())

    crawler.signals.connect(on_opened, signal=signals.spider_opened)
    process.crawl(crawler)
    process.start()
    reactor_cpu = time.thread_time() - opened[0]  # the reactor runs in this (main) thread
    stats = crawler.stats.get_stats()
    print(
        json.dumps(
            {
                "pages": stats.get("downloader/response_count", 0),
                "warc_bytes": stats.get("warc/bytes_written", 0),
                "reactor_cpu": reactor_cpu,
            }
        )
    )


def archive_cost(n: int) -> float:
    """CPU ms per page of the archive path alone (exchange -> WARC records -> gzip -> file -> CDXJ line ->
    state row), measured in-process on ``n`` generated pages: the WARC cost without Scrapy's noise."""
    from collections import Counter

    from scrapy.http import HtmlResponse, Request

    from crawler.archiving import Archiver
    from crawler.download import WIRE_META_KEY, WireCapture
    from crawler.state import CrawlState
    from crawler.warc.records import RecordFactory
    from crawler.warc.writer import WarcWriter, WriterOptions
    from tests.fixtureweb import content as C

    class Stats(Counter):
        def inc_value(self, key: str, n: int = 1) -> None:
            self[key] += n

    with tempfile.TemporaryDirectory() as d:
        state = CrawlState(Path(d) / "state.sqlite")
        writer = WarcWriter(WriterOptions(Path(d), factory=RecordFactory()), before_close=state.commit)
        archiver = Archiver(writer, state, state.begin_run("bench").id, RecordFactory(), Stats())
        pages = []
        for i in range(n):
            body = C.article_page(
                C.Article("en", f"/a/{i}.html", f"A{i}", "2024-05-01", C.paragraphs(i, "en", 4, 80))
            )
            url = f"http://127.0.0.1:1/a/{i}.html"
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body)
            req = Request(url)
            pages.append((req, HtmlResponse(url, headers={"Content-Type": "text/html"}, body=body), head))
        t0 = time.process_time()
        for req, resp, head in pages:
            req.meta[WIRE_META_KEY] = WireCapture(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", head)
            archiver.archive(req, resp)
        writer.close()
        state.close()
        return 1000 * (time.process_time() - t0) / n


def timed(args: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float, subprocess.CompletedProcess]:
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if proc.returncode not in ok:
        raise SystemExit(f"{args[:4]} failed:\n{proc.stderr[-3000:]}")
    return wall, cpu, proc


def run_scrapy(mode: str, port: int, tmp: Path, tree: Path | None = None) -> dict[str, float]:
    out = tmp / (mode + ("-baseline" if tree else ""))
    out.mkdir()
    args = [sys.executable, __file__, "--child", mode, "--port", str(port), "--out", str(out)]
    wall, cpu, proc = timed(args + (["--tree", str(tree)] if tree else []))
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "pages": info["pages"],
        "wall": wall,
        "cpu": cpu,
        "bytes": info["warc_bytes"],
        "reactor_cpu": info["reactor_cpu"],
    }


def run_wget(port: int, tmp: Path) -> dict[str, float] | None:
    wget = shutil.which("wget")
    if wget is None:
        print("wget: not installed (apt-get install -y wget); row skipped")
        return None
    out = tmp / "wget"
    out.mkdir()
    wall, cpu, proc = timed(
        [
            wget,
            "--recursive",
            "--level=inf",
            "--no-verbose",
            "--delete-after",
            "-e",
            "robots=on",
            "--directory-prefix",
            str(out),
            "--warc-file",
            str(out / "bench"),
            "--no-warc-keep-log",
            f"http://127.0.0.1:{port}/",
        ],
        ok=(0, 8),
    )  # 8: some 404s
    pages = sum(1 for ln in proc.stderr.splitlines() if " URL:" in ln and "->" in ln)
    size = sum(f.stat().st_size for f in out.glob("bench*.warc.gz"))
    return {"pages": pages, "wall": wall, "cpu": cpu, "bytes": size}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child")
    ap.add_argument("--port", type=int)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--tree", type=Path, help="(child) import the crawler from this checkout")
    ap.add_argument("--against", type=Path, help="baseline checkout: adds a 'baseline (WARC)' row")
    a = ap.parse_args()
    if a.child:
        if a.tree:
            sys.path.insert(0, str(a.tree.resolve()))
        child(a.child, a.port, a.out)
        return
    for tree in [REPO] + ([a.against.resolve()] if a.against else []):
        # byte-compiled once here: with PYTHONDONTWRITEBYTECODE a checkout without .pyc files would
        # compile the modules it imports again in every crawl and be charged for it (compiling all of
        # crawler/ and corpus/ takes about 0.2 s of CPU)
        pkgs = [str(tree / d) for d in ("crawler", "corpus") if (tree / d).is_dir()]
        subprocess.run([sys.executable, "-m", "compileall", "-q", *pkgs], check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.fixtureweb", "--big", str(a.pages)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = json.loads(server.stdout.readline())["port"]
        rows = [r for r in ROWS if a.against or r != BASELINE]
        runs: dict[str, list[dict[str, float] | None]] = {k: [] for k in rows}
        crawls = {
            "plain scrapy": lambda tmp: run_scrapy("plain", port, tmp),
            "ours (WARC)": lambda tmp: run_scrapy("warc", port, tmp),
            BASELINE: lambda tmp: run_scrapy("warc", port, tmp, a.against.resolve()),
            "wget --warc-file": lambda tmp: run_wget(port, tmp),
        }
        for i in range(a.repeat):
            with tempfile.TemporaryDirectory() as d:
                # every other repeat in reverse order: a load that rises or falls during a repeat then
                # weighs on each crawler alike over the repeats, not always on the one that runs last
                for name in rows if i % 2 == 0 else rows[::-1]:
                    runs[name].append(crawls[name](Path(d)))
            print(
                f"run {i + 1}: "
                + ", ".join(
                    f"{k} {r['wall']:.2f}s/{r['cpu']:.2f}s CPU" for k, v in runs.items() if (r := v[-1])
                ),
                flush=True,
            )

    finally:
        server.terminate()
        server.wait()
    report(runs)
    paired(runs)
    print(f"archive path alone (in-process, {a.pages} pages): {archive_cost(a.pages):.3f} CPU ms/page")


def paired(runs: dict[str, list[dict[str, float] | None]]) -> None:
    """Median over repeats of the ratio between crawls of the same repeat (run back to back, so they
    share the machine's load at that moment): steadier than a ratio of medians on a busy machine."""

    def median_ratio(a: str, b: str, key: str) -> float:
        r = sorted(x[key] / y[key] for x, y in zip(runs[a], runs[b], strict=True) if x and y)
        return r[len(r) // 2]

    pairs = [("ours (WARC)", "plain scrapy"), (BASELINE, "plain scrapy"), ("ours (WARC)", BASELINE)]
    for a, b in pairs:
        if a not in runs or b not in runs:
            continue
        cpu, reactor = median_ratio(a, b, "cpu"), median_ratio(a, b, "reactor_cpu")
        print(
            f"paired {a} / {b}: CPU x{cpu:.3f}, reactor CPU x{reactor:.3f}, "
            f"pages/s x{1 / median_ratio(a, b, 'wall'):.3f} (medians of per-repeat ratios)"
        )


BASELINE = "baseline (WARC)"
ROWS = ("plain scrapy", "ours (WARC)", BASELINE, "wget --warc-file")


def summarize(runs: list[dict[str, float] | None]) -> dict[str, float] | None:
    """Median and best of the runs: pages/s from wall time, CPU ms/page from user+sys time."""
    done = [r for r in runs if r is not None]
    if not done:
        return None
    pps = sorted(r["pages"] / r["wall"] for r in done)
    cpu = sorted(1000 * r["cpu"] / r["pages"] for r in done)
    reactor = sorted(1000 * r.get("reactor_cpu", float("nan")) / r["pages"] for r in done)
    return {
        "pages": done[0]["pages"],
        "pps_med": pps[len(pps) // 2],
        "pps_best": pps[-1],
        "cpu_med": cpu[len(cpu) // 2],
        "cpu_min": cpu[0],
        "reactor_med": reactor[len(reactor) // 2],
        "reactor_min": reactor[0],
        "mb": done[0]["bytes"] / 1e6,
    }


def report(runs: dict[str, list[dict[str, float] | None]]) -> None:
    rows = {k: summarize(v) for k, v in runs.items()}
    print(
        f"{'crawler':18} {'pages':>6} {'pages/s med':>12} {'best':>7} {'CPU ms/page med':>16} {'min':>6}"
        f" {'reactor ms/page med':>20} {'min':>6} {'WARC MB':>8}"
    )
    for name, r in rows.items():
        if r is None:
            print(f"{name:18} skipped")
            continue
        print(
            f"{name:18} {r['pages']:6.0f} {r['pps_med']:12.1f} {r['pps_best']:7.1f} {r['cpu_med']:16.2f} "
            f"{r['cpu_min']:6.2f} {r['reactor_med']:20.2f} {r['reactor_min']:6.2f} {r['mb']:8.2f}"
        )
    base, wget = rows["plain scrapy"], rows["wget --warc-file"]
    assert base is not None
    for name in ("ours (WARC)", BASELINE):  # the steadier figure on a shared machine: CPU, not wall time
        if (r := rows.get(name)) is not None:
            med, low = r["cpu_med"] / base["cpu_med"] - 1, r["cpu_min"] / base["cpu_min"] - 1
            reactor = r["reactor_med"] / base["reactor_med"] - 1
            print(
                f"CPU/page over plain Scrapy, {name}: median {100 * med:+.1f}%, min {100 * low:+.1f}%; "
                f"reactor thread median {100 * reactor:+.1f}%   [goal: <= ~7%]"
            )
    for name, short in (("ours (WARC)", "ours"), (BASELINE, "baseline")):
        ours = rows.get(name)
        if ours is None:
            continue
        for label, p, c, t in (
            ("median", "pps_med", "cpu_med", "reactor_med"),
            ("best", "pps_best", "cpu_min", "reactor_min"),
        ):
            change = 100 * (ours[p] / base[p] - 1)
            speed = f"{abs(change):.1f}% {'slower' if change < 0 else 'faster'}"
            print(
                f"{short} / plain ({label}): pages/s x{ours[p] / base[p]:.3f} ({speed}), "
                f"CPU/page x{ours[c] / base[c]:.3f}, reactor CPU/page x{ours[t] / base[t]:.3f}"
                "   [target: at most 10% slower]"
            )
            if wget:
                print(
                    f"{short} / wget  ({label}): pages/s x{ours[p] / wget[p]:.3f}, "
                    f"CPU/page x{ours[c] / wget[c]:.3f}"
                )


if __name__ == "__main__":
    main()

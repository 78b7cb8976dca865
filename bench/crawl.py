"""Crawl a generated local site (>= 2000 pages) three ways and compare speed and CPU cost:

  plain  - Scrapy with the same spider but Scrapy's own download handler and no WARC/state/safety
           middleware (no output at all)
  warc   - our crawler as shipped: wire capture, WARC writing, CDXJ, SQLite state, safety checks
  wget   - ``wget --recursive --warc-file`` (skipped with a message if wget is missing)

The fixture web runs in its own process (``python -m tests.fixtureweb --big N``), so CPU figures are the
crawler's only. Per Scrapy crawl three CPU figures and two speeds are kept:

  CPU ms/page        user+sys of the whole child process (interpreter start-up and imports included)
  crawl CPU ms/page  user+sys of the crawling process from spider_opened to the end of the crawl (every
                     thread; start-up excluded): the steady-state cost of a page, what a long crawl pays
  reactor ms/page    CPU of the reactor thread alone over the same span (``time.thread_time``): Scrapy is
                     single-threaded, so that is what bounds pages/s when a core is free
  pages/s            pages / wall time of the child process; "crawl pages/s" over the crawl span only

  writer ms/page      CPU of the WARC writer process (``WARC_WRITER_PROCESS``, on by default: records, gzip,
                     digests, WARC/CDXJ files and state rows are written by a child process), start-up
                     included; "total CPU" = crawl CPU + writer CPU, so work moved to the child is never
                     mistaken for work saved. (The process CPU column includes it too.)

CPU time is far less disturbed by other processes than wall time. With ``WARC_WRITER_THREAD`` (off by
default) our crawler writes WARC/CDXJ/state in a second thread, whose CPU shows in the process and crawl
figures but not in the reactor's.

Each crawler runs ``--repeat`` times, interleaved: repeat i starts at crawler i (rotation) and every other
repeat runs in reverse order, so a load that rises or falls during a repeat weighs on each crawler alike.
Per crawler the median, the best run and the trimmed mean (the lowest and highest fifth dropped) are
reported; then, per pair of crawlers, the ratios between the crawls of one repeat (run back to back, under
the load of that moment), summarised by their median and trimmed mean: the steadiest figures on a shared
machine.

``--against CHECKOUT`` adds a row ``baseline (WARC)``: the same crawl with another checkout's code (e.g. a
``git worktree`` of an older commit). ``--gzip-level N`` adds a row ``ours, gzip N``: our crawler with
``WARC_GZIP_LEVEL=N`` (CPU and WARC size of another compression level; the default stays 6);
``--gzip-library NAME`` a row ``ours, NAME`` with ``WARC_GZIP_LIBRARY=NAME`` (e.g. ``zlib``, the library
before zlib-ng); ``--with LABEL=JSON`` a row ``ours, LABEL`` with those settings (e.g.
``--with 'inline={"WARC_WRITER_PROCESS": false}'``: writing in the reactor's thread).
``--callgrind`` counts instructions per page instead (valgrind; noise-free; see ``callgrind``), with
``--vector-memset`` for every crawler alike: glibc's memset/memcpy use vector stores instead of
``rep stosb``/``rep movsb``, which valgrind counts once per byte (a 128 KB memset, e.g. the hash table a
deflate stream clears when it starts, counts as 128k instructions, ~32 times what the vector loop takes).
Usage: ``python bench/crawl.py [--pages 2000] [--repeat 5] [--against /tmp/base] [--gzip-level 1]
[--gzip-library zlib]``; ``python bench/crawl.py --callgrind --pages 400 [--against /tmp/base]
[--gzip-library zlib] [--vector-memset]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from crawl_report import BASELINE, OURS, PLAIN_ROW, WGET, paired, report

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


def _cpu() -> float:
    """User+sys CPU seconds of this process so far (every thread)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child(mode: str, port: int, out: Path, extra: dict[str, object]) -> None:
    """Run one Scrapy crawl in this process and print {"pages": N, ...} (responses downloaded, WARC bytes,
    and the wall, process CPU and reactor-thread CPU seconds from spider_opened to the end)."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.runner import CrawlConfig, build_settings
    from crawler.spiders.news import NewsSpider

    src = out / "sources.toml"
    src.write_text(SOURCES.format(port=port), encoding="utf-8")
    settings = {**FAST, **(PLAIN if mode == "plain" else {}), **extra}
    process = CrawlerProcess(build_settings(CrawlConfig(src, out / "warcs", settings=settings)))
    crawler = process.create_crawler(NewsSpider)
    opened: list[float] = []

    def on_opened(spider: object) -> None:  # a named local: Scrapy holds receivers by weak reference
        opened.extend((time.perf_counter(), _cpu(), time.thread_time()))

    crawler.signals.connect(on_opened, signal=signals.spider_opened)
    process.crawl(crawler)
    process.start()
    wall, cpu, reactor = time.perf_counter(), _cpu(), time.thread_time()  # the reactor ran in this thread
    stats = crawler.stats.get_stats()
    print(
        json.dumps(
            {
                "pages": stats.get("downloader/response_count", 0),
                "warc_bytes": stats.get("warc/bytes_written", 0),
                "crawl_wall": wall - opened[0],
                "crawl_cpu": cpu - opened[1],
                "reactor_cpu": reactor - opened[2],
                # CPU seconds of the WARC writer process (WARC_WRITER_PROCESS), start-up included; 0 without
                "writer_cpu": stats.get("warc/writer_process_cpu", 0.0),
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


def run_scrapy(
    mode: str, port: int, tmp: Path, tree: Path | None = None, extra: dict[str, object] | None = None
) -> dict[str, float]:
    tag = hashlib.sha1(json.dumps(extra, sort_keys=True).encode()).hexdigest()[:10] if extra else ""
    out = tmp / (mode + ("-baseline" if tree else "") + ("-" + tag if tag else ""))
    out.mkdir()
    args = [sys.executable, __file__, "--child", mode, "--port", str(port), "--out", str(out)]
    args += ["--settings", json.dumps(extra or {})] + (["--tree", str(tree)] if tree else [])
    wall, cpu, proc = timed(args)
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"wall": wall, "cpu": cpu, "bytes": info.pop("warc_bytes"), **info}


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
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--child")
    ap.add_argument("--port", type=int)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--settings", default="{}", help="(child) JSON of extra Scrapy settings")
    ap.add_argument("--tree", type=Path, help="(child) import the crawler from this checkout")
    ap.add_argument("--against", type=Path, help="baseline checkout: adds a 'baseline (WARC)' row")
    ap.add_argument("--gzip-level", type=int, help="adds a row: our crawler with this WARC_GZIP_LEVEL")
    ap.add_argument("--gzip-library", help="adds a row: our crawler with this WARC_GZIP_LIBRARY")
    ap.add_argument(
        "--with",
        dest="rows",
        action="append",
        default=[],
        metavar="LABEL=JSON",
        help='adds a row "ours, LABEL": our crawler with these extra settings (JSON object)',
    )
    ap.add_argument("--callgrind", action="store_true", help="instructions per page under valgrind instead")
    ap.add_argument("--vector-memset", action="store_true", help="(callgrind) no rep stosb/movsb in glibc")
    a = ap.parse_args()
    if a.child:
        if a.tree:
            sys.path.insert(0, str(a.tree.resolve()))
        child(a.child, a.port, a.out, json.loads(a.settings))
        return
    for tree in [REPO] + ([a.against.resolve()] if a.against else []):
        # byte-compiled once here: with PYTHONDONTWRITEBYTECODE a checkout without .pyc files would
        # compile the modules it imports again in every crawl and be charged for it (compiling all of
        # crawler/ and corpus/ takes about 0.2 s of CPU)
        pkgs = [str(tree / d) for d in ("crawler", "corpus") if (tree / d).is_dir()]
        subprocess.run([sys.executable, "-m", "compileall", "-q", *pkgs], check=True, capture_output=True)
    if a.callgrind:
        crawlers = [(PLAIN_ROW, "plain", None, {}), (OURS, "warc", None, {})]
        crawlers += [(BASELINE, "warc", a.against, {})] if a.against else []
        crawlers += [(f"ours, {label}", "warc", None, extra) for label, extra in settings_rows(a)]
        callgrind(a.pages, crawlers, VECTOR_MEMSET if a.vector_memset else {})
        return
    server, port = fixture_server(a.pages)
    try:
        crawls = {
            PLAIN_ROW: lambda tmp: run_scrapy("plain", port, tmp),
            OURS: lambda tmp: run_scrapy("warc", port, tmp),
        }
        if a.against:
            crawls[BASELINE] = lambda tmp: run_scrapy("warc", port, tmp, a.against.resolve())
        if a.gzip_level is not None:
            level = a.gzip_level
            crawls[f"ours, gzip {level}"] = lambda tmp: run_scrapy(
                "warc", port, tmp, None, {"WARC_GZIP_LEVEL": level}
            )
        for label, extra in settings_rows(a):
            crawls[f"ours, {label}"] = lambda tmp, extra=extra: run_scrapy("warc", port, tmp, None, extra)
        crawls[WGET] = lambda tmp: run_wget(port, tmp)
        runs = interleaved(crawls, a.repeat)
    finally:
        server.terminate()
        server.wait()
    report(runs)
    paired(runs)
    print(f"archive path alone (in-process, {a.pages} pages): {archive_cost(a.pages):.3f} CPU ms/page")


Crawl = Callable[[Path], "dict[str, float] | None"]


def settings_rows(a: argparse.Namespace) -> list[tuple[str, dict[str, object]]]:
    """The rows of our crawler with other settings, as (label, settings): ``--gzip-library NAME`` (label
    NAME), then each ``--with LABEL=JSON``."""
    out: list[tuple[str, dict[str, object]]] = []
    if a.gzip_library:
        out.append((a.gzip_library, {"WARC_GZIP_LIBRARY": a.gzip_library}))
    for row in a.rows:
        label, sep, settings = row.partition("=")
        if not sep:
            raise SystemExit(f"--with {row!r}: expected LABEL=JSON")
        out.append((label, json.loads(settings)))
    return out


def fixture_server(pages: int) -> tuple[subprocess.Popen, int]:
    """The generated site of ``pages`` articles, served by another process; (process, port)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.fixtureweb", "--big", str(pages)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    return server, json.loads(server.stdout.readline())["port"]


SMALL_SITE = 10  # articles of the small site in --callgrind (start-up and a few pages)
# glibc uses rep stosb/movsb from 2-4 KB up; a threshold above any buffer keeps it on its vector loops
NO_REP = 1 << 40
VECTOR_MEMSET = {
    "GLIBC_TUNABLES": f"glibc.cpu.x86_rep_stosb_threshold={NO_REP}:glibc.cpu.x86_rep_movsb_threshold={NO_REP}"
}
CallgrindCrawler = tuple[str, str, "Path | None", "dict[str, object]"]  # (row, mode, checkout, settings)


def callgrind(pages: int, crawlers: list[CallgrindCrawler], env_extra: dict[str, str]) -> None:
    """Instructions per page of each Scrapy crawler under valgrind's callgrind: a count, not a time, so
    other processes do not move it (a crawl's timing still does, slightly: how many responses each reactor
    turn finds ready). Each crawler crawls a site of SMALL_SITE articles and one of ``pages`` (both at
    once, 2 processes); per page = (instructions of the big crawl - of the small one) / (pages - pages),
    so start-up cancels out. Under valgrind a crawl runs ~50 times slower: use a few hundred pages.
    Child processes are traced too (``--trace-children``): the WARC writer process's instructions
    (WARC_WRITER_PROCESS) are reported beside the crawling process's, and in a total."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("valgrind is not installed (apt-get install -y valgrind)")
    servers = [fixture_server(n) for n in (SMALL_SITE, pages)]
    per_page: dict[str, float] = {}  # the crawling process (its reactor bounds pages/s)
    total: dict[str, float] = {}  # with its child processes (the writer)
    try:
        with tempfile.TemporaryDirectory() as d:
            for name, mode, tree, extra in crawlers:
                counts = []
                procs = []
                for i, (_, port) in enumerate(servers):
                    out = Path(d) / f"{len(per_page)}-{mode}-{i}"
                    out.mkdir()
                    args = [valgrind, "--tool=callgrind", "--trace-children=yes"]
                    args += [f"--callgrind-out-file={out}/callgrind.out.%p"]
                    args += [
                        sys.executable,
                        __file__,
                        "--child",
                        mode,
                        "--port",
                        str(port),
                        "--out",
                        str(out),
                    ]
                    args += ["--tree", str(tree.resolve())] if tree else []
                    args += ["--settings", json.dumps(extra)]
                    env = {**os.environ, "PYTHONHASHSEED": "0", **env_extra}
                    procs.append(
                        subprocess.Popen(
                            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
                        )
                    )
                for proc in procs:
                    stdout, stderr = proc.communicate()
                    found = {int(p): int(n) for p, n in re.findall(r"==(\d+)== Collected : (\d+)", stderr)}
                    if proc.returncode != 0 or proc.pid not in found:
                        raise SystemExit(f"{name} under valgrind failed:\n{stderr[-3000:]}")
                    pages_done = json.loads(stdout.strip().splitlines()[-1])["pages"]
                    counts.append((pages_done, found[proc.pid], sum(found.values())))
                (p0, i0, t0), (p1, i1, t1) = counts
                per_page[name] = (i1 - i0) / (p1 - p0)
                total[name] = (t1 - t0) / (p1 - p0)
                print(
                    f"{name}: {p0} pages {i0 / 1e9:.3f} G instr, {p1} pages {i1 / 1e9:.3f} G instr, "
                    f"{per_page[name] / 1e6:.3f} M instr/page; child processes "
                    f"{(total[name] - per_page[name]) / 1e6:.3f} M instr/page, total {total[name] / 1e6:.3f}",
                    flush=True,
                )
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait()
    for name in per_page:
        if name != PLAIN_ROW:
            print(
                f"callgrind {name} / plain: instructions/page x{per_page[name] / per_page[PLAIN_ROW]:.4f} "
                f"(crawling process), x{total[name] / total[PLAIN_ROW]:.4f} (with its child processes)"
            )
    if BASELINE in per_page:
        print(
            f"callgrind ours / baseline: instructions/page x{per_page[OURS] / per_page[BASELINE]:.4f} "
            f"(crawling process), x{total[OURS] / total[BASELINE]:.4f} (with its child processes)"
        )


def interleaved(crawls: dict[str, Crawl], repeat: int) -> dict[str, list[dict[str, float] | None]]:
    """Run every crawler ``repeat`` times: repeat i starts with crawler i (rotation) and every other
    repeat goes in reverse order, so over the repeats each crawler runs early and late alike."""
    names = list(crawls)
    runs: dict[str, list[dict[str, float] | None]] = {k: [] for k in names}
    for i in range(repeat):
        k = i % len(names)
        order = names[k:] + names[:k]
        with tempfile.TemporaryDirectory() as d:
            for name in order if i % 2 == 0 else order[::-1]:
                runs[name].append(crawls[name](Path(d)))
        done = ", ".join(f"{k} {r['wall']:.2f}s/{r['cpu']:.2f}s CPU" for k, v in runs.items() if (r := v[-1]))
        print(f"run {i + 1}: {done}", flush=True)
    return runs


if __name__ == "__main__":
    main()

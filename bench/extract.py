"""Throughput of our WARC extraction (``extract_warc``: read + decode + DOM chrome + extractor +
text cleaners), with each extractor setting, against a bare ``trafilatura.extract`` loop over the
same WARC, in one run.

The WARC holds N response records (gzip member per record) made from the real pages of the
article-extraction benchmark (cycled, each with its own URL). Both rows read it with warcio; the bare
row calls ``trafilatura.extract(payload)`` per record and nothing else; ours runs ``extract_warc`` with
one Extractor built before timing (a build worker builds one for all its files). Target: ours >= 0.8x bare.
``--breakdown`` also times each step of ours separately (ms/page) to show where the time goes.
``--repeat R`` runs every row R times, taking turns (bare, ours, bare, ours...), and reports the median
of each: CPU time is the figure to compare on a shared machine (wall time moves with its load).

``--against CHECKOUT --rounds R`` compares another checkout (e.g. a ``git worktree`` of the baseline)
with this one: R rounds, each running one process per checkout (baseline first, then this one, same
WARC), and prints the median CPU ms/page of every row and of the ours/bare ratios.

Usage: .venv/bin/python bench/extract.py [-n 300] [--shared ../shared] [--breakdown] [--repeat 3]
                                         [--extractor ensemble --extractor trafilatura]
       .venv/bin/python bench/extract.py -n 181 --against /tmp/base --rounds 5
One process per row set, this machine.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATE = "2024-05-01T00:00:00Z"


def make_warc(path: Path, shared: Path, n: int) -> int:
    """Write n responses (benchmark pages, cycled) to ``path``; return the payload bytes written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    bench = shared / "benchmarks" / "article-extraction"
    gold = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(gold)
    total = 0
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        for i in range(n):
            key = keys[i % len(keys)]
            body = gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes())
            url = gold[key].get("url") or f"https://example.test/{key}"
            url = f"{url}{'&' if '?' in url else '?'}copy={i // len(keys)}"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Date": DATE,
                                                          "WARC-Record-ID": f"<urn:uuid:{i:032x}>"})
            w.write_record(rec)
            total += len(body)
    return total


def bare_loop(path: Path) -> int:
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response":
                if trafilatura.extract(rec.content_stream().read()):
                    n += 1
    return n


def prepared(extractor: str) -> tuple:
    """(options, Extractor) of one row, built before timing, as a build worker builds one Extractor
    for all its files (it loads the language profiles, ~0.4 s)."""
    from corpus.extract import ExtractOptions, Extractor

    options = ExtractOptions(extractor=extractor)
    return options, Extractor(options)


def ours(path: Path, options, extractor) -> tuple[int, Counter[str]]:
    """extract_warc over the WARC (read, decode, DOM chrome, extractor, cleaners), in file order."""
    from corpus.extract import extract_warc

    stats: Counter[str] = Counter()
    n = sum(1 for _ in extract_warc(path, options, stats, extractor=extractor))
    return n, stats


def timed(fn, *args):
    """(result, wall seconds, CPU seconds): CPU time is the steadier figure on a shared machine."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, time.perf_counter() - t0, time.process_time() - c0


def _json_row(path: Path, n: int, extractors: list[str]) -> int:
    """One process of --against: CPU ms/page of the bare loop and of each extractor row."""
    import trafilatura  # noqa: F401  (import time is not measured)

    from corpus import extract  # noqa: F401

    row = {"bare": timed(bare_loop, path)[2] / n * 1000}
    for name in extractors:
        row[name] = timed(ours, path, *prepared(name))[2] / n * 1000
    print(json.dumps(row))
    return 0


def compare(a: argparse.Namespace, extractors: list[str]) -> int:
    """--against: rounds of one process per checkout on the same WARC; medians of CPU ms/page."""
    checkouts = {"baseline": a.against.resolve(), "this": REPO}
    rows: dict[str, list[dict[str, float]]] = {k: [] for k in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.gz"
        make_warc(path, a.shared, a.n)
        for _ in range(a.rounds):
            for label, checkout in checkouts.items():
                cmd = [sys.executable, str(Path(__file__).resolve()), "-n", str(a.n), "--warc", str(path),
                       "--json", *(f"--extractor={x}" for x in extractors)]
                out = subprocess.run(cmd, env={**os.environ, "PYTHONPATH": str(checkout)}, check=True,
                                     capture_output=True, text=True).stdout
                rows[label].append(json.loads(out.strip().splitlines()[-1]))
    print(f"{a.n} pages, {a.rounds} rounds, medians of CPU ms/page (ratio = bare / ours, target >= 0.80)")
    for label, runs in rows.items():
        cells = [f"bare {statistics.median(r['bare'] for r in runs):5.1f}"]
        for name in extractors:
            ms = statistics.median(r[name] for r in runs)
            ratio = statistics.median(r["bare"] / r[name] for r in runs)
            cells.append(f"{name} {ms:5.1f} (ratio {ratio:.2f})")
        print(f"  {label:<8} {checkouts[label]}: " + "  ".join(cells))
    return 0


def _median(runs: list[tuple]) -> tuple:
    """(result of the first run, median wall seconds, median CPU seconds)."""
    return runs[0][0], statistics.median(r[1] for r in runs), statistics.median(r[2] for r in runs)


def breakdown(path: Path, extractor: str) -> dict[str, float]:
    """CPU seconds per step of our pipeline over the WARC's payloads (steps run one after another)."""
    from corpus.decode import decode_html
    from corpus.extract import ExtractOptions, Extractor
    from corpus.extraction.meta import read_head_meta
    from corpus.extraction.parse import parse_page
    from corpus.warc_reader import iter_responses

    ex = Extractor(ExtractOptions(extractor=extractor))
    t: Counter[str] = Counter()
    t0 = time.process_time()
    resps = list(iter_responses(path, Counter()))
    t["read (warc_reader)"] += time.process_time() - t0
    for r in resps:
        steps = time.process_time()
        text = decode_html(r.payload, r.content_type).text
        t["decode"] += (now := time.process_time()) - steps
        tree = parse_page(text, controls_removed=True)
        t["parse (lxml)"] += (steps := time.process_time()) - now
        head = read_head_meta(tree, r.uri)
        t["head metadata"] += (now := time.process_time()) - steps
        ex.dom_stage(None).apply(tree)
        t["dom_chrome"] += (steps := time.process_time()) - now
        # as the pipeline calls it
        extracted = ex._main_text(tree, r.uri, r.date, need_date=head.date is None, consume=True)
        t[f"{extractor} (with metadata)"] += (now := time.process_time()) - steps
        if extracted.text:
            from cleaners import clean

            clean(extracted.text, lang="auto", title=extracted.title, stages=ex._stages)
        t["cleaners.clean"] += time.process_time() - now
    return {k: v / max(1, len(resps)) for k, v in t.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=300, help="response records in the WARC")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--breakdown", action="store_true")
    ap.add_argument("--extractor", action="append", choices=("ensemble", "trafilatura"),
                    help="ExtractOptions.extractor of our rows (repeatable; default: both)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each row; medians are reported")
    ap.add_argument("--against", type=Path, help="checkout to compare with this one (see above)")
    ap.add_argument("--rounds", type=int, default=3, help="with --against: processes per checkout")
    ap.add_argument("--warc", type=Path, help=argparse.SUPPRESS)  # --against: the WARC to read
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # --against: one JSON line
    a = ap.parse_args(argv)
    if a.repeat < 1 or a.rounds < 1:
        ap.error("--repeat and --rounds must be >= 1")
    extractors = a.extractor or ["ensemble", "trafilatura"]
    if not os.environ.get("PYTHONPATH"):  # PYTHONPATH names the checkout under test (see --against)
        sys.path.insert(0, str(REPO))
    if a.against:
        return compare(a, extractors)
    if a.json:
        return _json_row(a.warc, a.n, extractors)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.gz"
        size = make_warc(path, a.shared, a.n)
        print(f"WARC: {a.n} pages, {size / 1e6:.1f} MB of HTML, {path.stat().st_size / 1e6:.1f} MB on disk")
        import trafilatura  # noqa: F401  (import time is not measured)

        from corpus import extract  # noqa: F401

        rows = {"bare": [timed(bare_loop, path)]}
        for name in extractors:
            rows[name] = [timed(ours, path, *prepared(name))]
        for _ in range(a.repeat - 1):  # take turns, so a change of machine load hits every row alike
            rows["bare"].append(timed(bare_loop, path))
            for name in extractors:
                rows[name].append(timed(ours, path, *prepared(name)))
        bare_n, bare_s, bare_cpu = _median(rows["bare"])
        print(f"bare trafilatura.extract loop      : {bare_n:5d} docs  {a.n / bare_s:7.1f} pages/s wall"
              f"  {a.n / bare_cpu:7.1f} pages/CPU-s  ({bare_cpu / a.n * 1000:.1f} CPU-ms/page)", flush=True)
        for name in extractors:
            (ours_n, stats), ours_s, ours_cpu = _median(rows[name])
            print(f"ours, extractor={name:<12}    : {ours_n:5d} docs  {a.n / ours_s:7.1f} pages/s wall"
                  f"  {a.n / ours_cpu:7.1f} pages/CPU-s  ({ours_cpu / a.n * 1000:.1f} CPU-ms/page)")
            print(f"  ratio ours/bare: {bare_s / ours_s:.2f} wall, {bare_cpu / ours_cpu:.2f} CPU"
                  f"  (target >= 0.80; median of {a.repeat})")
            skipped = {k: v for k, v in sorted(stats.items())
                       if k.startswith(("extract/skipped", "read/skipped"))}
            print(f"  skipped: {skipped}", flush=True)
            if a.breakdown:
                for step, sec in breakdown(path, name).items():
                    print(f"    {step:<32} {sec * 1000:7.1f} ms/page", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

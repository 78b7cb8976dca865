"""Output parity of the crawl/archive path between two checkouts of this repository.

Crawls the fixture web (tests/fixtureweb) with each checkout, one request at a time (so the order of
exchanges is fixed) and with injected record ids and dates (``WARC_RECORD_FACTORY``), in scenarios:

  fresh      - first crawl, then an unchanged re-crawl (304 and identical-payload revisits), then a
               crawl after an article was edited and one added; small ``WARC_MAX_SIZE`` so files rotate
  disk_full  - a crawl whose WARC disk fills up after 60000 bytes (ENOSPC injected in the writer, as in
               tests/test_faults_process.py), then the rerun that resumes it
  thread     - a first crawl with the writer thread on (``WARC_WRITER_THREAD``, off by default)

After every crawl it compares, byte for byte: the names and bytes of every WARC and CDXJ file, the state
DB (``urls`` and ``lastmods`` rows; ``runs`` without their wall-clock timestamps), the crawl's JSON
summary and its exit status. Every checkout is crawled ``--repeat`` times to show the comparison is
deterministic. Prints the number of differing outputs (0 = same output).

Usage: ``.venv/bin/python bench/crawl_parity.py --against /tmp/base [--repeat 2]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FACTORY_MODULE = '''
"""Deterministic record ids and dates for parity crawls (offset by PARITY_STEP per crawl)."""
import itertools
import os
from datetime import datetime, timedelta, timezone

from crawler.warc.records import RecordFactory


def factory():
    step = int(os.environ.get("PARITY_STEP", "0"))
    ids = itertools.count(step * 1_000_000)
    ticks = itertools.count()
    t0 = datetime(2024, 5, 1, tzinfo=timezone.utc) + timedelta(days=step)
    return RecordFactory(
        new_id=lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(ids):012d}>",
        clock=lambda: t0 + timedelta(milliseconds=next(ticks)),
    )
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def snapshot(warc_dir: Path, state: Path, proc: subprocess.CompletedProcess) -> dict[str, str]:
    """Everything a crawl left, as name -> digest or text."""
    out: dict[str, str] = {"exit": str(proc.returncode)}
    summary = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if summary:
        d = json.loads(summary[-1])
        d["warc_files"] = [Path(p).name for p in d.get("warc_files", [])]
        out["summary"] = json.dumps(d, sort_keys=True)
    for f in sorted(warc_dir.iterdir()):
        if f.name != state.name and not f.name.startswith(state.name):
            out[f"file:{f.name}"] = hashlib.sha256(f.read_bytes()).hexdigest()
    db = sqlite3.connect(state)
    for table, order in (("urls", "url"), ("lastmods", "url")):
        rows = db.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()  # noqa: S608 - fixed names
        out[f"db:{table}"] = hashlib.sha256(repr(rows).encode()).hexdigest()
        out[f"db:{table}:count"] = str(len(rows))
    runs = db.execute("SELECT id, job_key, finished_at IS NOT NULL FROM runs ORDER BY id").fetchall()
    out["db:runs"] = repr(runs)
    db.close()
    return out


def crawl(tree: Path, entry: list[str], tmp: Path, port: int, step: int, settings: dict) -> dict[str, str]:
    from crawler.runner import CrawlConfig, subprocess_args

    cfg = CrawlConfig(tmp / "sources.toml", tmp / "w", settings=settings)
    args = subprocess_args(cfg)
    args = [args[0], *entry, *args[3:]] if entry else args
    env = {**os.environ, "PYTHONPATH": f"{tree}{os.pathsep}{tmp.parent.parent}", "PARITY_STEP": str(step)}
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, cwd=tree)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"crawl failed in {tree}:\n{proc.stderr[-3000:]}")
    return snapshot(cfg.warc_dir, cfg.resolved_state_path, proc)


def run_tree(tree: Path, port: int, work: Path) -> dict[str, dict[str, str]]:
    """scenario/step -> snapshot, for one checkout (the factory module sits in ``work.parent``)."""
    from tests.fixtureweb import FixtureWeb
    from tests.fixtureweb import content as C
    from tests.fixtureweb import sites as S

    out: dict[str, dict[str, str]] = {}
    for scenario in ("fresh", "disk_full", "thread"):
        tmp = work / scenario
        tmp.mkdir(parents=True)
        with FixtureWeb(port=port) as web:
            web.write_sources(tmp / "sources.toml")
            settings = {
                **web.crawl_settings(),
                "CONCURRENT_REQUESTS": 1,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
                "LOG_LEVEL": "ERROR",
                "WARC_RECORD_FACTORY": "parity_factory.factory",
                "WARC_MAX_SIZE": 40_000,
            }
            if scenario == "fresh":
                for step, name in enumerate(("first", "unchanged", "changed")):
                    if name == "changed":
                        web.update_article(
                            "nato", S.NEWS.format(lang="en", day=3, slug="partners-training"),
                            C.paragraphs(99, "en"),
                        )
                        web.add_article("nato", C.Article(
                            "fr", S.NEWS.format(lang="fr", day=9, slug="nouvel-article"), "Nouvel article",
                            "2024-05-09", C.paragraphs(98, "fr"),
                        ))
                    out[f"fresh/{name}"] = crawl(tree, [], tmp, port, step, settings)
            elif scenario == "thread":
                out["thread/first"] = crawl(tree, [], tmp, port, 20, {**settings, "WARC_WRITER_THREAD": True})
            else:
                full = [str(tree / "tests" / "test_faults_process.py"), "60000", "--"]
                out["disk_full/full"] = crawl(tree, full, tmp, port, 10, settings)
                out["disk_full/rerun"] = crawl(tree, [], tmp, port, 11, settings)
    return out


def diff(a: dict[str, dict[str, str]], b: dict[str, dict[str, str]]) -> list[str]:
    lines = []
    for step in sorted(set(a) | set(b)):
        sa, sb = a.get(step, {}), b.get(step, {})
        for key in sorted(set(sa) | set(sb)):
            if sa.get(key) != sb.get(key):
                lines.append(f"{step} {key}: {str(sa.get(key))[:200]} != {str(sb.get(key))[:200]}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--against", type=Path, required=True, help="baseline checkout")
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        (root / "parity_factory.py").write_text(FACTORY_MODULE, encoding="utf-8")
        results: dict[str, list[dict[str, dict[str, str]]]] = {"base": [], "new": []}
        for i in range(a.repeat):
            for label, tree in (("base", a.against.resolve()), ("new", REPO)):
                results[label].append(run_tree(tree, port, root / f"{label}{i}"))
        outputs = sum(len(s) for s in results["base"][0].values())
        for label in results:
            for i, r in enumerate(results[label][1:], 2):
                print(f"{label} run 1 vs run {i}: {len(diff(results[label][0], r))} differing outputs")
        lines = diff(results["base"][0], results["new"][0])
        steps = results["base"][0]
        for step, snap in steps.items():
            files = sum(1 for k in snap if k.startswith("file:"))
            rows = snap["db:urls:count"]
            print(f"  {step}: exit {snap['exit']}, {files} WARC/CDXJ files, {rows} state rows")
        print(f"base vs new: {len(lines)} differing outputs of {outputs}")
        for line in lines[:30]:
            print("  " + line)


if __name__ == "__main__":
    main()

"""Output parity of the crawl/archive path between two checkouts of this repository.

Crawls the fixture web (tests/fixtureweb) with each checkout, one request at a time (so the order of
exchanges is fixed) and with injected record ids and dates (``WARC_RECORD_FACTORY``), in scenarios:

  fresh      - first crawl, then an unchanged re-crawl (304 and identical-payload revisits), then a
               crawl after an article was edited and one added; small ``WARC_MAX_SIZE`` so files rotate
  disk_full  - a crawl whose WARC disk fills up after 60000 bytes (ENOSPC injected in the writer, as in
               tests/test_faults_process.py), then the rerun that resumes it
  thread     - a first crawl with the writer thread on (``WARC_WRITER_THREAD``, off by default)
  inline     - a first crawl and an unchanged re-crawl written in the reactor's thread
               (``WARC_WRITER_PROCESS`` off; the scenarios above use the default, the writer process)

After every crawl it compares, byte for byte: the names and bytes of every WARC and CDXJ file, the state
DB (``urls`` and ``lastmods`` rows; ``runs`` without their wall-clock timestamps), the crawl's JSON
summary and its exit status. Every checkout is crawled ``--repeat`` times to show the comparison is
deterministic. Prints the number of differing outputs (0 = same output).

``--records`` compares what the gzip members hold instead of their compressed bytes (for a checkout whose
gzip library differs, e.g. zlib-ng against zlib, see WARC_GZIP_LIBRARY): per WARC file the decompressed
bytes of every record, in order (each gzip member must be whole and the file nothing but members); CDXJ
lines with ``offset`` and ``length`` replaced by the ordinal of the record they cover (they must cover
exactly one member); state rows with ``ref_offset`` likewise replaced by the ordinal of the record in
``ref_file``. ``--gzip-library NAME`` sets WARC_GZIP_LIBRARY for the new checkout's crawls only.

Usage: ``.venv/bin/python bench/crawl_parity.py --against /tmp/base [--repeat 2] [--records]
[--gzip-library zlib]``
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
import zlib
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Compare:
    """How a crawl's files are compared: their bytes, or (``records``) the records their gzip members hold."""

    records: bool = False


def gzip_members(data: bytes) -> list[tuple[int, int, bytes]]:
    """(offset, length, decompressed bytes) of each gzip member; a cut or corrupt member, or bytes that
    are not a member, end the list with an entry of length -1 (so they show as a difference)."""
    out, pos = [], 0
    while pos < len(data):
        d = zlib.decompressobj(31)
        try:
            raw = d.decompress(data[pos:])
        except zlib.error as e:
            return [*out, (pos, -1, f"not a gzip member: {e}".encode())]
        if not d.eof:
            return [*out, (pos, -1, b"cut gzip member")]
        length = len(data) - pos - len(d.unused_data)
        out.append((pos, length, raw))
        pos += length
    return out


def record_digest(members: list[tuple[int, int, bytes]]) -> str:
    h = hashlib.sha256()
    for _, length, raw in members:
        h.update(b"%d %d\n" % (length < 0, len(raw)) + raw)
    return h.hexdigest()


def ordinal(members: dict[str, dict[int, tuple[int, int]]], file: str | None, offset: int | None) -> str:
    """``#N`` for the record at ``offset`` of WARC ``file`` (``?offset`` when no member starts there)."""
    found = members.get(file or "", {}).get(offset) if offset is not None else None
    return f"#{found[0]}" if found is not None else f"?{offset}"


def cdxj_by_record(text: str, warc: str, members: dict[str, dict[int, tuple[int, int]]]) -> str:
    """CDXJ lines with offset and length replaced by the ordinal of the one whole member they cover."""
    out = []
    for line in text.splitlines():
        key, ts, fields = line.split(" ", 2)
        d = json.loads(fields)
        offset, length = int(d.pop("offset")), int(d.pop("length"))
        span = members.get(warc, {}).get(offset)
        d["record"] = ordinal(members, warc, offset) if span and span[1] == length else f"?{offset}+{length}"
        out.append(f"{key} {ts} {json.dumps(d, sort_keys=True)}")
    return "\n".join(out)


def file_digests(warc_dir: Path, state: Path, compare: Compare) -> tuple[dict[str, str], dict]:
    """name -> digest of every file but the state DB, and (``records``) WARC name -> {offset: (ordinal,
    compressed length)} for the state rows."""
    out: dict[str, str] = {}
    members: dict[str, dict[int, tuple[int, int]]] = {}
    files = sorted(
        f for f in warc_dir.iterdir() if f.name != state.name and not f.name.startswith(state.name)
    )
    for f in files:
        data = f.read_bytes()
        if compare.records and f.name.endswith(".warc.gz"):
            ms = gzip_members(data)
            members[f.name] = {off: (i, ln) for i, (off, ln, _) in enumerate(ms)}
            out[f"file:{f.name}"] = record_digest(ms)
            out[f"file:{f.name}:records"] = str(len(ms))
    for f in files:
        data = f.read_bytes()
        if compare.records and f.name.endswith(".cdxj"):
            warc = f.name.removesuffix(".cdxj") + ".warc.gz"
            data = cdxj_by_record(data.decode(), warc, members).encode()
        if not (compare.records and f.name.endswith(".warc.gz")):
            out[f"file:{f.name}"] = hashlib.sha256(data).hexdigest()
    return out, members


def snapshot(
    warc_dir: Path, state: Path, proc: subprocess.CompletedProcess, compare: Compare = Compare()
) -> dict[str, str]:
    """Everything a crawl left, as name -> digest or text."""
    out: dict[str, str] = {"exit": str(proc.returncode)}
    summary = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if summary:
        d = json.loads(summary[-1])
        d["warc_files"] = [Path(p).name for p in d.get("warc_files", [])]
        out["summary"] = json.dumps(d, sort_keys=True)
    files, members = file_digests(warc_dir, state, compare)
    out.update(files)
    db = sqlite3.connect(state)
    for table, order in (("urls", "url"), ("lastmods", "url")):
        cur = db.execute(f"SELECT * FROM {table} ORDER BY {order}")  # noqa: S608 - fixed names
        rows = cur.fetchall()
        cols = [c[0] for c in cur.description]
        if compare.records and "ref_offset" in cols:
            i, j = cols.index("ref_file"), cols.index("ref_offset")
            rows = [(*r[:j], ordinal(members, r[i], r[j]), *r[j + 1 :]) for r in rows]
        out[f"db:{table}"] = hashlib.sha256(repr(rows).encode()).hexdigest()
        out[f"db:{table}:count"] = str(len(rows))
    runs = db.execute("SELECT id, job_key, finished_at IS NOT NULL FROM runs ORDER BY id").fetchall()
    out["db:runs"] = repr(runs)
    db.close()
    return out


def crawl(
    tree: Path, entry: list[str], tmp: Path, port: int, step: int, settings: dict, compare: Compare
) -> dict[str, str]:
    from crawler.runner import CrawlConfig, subprocess_args

    cfg = CrawlConfig(tmp / "sources.toml", tmp / "w", settings=settings)
    args = subprocess_args(cfg)
    args = [args[0], *entry, *args[3:]] if entry else args
    env = {**os.environ, "PYTHONPATH": f"{tree}{os.pathsep}{tmp.parent.parent}", "PARITY_STEP": str(step)}
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, cwd=tree)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"crawl failed in {tree}:\n{proc.stderr[-3000:]}")
    return snapshot(cfg.warc_dir, cfg.resolved_state_path, proc, compare)


def run_tree(tree: Path, port: int, work: Path, extra: dict, compare: Compare) -> dict[str, dict[str, str]]:
    """scenario/step -> snapshot, for one checkout (the factory module sits in ``work.parent``); ``extra``:
    settings added to every crawl."""
    from tests.fixtureweb import FixtureWeb
    from tests.fixtureweb import content as C
    from tests.fixtureweb import sites as S

    out: dict[str, dict[str, str]] = {}
    for scenario in ("fresh", "disk_full", "thread", "inline"):
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
                **extra,
            }
            if scenario == "fresh":
                for step, name in enumerate(("first", "unchanged", "changed")):
                    if name == "changed":
                        web.update_article(
                            "nato",
                            S.NEWS.format(lang="en", day=3, slug="partners-training"),
                            C.paragraphs(99, "en"),
                        )
                        web.add_article(
                            "nato",
                            C.Article(
                                "fr",
                                S.NEWS.format(lang="fr", day=9, slug="nouvel-article"),
                                "Nouvel article",
                                "2024-05-09",
                                C.paragraphs(98, "fr"),
                            ),
                        )
                    out[f"fresh/{name}"] = crawl(tree, [], tmp, port, step, settings, compare)
            elif scenario == "thread":
                thread = {**settings, "WARC_WRITER_THREAD": True}
                out["thread/first"] = crawl(tree, [], tmp, port, 20, thread, compare)
            elif scenario == "inline":
                inline = {**settings, "WARC_WRITER_PROCESS": False}
                out["inline/first"] = crawl(tree, [], tmp, port, 30, inline, compare)
                out["inline/unchanged"] = crawl(tree, [], tmp, port, 31, inline, compare)
            else:
                full = [str(tree / "tests" / "test_faults_process.py"), "60000", "--"]
                out["disk_full/full"] = crawl(tree, full, tmp, port, 10, settings, compare)
                out["disk_full/rerun"] = crawl(tree, [], tmp, port, 11, settings, compare)
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
    ap.add_argument("--records", action="store_true", help="compare decompressed records, not gzip bytes")
    ap.add_argument("--gzip-library", help="WARC_GZIP_LIBRARY for the new checkout's crawls (zlib, zlib-ng)")
    a = ap.parse_args()
    compare = Compare(records=a.records)
    extra = {"base": {}, "new": {"WARC_GZIP_LIBRARY": a.gzip_library} if a.gzip_library else {}}
    port = free_port()
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        (root / "parity_factory.py").write_text(FACTORY_MODULE, encoding="utf-8")
        results: dict[str, list[dict[str, dict[str, str]]]] = {"base": [], "new": []}
        for i in range(a.repeat):
            for label, tree in (("base", a.against.resolve()), ("new", REPO)):
                results[label].append(run_tree(tree, port, root / f"{label}{i}", extra[label], compare))
        outputs = sum(len(s) for s in results["base"][0].values())
        for label in results:
            for i, r in enumerate(results[label][1:], 2):
                print(f"{label} run 1 vs run {i}: {len(diff(results[label][0], r))} differing outputs")
        lines = diff(results["base"][0], results["new"][0])
        steps = results["base"][0]
        for step, snap in steps.items():
            files = sum(1 for k in snap if k.startswith("file:") and not k.endswith(":records"))
            rows = snap["db:urls:count"]
            print(f"  {step}: exit {snap['exit']}, {files} WARC/CDXJ files, {rows} state rows")
        what = "decompressed records" if a.records else "bytes"
        library = a.gzip_library or "default"
        print(
            f"base vs new (compared: {what}; new gzip library: {library}): "
            f"{len(lines)} differing outputs of {outputs}"
        )
        for line in lines[:30]:
            print("  " + line)


if __name__ == "__main__":
    main()

"""``build_snapshot``: WARC files -> documents -> corpus stages -> a content-addressed Parquet snapshot.

Map (per WARC file, in parallel with ``config.runtime.workers`` processes): extract + clean, spill to disk.
Reduce: learn site boilerplate per source. Map: remove it, filter quality, sign (MinHash), spill sorted.
Reduce: same-URL, exact and near dedup, translation links, over small keys only. Then one sorted merge of
the spills writes the shards; the manifest's hash names the directory. See :mod:`corpus.snapshot`.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import platform
import resource
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from corpus.buildmap import (
    ExtractSummary,
    FileTask,
    PrepareSummary,
    dropped_row,
    extract_file,
    prepare_file,
    read_records,
)
from corpus.buildreduce import Decisions, NearInputs, digest_array, reduce_keys
from corpus.card import render_card
from corpus.config import BuildConfig
from corpus.errors import CorpusError
from corpus.executors import Executor, build_executor
from corpus.progress import Progress
from corpus.scratch import scratch_dir, sweep_stale
from corpus.snapshot import (
    DATA_SCHEMA,
    DROPPED_SCHEMA,
    FORMAT,
    README,
    ShardWriter,
    file_sha256,
    publish,
    schema_description,
    write_text,
)
from corpus.stages.boilerplate import BoilerplateLearner, Pairs
from corpus.stages.keytable import KeyTable
from corpus.stages.sigfiles import SignatureFiles

WARC_SUFFIXES = (".warc", ".warc.gz")
# CPU parts in build order: "extract" is Extractor.extract (extraction and cleaning), "read" WARC reading,
# "setup" the extractor's construction; the rest is the build's own work
CPU_PARTS = ("setup", "read", "extract", "spill+learn", "learn", "filter+sign", "dedup+translations", "write")
VERSIONED = ("newscorpus", "trafilatura", "langdetect", "warcio", "pyarrow", "numpy", "lxml")


@dataclass
class BuildResult:
    path: Path
    snapshot_id: str
    counts: dict[str, Any]
    stats: dict[str, int]
    manifest: dict[str, Any]
    # seconds per phase, not in the manifest: wall time ("extract", ..., "write"), then CPU time by part
    # ("cpu/..." in CPU_PARTS order): the per-file tasks' own accounts (in whichever process ran them) and
    # this process's reduces
    timings: dict[str, float] = field(default_factory=dict)
    # this process's peak resident memory (MB) at the end of each phase, in build order ("extract",
    # "learn", ...): where the build's memory peak is reached (this process runs map tasks too, all of them
    # with 1 worker)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)


@dataclass
class _Paths:
    work: Path  # spill files (deleted at the end)
    tmp: Path  # the snapshot being written (renamed to out_root/<id> at the end)
    out_root: Path


class _Clock:
    """Wall time per phase, CPU time per part (``cpu/<part>``) and peak memory at each phase's end."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.cpu: Counter[str] = Counter()
        self.peak_rss_mb: dict[str, float] = {}
        self._t = time.perf_counter()
        self._cpu = time.process_time()

    def lap(self, name: str, cpu: str = "") -> None:
        """End the wall-clock phase ``name``; ``cpu``: also count this process's CPU time since the last
        lap as that part (for phases that run here, never for the per-file tasks)."""
        now, cpu_now = time.perf_counter(), time.process_time()
        self.timings[name] = round(now - self._t, 3)
        if cpu:
            self.cpu[cpu] += cpu_now - self._cpu
        self._t, self._cpu = now, cpu_now
        self.mark(name)

    def mark(self, name: str) -> None:
        """Note this process's peak resident memory so far as that at the end of ``name``."""
        self.peak_rss_mb[name] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    def add_cpu(self, parts: dict[str, float]) -> None:
        self.cpu.update(parts)

    def report(self) -> dict[str, float]:
        order = {k: i for i, k in enumerate(CPU_PARTS)}
        parts = sorted(self.cpu, key=lambda k: (order.get(k, len(order)), k))
        return {**self.timings, **{f"cpu/{k}": round(self.cpu[k], 3) for k in parts}}


def resolve_inputs(inputs: list[Path]) -> list[Path]:
    """WARC files named or found (recursively) in directories, sorted by name; duplicates removed."""
    found: dict[Path, None] = {}
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.name.endswith(WARC_SUFFIXES):
                    found[f.resolve()] = None
        elif p.is_file():
            found[p.resolve()] = None
        else:
            raise CorpusError(f"input not found: {p}")
    files = sorted(found, key=lambda f: (f.name, str(f)))
    if not files:
        raise CorpusError("no WARC files (*.warc, *.warc.gz) in the inputs")
    names = [f.name for f in files]
    for a, b in zip(names, names[1:], strict=False):
        if a == b:
            raise CorpusError(f"two input files are named {a}: WARC file names must be unique")
    return files


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "unknown"
    return out


def _run(executor: Executor, fn, tasks: list[FileTask], progress: Progress | None, name: str) -> list:
    if progress:
        progress.phase(name, len(tasks))
    out = []
    for task, result in zip(tasks, executor.map(fn, tasks), strict=True):
        out.append(result)
        if progress:
            progress.step(task.path.name)
    if progress:
        progress.done()
    return out


def _call(executor: Executor, fn, *args: Any) -> Any:
    """A corpus-level reduction: on the executor when it can run one (Dask), else here."""
    call = getattr(executor, "call", None)
    return call(fn, *args) if call is not None else fn(*args)


def _release(executor: Executor) -> None:
    """The maps are done: an executor that can let its processes go (a local pool) does so now, so they
    exit while this process reduces and writes."""
    release = getattr(executor, "release", None)
    if release is not None:
        release()


def _learn(pairs: list[dict[str, Pairs]], config: BuildConfig) -> dict[str, np.ndarray]:
    """``pairs``: each file's learning rows per source (:attr:`ExtractSummary.pairs`); the list is emptied
    (the learner frees each source's rows once it has counted them)."""
    learner = BoilerplateLearner(config.boilerplate)
    for by_source in pairs:
        for source, rows in by_source.items():
            learner.add(source, rows)
    pairs.clear()
    return learner.learn() if config.boilerplate.enabled else {}


def _take_pairs(summaries: list[ExtractSummary]) -> list[dict[str, Pairs]]:
    """The files' boilerplate learning rows, no longer held by the summaries (which live to the end)."""
    pairs = [s.pairs for s in summaries]
    for s in summaries:
        s.pairs = {}
    return pairs


def _merged(runs: list[Path]) -> Iterator[tuple[str, int, str, Any]]:
    """All spilled documents in (id, uid) order: a k-way merge of the sorted runs."""
    return heapq.merge(*(read_records(r) for r in runs), key=lambda r: (r[0], r[1]))


def _data_row(row: dict[str, Any], link: Any) -> dict[str, Any]:
    """A :func:`corpus.buildmap.kept_row` completed with what the reduce decided (``link``)."""
    alternates = dict(row["alternates"])
    if link is not None:
        for lang, url in link.alternates.items():
            alternates.setdefault(lang, url)
    row["alternates"] = json.dumps(alternates, sort_keys=True, ensure_ascii=False)
    row["duplicates"] = list(link.duplicates) if link is not None else []
    row["translation_of"] = link.translation_of if link is not None else None
    return row


def _write_shards(tmp: Path, runs: list[Path], decisions: Decisions, config: BuildConfig) -> dict:
    background = config.runtime.workers > 1  # a spare core encodes while this thread merges
    data = ShardWriter(tmp, "data", DATA_SCHEMA, config.snapshot, background)
    dropped = ShardWriter(tmp, "dropped", DROPPED_SCHEMA, config.snapshot, background)
    for doc_id, uid, kind, payload in _merged(runs):
        if kind == "D":
            dropped.write(payload)
            continue
        drop = decisions.drops.get(uid)
        if drop is not None:
            dropped.write(dropped_row(doc_id, payload, drop.stage, drop.reason, drop.duplicate_of))
        else:
            data.write(_data_row(payload, decisions.links.get(uid)))
    return {"data": [s.to_dict() for s in data.close()], "dropped": [s.to_dict() for s in dropped.close()]}


def _counts(summaries: list[ExtractSummary], shards: dict, stats: Counter[str], decisions: Decisions) -> dict:
    dropped = {k.rsplit("/", 1)[1]: v for k, v in sorted(stats.items()) if k.startswith("build/dropped/")}
    return {
        "documents_in": sum(s.documents for s in summaries),
        "documents_out": sum(s["rows"] for s in shards["data"]),
        "dropped": dropped,
        "clusters": dict(sorted(decisions.clusters.items())),
        "input_files": len(summaries),
    }


def build_snapshot(inputs: list[Path], out_root: Path, config: BuildConfig,
                   progress: Progress | None = None, executor: Executor | None = None) -> BuildResult:
    """``executor``: run the per-file stages there (e.g. :class:`corpus.dask_executor.DaskExecutor`; the
    caller closes it); default a :class:`LocalExecutor` with ``config.runtime.workers`` processes."""
    files = resolve_inputs(inputs)
    config.extract_options()
    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    work_parent = Path(config.runtime.tmp_dir) if config.runtime.tmp_dir else out_root
    _sweep(sorted({out_root, work_parent}), progress)
    try:
        with scratch_dir(work_parent, ".tmp-work-") as work, scratch_dir(out_root, ".tmp-") as tmp:
            return _build_in(files, config, _Paths(work, tmp, out_root), executor, progress)
    except OSError as e:  # output side (spills, shards, manifest): e.g. a full disk; inputs are per file
        raise CorpusError(f"cannot write the snapshot under {out_root}: {e.strerror or e}") from e


def _sweep(parents: list[Path], progress: Progress | None) -> None:
    """Remove the scratch directories that killed builds left behind (see :mod:`corpus.scratch`)."""
    for parent in parents:
        removed = sweep_stale(parent, ".tmp-")
        if removed and progress:
            progress.message(f"removed {len(removed)} scratch directories left by killed builds in {parent}")


def _build_in(files: list[Path], config: BuildConfig, paths: _Paths, executor: Executor | None,
              progress: Progress | None) -> BuildResult:
    clock = _Clock()
    own = build_executor(config.runtime.workers) if executor is None else contextlib.nullcontext(executor)
    with own as ex:
        tasks = [FileTask(i, f, paths.work, config) for i, f in enumerate(files)]
        summaries: list[ExtractSummary] = _run(ex, extract_file, tasks, progress, "extract")
        clock.lap("extract")
        learn_cpu = time.process_time()
        chrome = _call(ex, _learn, _take_pairs(summaries), config)
        clock.add_cpu({"learn": time.process_time() - learn_cpu})
        clock.mark("learn")
        tasks = [FileTask(i, f, paths.work, config, chrome) for i, f in enumerate(files)]
        prepared: list[PrepareSummary] = _run(ex, prepare_file, tasks, progress, "filter+sign")
        clock.lap("boilerplate+filter+sign")
        _release(ex)
    # a LocalExecutor's pool processes are gone or leaving; a Dask executor stays open for the reduce
    return _finish(summaries, prepared, config, paths, ex, progress, clock)


def _reduce_inputs(prepared: list[PrepareSummary],
                   config: BuildConfig) -> tuple[KeyTable, np.ndarray, NearInputs]:
    """The files' reduce parts joined into corpus-wide columns (the summaries let go of theirs, so only
    the joined copy outlives this call): keys, digests as (n, 2) uint64, near-dedup inputs (band keys;
    the signatures stay on disk)."""
    parts = [p.part for p in prepared if p.part is not None]
    for p in prepared:
        p.part = None
    keys = KeyTable.concat([p.keys for p in parts])
    digests = digest_array(b"".join(p.digests for p in parts))
    nb = config.near_dedup.bands if config.near_dedup.enabled else 0
    bands = np.concatenate([p.bands for p in parts]) if parts else np.zeros((0, nb), dtype=np.uint64)
    files = [(p.signatures, len(p.keys)) for p in parts if p.signatures is not None and len(p.keys)]
    return keys, digests, NearInputs(bands, SignatureFiles(files, config.near_dedup.num_hashes))


def _finish(summaries: list[ExtractSummary], prepared: list[PrepareSummary], config: BuildConfig,
            paths: _Paths, ex: Executor, progress: Progress | None, clock: _Clock) -> BuildResult:
    """Reduce (dedup, translations) over the keys, write the shards from the spilled runs, publish."""
    keys, digests, near = _reduce_inputs(prepared, config)
    if progress:
        progress.message(f"dedup: {len(keys)} documents")
    decisions = _call(ex, reduce_keys, keys, digests, near, config)
    del keys, digests, near
    clock.lap("dedup+translations", cpu="dedup+translations")
    for part in (*(s.cpu for s in summaries), *(p.cpu for p in prepared)):
        clock.add_cpu(part)
    stats: Counter[str] = Counter()
    for part in (*(s.stats for s in summaries), *(p.stats for p in prepared), decisions.stats):
        stats.update(part)
    if progress:
        progress.message("writing shards")
    tmp = paths.tmp
    shards = _write_shards(tmp, [r for p in prepared for r in p.runs], decisions, config)
    manifest = {
        "format": FORMAT,
        "inputs": [{"name": s.name, "sha256": s.sha256, "bytes": s.size, "documents": s.documents,
                    "error": s.error} for s in summaries],
        "config": config.to_manifest(),
        "versions": _versions(),
        "counts": _counts(summaries, shards, stats, decisions),
        "stats": dict(sorted(stats.items())),
        "shards": shards,
        "schema": {"data": schema_description(DATA_SCHEMA), "dropped": schema_description(DROPPED_SCHEMA)},
    }
    write_text(tmp / README, render_card(manifest))
    manifest["files"] = {README: file_sha256(tmp / README)}
    path = publish(tmp, paths.out_root, manifest)
    final = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    clock.lap("write", cpu="write")
    return BuildResult(path, final["id"], final["counts"], final["stats"], final, clock.report(),
                       clock.peak_rss_mb)

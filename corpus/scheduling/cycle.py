"""One scheduled cycle: incremental crawl (child process) -> build -> publish only if documents changed.

Layout under the work directory (the same as ``corpus run``): ``warc/`` WARC files, ``state.sqlite``
crawl state (conditional requests and revisits on re-crawls), ``snapshots/<id>/`` snapshots and
``snapshots/LATEST`` (the id of the newest one, replaced atomically), ``logs/crawl.log`` (crawl stderr),
``schedule-runs.jsonl`` (one JSON line per cycle). A cycle builds into ``.staging/`` and compares the
result with ``LATEST`` by document id and text hash (:func:`corpus.diffing.diff_snapshots`): unchanged ->
the new build is discarded and ``LATEST`` stays.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from corpus.atomic import atomic_write_text, fsync_dir
from corpus.clock import utc_stamp
from corpus.errors import CorpusError
from corpus.job import JobConfig
from corpus.scheduling.stopper import Interrupted, Stopper

LATEST = "LATEST"
RUNS_LOG = "schedule-runs.jsonl"


@dataclass(frozen=True)
class CycleConfig(JobConfig):
    """The main job's options (sources, workdir, build config, crawl settings) plus the scheduler's
    layout of the work directory."""

    @property
    def snapshots(self) -> Path:
        return self.workdir / "snapshots"


@dataclass
class CycleResult:
    started: str
    finished: str = ""
    status: str = ""  # published | unchanged | interrupted | failed
    snapshot: str | None = None  # LATEST after the cycle
    previous: str | None = None  # LATEST before the cycle
    crawl: dict[str, Any] = field(default_factory=dict)  # pages, revisits, errors, finish_reason
    changes: dict[str, int] = field(default_factory=dict)  # added/removed/changed/unchanged vs previous
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        c = self.crawl
        crawl = f"crawl {c.get('pages', 0)} pages ({c.get('revisits', 0)} revisits)" if c else "no crawl"
        ch = ", ".join(f"{k} {v}" for k, v in self.changes.items()) or "-"
        tail = f" error: {self.error}" if self.error else ""
        return f"{self.status}: {crawl}; documents: {ch}; LATEST {self.snapshot or '-'}{tail}"


def read_latest(snapshots: Path) -> Path | None:
    p = snapshots / LATEST
    if not p.is_file():
        return None
    sid = p.read_text(encoding="utf-8").strip()
    path = snapshots / sid
    if not sid or not (path / "manifest.json").is_file():
        raise CorpusError(f"{p} names {sid!r}, which is not a snapshot in {snapshots}")
    return path


def write_latest(snapshots: Path, snapshot_id: str) -> None:
    """Write ``LATEST`` atomically (temp file, fsync, rename, fsync of the directory)."""
    atomic_write_text(snapshots / LATEST, snapshot_id + "\n")


def crawl(config: CycleConfig, stop: Stopper) -> dict[str, Any]:
    """Run ``python -m crawler.run`` on the work directory; SIGTERM to us is forwarded to it."""
    from crawler.runner import REPO_ROOT, CrawlConfig, subprocess_args

    settings = {"LOG_LEVEL": "WARNING", **config.crawl_settings}
    cc = CrawlConfig(Path(config.sources_path), config.workdir / "warc", config.workdir / "state.sqlite",
                     max_pages=config.max_pages, settings=settings)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    logs = config.workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / "crawl.log", "ab") as err:
        # own session: a terminal's Ctrl-C reaches only us, and we forward exactly one SIGTERM (a second
        # one would make Scrapy shut down uncleanly)
        proc = subprocess.Popen(subprocess_args(cc), stdout=subprocess.PIPE, stderr=err, env=env,
                                start_new_session=True)
        stop.child = proc
        try:
            if stop.stopped:  # a signal arrived just before the child existed
                proc.terminate()
            out, _ = proc.communicate()
        finally:
            stop.child = None
    lines = [ln for ln in out.decode("utf-8", "replace").splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise CorpusError(f"crawl failed (exit {proc.returncode}); see {logs / 'crawl.log'}")
    return json.loads(lines[-1])


def _build(config: CycleConfig, stop: Stopper) -> Path:
    from corpus.build import build_snapshot

    staging = config.workdir / ".staging"
    shutil.rmtree(staging, ignore_errors=True)
    stop.in_build = True
    try:
        if stop.stopped:
            raise Interrupted("stopped before the build")
        return build_snapshot([config.workdir / "warc"], staging, config.build).path
    finally:
        stop.in_build = False


def _publish(config: CycleConfig, built: Path, result: CycleResult) -> None:
    from corpus.diffing import diff_snapshots

    snapshots = config.snapshots
    previous = read_latest(snapshots)
    if previous is not None:
        diff = diff_snapshots(previous, built)
        result.changes = diff.counts()
        if not diff.changes:
            result.status = "unchanged"
            return
    final = snapshots / built.name
    if final.exists():  # same id = same content (content-addressed)
        result.status = "unchanged" if previous == final else "published"
    else:
        os.rename(built, final)
        fsync_dir(snapshots)
        result.status = "published"
    write_latest(snapshots, final.name)
    result.snapshot = final.name


def run_cycle(config: CycleConfig, stop: Stopper) -> CycleResult:
    config.snapshots.mkdir(parents=True, exist_ok=True)
    prev = read_latest(config.snapshots)
    name = prev.name if prev else None
    result = CycleResult(started=utc_stamp(), previous=name, snapshot=name)
    try:
        summary = crawl(config, stop)
        keep = ("pages", "revisits", "replayed", "errors", "finish_reason", "run_id", "resumed")
        result.crawl = {k: summary.get(k) for k in keep}
        if stop.stopped or summary.get("finish_reason") not in ("finished", None):
            result.status = "interrupted"
            return result
        built = _build(config, stop)
        _publish(config, built, result)
    except Interrupted:
        result.status = "interrupted"
    except CorpusError as e:
        result.status, result.error = "failed", str(e)
    finally:
        shutil.rmtree(config.workdir / ".staging", ignore_errors=True)
        result.finished = utc_stamp()
        with open(config.workdir / RUNS_LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps(result.to_dict(), sort_keys=True) + "\n")
    return result

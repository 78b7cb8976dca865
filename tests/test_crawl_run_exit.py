"""``python -m crawler.run`` (the entry point of ``corpus run`` and ``corpus schedule``) exits non-zero when
writing a WARC file failed, so a job never goes on to build and publish from a crawl cut by a full disk."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from crawler.runner import CrawlConfig, subprocess_args
from tests.fixtureweb import FixtureWeb

REPO = Path(__file__).resolve().parent.parent
DISK_FULL = REPO / "tests" / "test_faults_process.py"  # run as a script: crawler.run with ENOSPC injected


def _run(cfg: CrawlConfig, budget: int | None) -> subprocess.CompletedProcess[str]:
    args = subprocess_args(cfg)
    if budget is not None:
        args = [args[0], str(DISK_FULL), str(budget), "--", *args[3:]]
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.slow
def test_crawler_run_exits_1_on_a_full_disk_and_0_when_rerun(fixture_web: FixtureWeb, tmp_path: Path) -> None:
    settings = {**fixture_web.crawl_settings(), "LOG_LEVEL": "ERROR"}
    cfg = CrawlConfig(fixture_web.write_sources(tmp_path / "sources.toml"), tmp_path / "w", settings=settings)
    first = _run(cfg, budget=60000)
    assert first.returncode == 1, first.stderr[-2000:]
    assert "writing a WARC file failed" in first.stderr
    summary = json.loads(first.stdout.strip().splitlines()[-1])  # the summary is still printed
    assert summary["finish_reason"] == "warc_write_failed"
    second = _run(cfg, budget=None)
    assert second.returncode == 0, second.stderr[-2000:]
    assert json.loads(second.stdout.strip().splitlines()[-1])["finish_reason"] == "finished"

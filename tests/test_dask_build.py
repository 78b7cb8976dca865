"""Distributed build: a real Dask ``LocalCluster`` with 2 worker processes builds the same WARCs into a
snapshot byte-identical to the local executor's, through the library and through ``corpus build``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.build import build_snapshot
from corpus.cli import main
from corpus.config import BuildConfig
from corpus.dask_executor import DaskExecutor, make_executor
from corpus.errors import CorpusError
from tests.redis_server import free_port
from tests.warcgen import write_corpus

pytestmark = pytest.mark.slow


def _tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("warcs")
    write_corpus(d)
    return d


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as c, Client(c) as client:
        yield c, client


def test_dask_snapshot_is_byte_identical_to_local(warcs: Path, cluster, tmp_path: Path) -> None:
    c, client = cluster
    local = build_snapshot([warcs], tmp_path / "local", BuildConfig())
    seen_before = {w: len(log) for w, log in client.run(_task_log).items()}
    with DaskExecutor(client=client) as ex:
        assert ex.workers == 2
        dask = build_snapshot([warcs], tmp_path / "dask", BuildConfig(), executor=ex)
    assert dask.snapshot_id == local.snapshot_id
    assert _tree(dask.path) == _tree(local.path)
    assert dask.counts["documents_out"] > 0
    assert not [p for p in (tmp_path / "dask").iterdir() if p.name.startswith(".tmp")]
    # the work really ran on the cluster's worker processes (not in this process), on both of them
    logs = client.run(_task_log)
    ran = {w: len(log) - seen_before.get(w, 0) for w, log in logs.items()}
    assert len(ran) == 2 and all(n > 0 for n in ran.values()), ran
    names = {str(k).split("-", 1)[0] for log in logs.values() for k in log}
    assert {"extract_file", "prepare_file", "_learn", "reduce_keys"} <= names, names  # reductions too
    assert client.run(os.getpid).keys() and os.getpid() not in client.run(os.getpid).values()


def _task_log(dask_worker) -> list:
    stages = ("extract_file", "prepare_file", "_learn", "reduce_keys")
    return sorted({k for k, *_ in dask_worker.state.log if str(k).startswith(stages)})


def test_cli_build_with_dask_scheduler(warcs: Path, cluster, tmp_path: Path) -> None:
    c, _ = cluster
    runner = CliRunner()
    local = runner.invoke(main, ["build", str(warcs), "--out", str(tmp_path / "a"), "--workers", "1"])
    assert local.exit_code == 0, local.output
    dask = runner.invoke(main, ["build", str(warcs), "--out", str(tmp_path / "b"), "--executor", "dask",
                                "--scheduler", c.scheduler_address])
    assert dask.exit_code == 0, dask.output
    a, b = Path(local.stdout.strip().splitlines()[-1]), Path(dask.stdout.strip().splitlines()[-1])
    assert a.name == b.name and _tree(a) == _tree(b)


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path, warcs: Path) -> None:
    with pytest.raises(CorpusError, match="cannot reach the Dask scheduler"):
        DaskExecutor(f"tcp://127.0.0.1:{free_port()}", timeout=1)
    with pytest.raises(CorpusError, match="needs a scheduler address"):
        make_executor("dask")
    res = CliRunner().invoke(main, ["build", str(warcs), "--out", str(tmp_path / "x"), "--executor", "dask"])
    assert res.exit_code == 1 and "needs a scheduler address" in res.output

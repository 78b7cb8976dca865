"""corpus.executors.LocalExecutor: results in item order for any worker count, this process working beside
its pool, errors raised in their turn, pool processes started early with their modules imported."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from corpus.executors import LocalExecutor


def _square_late(n: int) -> tuple[int, int]:
    """n*n, after a pause that makes early items finish last; and the process that computed it."""
    time.sleep(0.01 * (5 - n % 5))
    return n * n, os.getpid()


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("item 3 is bad")
    time.sleep(0.02)
    return n


def _meet(folder: str) -> int:
    """Note this process in ``folder``, then wait (up to 20 s) until two processes have: an item that
    only returns once this process and a pool process both run one."""
    Path(folder, str(os.getpid())).touch()
    deadline = time.monotonic() + 20
    while len(os.listdir(folder)) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    return os.getpid()


def _meet_imported(folder: str) -> tuple[int, bool]:
    return _meet(folder), "xml.dom.minidom" in sys.modules


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_results_come_in_item_order(workers):
    with LocalExecutor(workers) as ex:
        out = list(ex.map(_square_late, list(range(8))))
    assert [v for v, _ in out] == [n * n for n in range(8)]
    pids = {pid for _, pid in out}
    assert len(pids) <= workers
    if workers == 1:
        assert pids == {os.getpid()}


def test_this_process_works_beside_the_pool(tmp_path):
    with LocalExecutor(2) as ex:
        pids = list(ex.map(_meet, [str(tmp_path)] * 2))
    assert os.getpid() in pids  # the caller ran an item itself
    assert len(set(pids)) == 2  # and the pool's one process the other, at the same time


def test_the_pool_is_reused_across_maps(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with LocalExecutor(2) as ex:
        first = set(ex.map(_meet, [str(tmp_path / "a")] * 2))
        second = set(ex.map(_meet, [str(tmp_path / "b")] * 2))
    assert len(first) == 2 and first == second  # the same pool process both times


@pytest.mark.parametrize("workers", [1, 2])
def test_an_item_error_is_raised_in_its_turn(workers):
    got = []
    with LocalExecutor(workers) as ex, pytest.raises(ValueError, match="item 3 is bad"):
        for v in ex.map(_fail_on_three, list(range(8))):
            got.append(v)
    assert got == [0, 1, 2]  # every result before the bad item was delivered, in order


def test_started_pool_processes_import_the_preload_modules(tmp_path):
    assert "xml.dom.minidom" not in sys.modules or pytest.skip("this process already imported it")
    with LocalExecutor(2, preload=("xml.dom.minidom",)) as ex:
        ex.start()
        out = dict(ex.map(_meet_imported, [str(tmp_path)] * 2))
    assert out.pop(os.getpid()) is False and list(out.values()) == [True]
    assert "xml.dom.minidom" not in sys.modules  # only the pool processes imported it


def test_one_worker_starts_no_process():
    ex = LocalExecutor(1).start()
    assert list(ex.map(_square_late, [1, 2])) == [(1, os.getpid()), (4, os.getpid())]
    ex.close()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_released_pool_exits_and_a_later_map_starts_a_new_one(tmp_path):
    with LocalExecutor(2) as ex:
        first = set(ex.map(_meet, [str(tmp_path)] * 2)) - {os.getpid()}
        ex.release()
        deadline = time.monotonic() + 10
        while not all(_gone(p) for p in first) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert first and all(_gone(p) for p in first)
        again = list(ex.map(_square_late, list(range(8))))
    assert [v for v, _ in again] == [n * n for n in range(8)]
    assert not {pid for _, pid in again} & first

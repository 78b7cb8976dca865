"""The five real seeds (text as a common extractor returned it, with gold keep/drop lists) must all
score PERFECT with the shared scorer driving ``corpus clean-text --lang fr -``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCORER = SHARED / "tools" / "score_seeds.py"
CORPUS_BIN = Path(sys.executable).with_name("corpus")


def test_shared_material_present() -> None:
    assert SCORER.is_file(), f"missing {SCORER}: the seeds scorer lives in ../shared relative to the repo"
    assert len(list((SHARED / "seeds").glob("*.gold.json"))) >= 5, f"missing seeds in {SHARED / 'seeds'}"


@pytest.mark.slow
def test_every_seed_is_perfect() -> None:
    if not SCORER.is_file():
        pytest.fail(f"missing {SCORER}")
    assert CORPUS_BIN.is_file(), f"console script not installed next to {sys.executable}"
    run = subprocess.run(
        [sys.executable, str(SCORER), "--", str(CORPUS_BIN), "clean-text", "--lang", "fr", "-"],
        capture_output=True, text=True, timeout=300,
    )
    lines = run.stdout.strip().splitlines()
    assert run.returncode == 0, run.stdout + run.stderr
    seeds = [ln for ln in lines if ln.endswith(".txt") or ".txt:" in ln]
    assert len(seeds) >= 5 and all(ln.rstrip().endswith("PERFECT") for ln in seeds), run.stdout
    assert lines[-1].endswith("all perfect"), run.stdout

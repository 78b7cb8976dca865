"""Snapshot files: deterministic Parquet, canonical manifest, and verify catching any damage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from corpus.build import build_snapshot
from corpus.cli import main
from corpus.config import BuildConfig, SnapshotOptions, config_from_dict
from corpus.errors import CorpusError
from corpus.loader import load
from corpus.snapshot import DATA_SCHEMA, ShardWriter, canonical_json, snapshot_id
from corpus.verify import verify_snapshot
from tests.warcgen import Page, words, write_warc


def _rows(n: int) -> list[dict]:
    base = {f.name: None for f in DATA_SCHEMA}
    removed = [{"stage": "s", "reason": "r", "text": "t"}]
    return [{**base, "id": f"{i:024x}", "url": f"https://x/{i}", "text": words(i, 30), "warc_offset": i,
             "removed": removed, "duplicates": [f"{i}"]} for i in range(n)]


def test_shard_writer_is_byte_deterministic_with_exact_row_groups(tmp_path):
    opts = SnapshotOptions(rows_per_shard=25, row_group_size=10)
    outs = []
    for run in ("a", "b"):
        w = ShardWriter(tmp_path / run, "data", DATA_SCHEMA, opts)
        for r in _rows(60):
            w.write(r)
        outs.append(w.close())
    assert [s.rows for s in outs[0]] == [25, 25, 10]
    assert outs[0] == outs[1]
    for s in outs[0]:
        assert (tmp_path / "a" / s.path).read_bytes() == (tmp_path / "b" / s.path).read_bytes()
    md = pq.ParquetFile(tmp_path / "a" / outs[0][0].path).metadata
    assert [md.row_group(i).num_rows for i in range(md.num_row_groups)] == [10, 10, 5]
    assert md.row_group(0).column(0).compression == "ZSTD"
    assert pq.read_table(tmp_path / "a" / outs[0][2].path).to_pylist() == _rows(60)[50:]


@pytest.mark.parametrize("rows", [0, 7, 60])
def test_shard_writer_in_the_background_writes_the_same_bytes(tmp_path, rows):
    opts = SnapshotOptions(rows_per_shard=25, row_group_size=10)
    outs = []
    for run, background in (("fg", False), ("bg", True)):
        w = ShardWriter(tmp_path / run, "data", DATA_SCHEMA, opts, background=background)
        for r in _rows(rows):
            w.write(r)
        outs.append(w.close())
    assert outs[0] == outs[1] and len(outs[0]) == max(1, -(-rows // 25))
    for s in outs[0]:
        assert (tmp_path / "fg" / s.path).read_bytes() == (tmp_path / "bg" / s.path).read_bytes()


def test_shard_writer_in_the_background_raises_a_write_error(tmp_path, monkeypatch):
    w = ShardWriter(tmp_path, "data", DATA_SCHEMA, SnapshotOptions(rows_per_shard=25, row_group_size=10),
                    background=True)
    for r in _rows(10):  # the first row group goes to the thread with the real writer
        w.write(r)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(w._writer, "write_table", disk_full)  # the next one fails in the thread
    with pytest.raises(OSError, match="No space left"):
        for r in _rows(10):
            w.write(r)
        w.close()


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("in")
    pages = [Page(f"https://s.example/en/news/2024/02/{i:02d}/p.html", f"Title {chr(65 + i)}",
                  [words(40 + i * 3 + j, 60) for j in range(3)], f"2024-02-{i + 1:02d}") for i in range(4)]
    write_warc(d / "one.warc.gz", pages)
    cfg = config_from_dict({"snapshot": {"rows_per_shard": 3, "row_group_size": 2}})
    return build_snapshot([d], tmp_path_factory.mktemp("out"), cfg).path


def test_manifest_is_canonical_and_names_the_directory(snapshot):
    raw = (snapshot / "manifest.json").read_text()
    m = json.loads(raw)
    assert raw == canonical_json(m)
    assert m["id"] == snapshot.name == snapshot_id(m)
    assert [s["rows"] for s in m["shards"]["data"]] == [3, 1]
    assert verify_snapshot(snapshot).ok


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("target", ["data/part-00001.parquet", "dropped/part-00000.parquet", "manifest.json",
                                    "README.md"])
def test_verify_catches_a_flipped_byte(snapshot, tmp_path, target):
    copy = tmp_path / snapshot.name
    shutil.copytree(snapshot, copy)
    size = (copy / target).stat().st_size
    _flip(copy / target, size // 2)
    report = verify_snapshot(copy)
    assert not report.ok
    assert any(p.startswith(target) for p in report.problems), report.problems
    res = CliRunner().invoke(main, ["verify", str(copy)])
    assert res.exit_code == 1 and target in res.output
    with pytest.raises(CorpusError, match="failed verification"):
        load(copy)
    if target != "manifest.json":  # verify=False skips the checksums (the manifest still parses)
        assert load(copy, verify=False).id == snapshot.name


def test_verify_catches_reformatted_manifest_missing_and_unlisted_shards(snapshot, tmp_path):
    copy = tmp_path / "c1"
    shutil.copytree(snapshot, copy)
    m = json.loads((copy / "manifest.json").read_text())
    (copy / "manifest.json").write_text(json.dumps(m, indent=1, sort_keys=True))  # same content, edited
    assert any("canonical" in p for p in verify_snapshot(copy).problems)

    copy2 = tmp_path / "c2"
    shutil.copytree(snapshot, copy2)
    shutil.copy(copy2 / "data/part-00000.parquet", copy2 / "data/part-00009.parquet")
    (copy2 / "data/part-00001.parquet").unlink()
    problems = verify_snapshot(copy2).problems
    assert "data/part-00001.parquet: missing" in problems
    assert any(p.startswith("data/part-00009.parquet: shard not listed") for p in problems)
    assert not verify_snapshot(tmp_path / "nope").ok


def test_same_rows_in_a_different_schema_fail_verification(snapshot, tmp_path):
    copy = tmp_path / "c"
    shutil.copytree(snapshot, copy)
    shard = copy / "data/part-00001.parquet"
    table = pq.read_table(shard).drop_columns(["metadata"])
    pq.write_table(table, shard)
    problems = verify_snapshot(copy).problems
    assert any("sha256 mismatch" in p for p in problems)


def test_empty_build_output_still_has_schema(tmp_path):
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "short.warc.gz",
               [Page("https://s.example/a", "Tiny", ["Too short to keep as an article, really."])])
    result = build_snapshot([tmp_path / "in"], tmp_path / "out", BuildConfig())
    assert result.counts["documents_out"] == 0
    assert pq.read_schema(result.path / "data/part-00000.parquet").equals(DATA_SCHEMA)
    assert verify_snapshot(result.path).ok and len(load(result.path)) == 0

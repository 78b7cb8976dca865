"""End-to-end build tests on deterministic WARCs (tests/warcgen.py): determinism, dedup, translations,
boilerplate, provenance, crash-safe publishing, the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.build import build_snapshot
from corpus.cli import main
from corpus.config import BuildConfig, config_from_dict, load_config
from corpus.errors import CorpusError
from corpus.loader import load
from tests.warcgen import Page, words, write_corpus, write_warc

NEWS = "https://news.example"
A = f"{NEWS}/en/news/2024/03/01/summit.html"
A_FR = f"{NEWS}/fr/news/2024/03/01/summit.html"
A_COPY = f"{NEWS}/en/news/2024/03/06/summit-republished.html"
A_NEAR = "https://wire.example/stories/2024/03/02/summit-wire.html"
SAME_EVENT = "https://wire.example/stories/2024/03/01/leaders-arrive.html"
TAGLINE = "News Example is the independent newsroom covering the alliance from Brussels since 1998."


@pytest.fixture(scope="module")
def warcs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("warcs")
    write_corpus(d)
    return d


@pytest.fixture(scope="module")
def built(warcs, tmp_path_factory):
    root = tmp_path_factory.mktemp("snap1")
    return build_snapshot([warcs], root, BuildConfig())


def _tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_same_inputs_same_bytes_with_one_or_two_workers(warcs, built, tmp_path):
    files = sorted(warcs.iterdir())
    again = build_snapshot(list(reversed(files)), tmp_path, BuildConfig().with_runtime(workers=2))
    assert again.snapshot_id == built.snapshot_id
    assert again.path.name == built.snapshot_id
    assert _tree(again.path) == _tree(built.path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp")]  # temp dirs cleaned


def test_config_change_changes_id(warcs, built, tmp_path):
    cfg = config_from_dict({"near_dedup": {"threshold": 0.95}})
    other = build_snapshot([warcs], tmp_path, cfg)
    assert other.snapshot_id != built.snapshot_id
    assert other.manifest["config"]["near_dedup"]["threshold"] == 0.95


def test_exact_and_near_duplicates_collapsed_into_earliest(built):
    snap = load(built.path)
    urls = {d["url"]: d for d in snap}
    assert A in urls and A_COPY not in urls and A_NEAR not in urls
    keeper = urls[A]
    dropped = {d["url"]: d for d in snap.dropped()}
    assert dropped[A_COPY]["reason"] == "exact_duplicate" and dropped[A_COPY]["duplicate_of"] == keeper["id"]
    assert dropped[A_NEAR]["reason"] == "near_duplicate" and dropped[A_NEAR]["duplicate_of"] == keeper["id"]
    assert keeper["duplicates"] == sorted([dropped[A_COPY]["id"], dropped[A_NEAR]["id"]])
    assert dropped[A_NEAR]["text"]  # nothing silently lost: the dropped text is there
    assert built.counts["dropped"] == {"exact_duplicate": 1, "near_duplicate": 1}
    assert built.counts["clusters"]["near_duplicate"] == 1


def test_same_event_articles_and_translations_both_stay_and_are_linked(built):
    urls = {d["url"]: d for d in load(built.path)}
    assert SAME_EVENT in urls
    en, fr = urls[A], urls[A_FR]
    assert en["lang"] == "en" and fr["lang"] == "fr"
    assert fr["translation_of"] == en["id"] and en["translation_of"] is None
    assert en["alternates"]["fr"] == A_FR and fr["alternates"]["en"] == A
    # the French version quotes an English paragraph of A: still not a duplicate of it
    assert fr["id"] not in en["duplicates"]


def test_site_boilerplate_removed_and_logged_but_shared_quote_kept(built):
    docs = list(load(built.path))
    news = [d for d in docs if d["url"].startswith(NEWS)]
    assert len(news) >= 3
    for d in news:
        assert TAGLINE not in d["text"]
        assert {"stage": "site_boilerplate", "reason": "recurring_paragraph", "text": TAGLINE} in d["removed"]
        assert TAGLINE in d["extracted_text"]
    shared = words(900, 40)  # in exactly two news.example articles: under the 3-document floor
    assert sum(shared in d["text"] for d in news) == 2
    wire = [d for d in docs if d["url"].startswith("https://wire.example")]
    assert all(not any(r["stage"] == "site_boilerplate" for r in d["removed"]) for d in wire)


def test_provenance_points_at_the_record(built, warcs):
    from warcio.archiveiterator import ArchiveIterator

    for d in load(built.path):
        with open(warcs / d["warc_file"], "rb") as f:
            f.seek(d["warc_offset"])
            record = next(iter(ArchiveIterator(f)))
            assert record.rec_headers.get_header("WARC-Target-URI") == d["url"]
            assert record.rec_headers.get_header("WARC-Record-ID") == d["warc_record_id"]
            assert record.rec_headers.get_header("WARC-Date") == d["fetched_at"]


def test_manifest_records_inputs_config_versions(built, warcs):
    m = built.manifest
    assert [i["name"] for i in m["inputs"]] == sorted(p.name for p in warcs.iterdir())
    assert all(len(i["sha256"]) == 64 for i in m["inputs"])
    assert {"newscorpus", "trafilatura", "langdetect", "warcio", "pyarrow", "python"} <= set(m["versions"])
    assert m["config"]["near_dedup"]["bands"] == 14 and "runtime" not in m["config"]
    assert m["counts"]["documents_in"] == 8 and m["counts"]["documents_out"] == 6
    assert m["stats"]["build/removed/site_boilerplate/recurring_paragraph"] == 6
    readme = (built.path / "README.md").read_text()
    assert "| text | string |" in readme and "documents kept: 6" in readme


def test_rebuild_into_same_root_keeps_existing_snapshot(warcs, built):
    before = (built.path / "manifest.json").stat().st_mtime_ns
    again = build_snapshot([warcs], built.path.parent, BuildConfig())
    assert again.path == built.path
    assert (built.path / "manifest.json").stat().st_mtime_ns == before
    assert not [p for p in built.path.parent.iterdir() if p.name.startswith(".tmp")]


def test_damaged_input_is_counted_and_the_rest_is_built(tmp_path):
    (tmp_path / "in").mkdir()
    pages = [Page(f"{NEWS}/en/news/2024/01/0{i}/s.html", f"Story {i}", [words(i, 80)], f"2024-01-0{i}")
             for i in range(1, 3)]
    good = write_warc(tmp_path / "in" / "good.warc.gz", pages)
    data = good.read_bytes()
    (tmp_path / "in" / "cut.warc.gz").write_bytes(data[: len(data) // 2 + 7])
    result = build_snapshot([tmp_path / "in"], tmp_path / "out", BuildConfig())
    assert result.counts["documents_out"] >= 2
    assert any(k.startswith("read/skipped") or k.startswith("build/input_errors") for k in result.stats)
    assert [i["name"] for i in result.manifest["inputs"]] == ["cut.warc.gz", "good.warc.gz"]


def test_bad_inputs_and_config_are_clear_errors(tmp_path):
    with pytest.raises(CorpusError, match="no WARC files"):
        build_snapshot([tmp_path], tmp_path / "out", BuildConfig())
    with pytest.raises(CorpusError, match="input not found"):
        build_snapshot([tmp_path / "missing.warc.gz"], tmp_path / "out", BuildConfig())
    cfg = tmp_path / "build.toml"
    cfg.write_text("[near_dedup]\nbandz = 3\n")
    with pytest.raises(CorpusError, match="near_dedup.bandz"):
        load_config(cfg)
    cfg.write_text("[quality]\nmin_words = 'many'\n")
    with pytest.raises(CorpusError, match="quality.min_words"):
        load_config(cfg)
    cfg.write_text("[extract]\nlangue = 'fr'\n")
    with pytest.raises(CorpusError, match="extract.langue"):
        load_config(cfg)


def test_cli_build_verify_diff_export(warcs, built, tmp_path):
    runner = CliRunner()
    cfg = tmp_path / "build.toml"
    cfg.write_text("[quality]\nmin_words = 50\n[runtime]\nworkers = 1\n")
    res = runner.invoke(main, ["build", str(warcs), "--out", str(tmp_path / "snaps"), "--workers", "1",
                               "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    last = res.stdout.strip().splitlines()[-1]
    assert Path(last).name == built.snapshot_id
    assert "near_duplicate" in res.stderr and "documents out" in res.stderr

    res = runner.invoke(main, ["verify", last])
    assert res.exit_code == 0 and res.stdout.startswith("OK ")

    res = runner.invoke(main, ["export", last])
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(lines) == 6 and {x["url"] for x in lines} == {d["url"] for d in load(built.path)}

    out = tmp_path / "all.parquet"
    res = runner.invoke(main, ["export", last, "--format", "parquet", "--out", str(out)])
    assert res.exit_code == 0, res.output
    import pyarrow.parquet as pq

    assert pq.read_table(out).column("id").to_pylist() == sorted(d["id"] for d in load(built.path))

    res = runner.invoke(main, ["build", str(tmp_path / "nothing-here"), "--out", str(tmp_path)])
    assert res.exit_code != 0


def test_diff_reports_added_removed_changed(warcs, built, tmp_path):
    d2 = tmp_path / "w2"
    shutil.copytree(warcs, d2)
    (d2 / "wire-1.warc.gz").unlink()  # removes the same-event article (and the near-duplicate)
    write_warc(d2 / "extra.warc.gz", [Page(f"{NEWS}/en/news/2024/04/01/new.html", "A new story",
                                           [words(7000 + i, 60) for i in range(3)], "2024-04-01")])
    other = build_snapshot([d2], tmp_path / "out", BuildConfig())
    res = CliRunner().invoke(main, ["diff", str(built.path), str(other.path)])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert f"- {SAME_EVENT}" in lines and f"+ {NEWS}/en/news/2024/04/01/new.html" in lines
    assert lines[-1].startswith("1 added, 1 removed, 0 changed")
    res = CliRunner().invoke(main, ["diff", "--json", str(built.path), str(other.path)])
    assert json.loads(res.stdout)["counts"]["added"] == 1


def test_progress_plain_lines_off_a_terminal_and_live_line_on_one():
    import io

    from corpus.progress import Progress

    plain = io.StringIO()
    p = Progress(plain, tty=False)
    p.phase("extract", 2)
    p.step("a.warc.gz")
    p.step("b.warc.gz")
    p.done()
    lines = plain.getvalue().splitlines()
    assert lines[0] == "extract: 2 item(s)" and lines[1].startswith("extract [1/2] a.warc.gz")
    assert "\r" not in plain.getvalue() and len(lines) == 3

    live = io.StringIO()
    p = Progress(live, tty=True)
    p.phase("extract", 2)
    p.step("a.warc.gz")
    p.step("b.warc.gz")
    p.done()
    assert live.getvalue().count("\r\x1b[2K") == 2 and live.getvalue().endswith("\n")


def test_small_sorted_runs_give_the_same_bytes(warcs, built, tmp_path, monkeypatch):
    """The prepare phase spills sorted runs of at most RUN_DOCS documents (external sort); the merged
    output must not depend on the run size."""
    import corpus.buildmap

    monkeypatch.setattr(corpus.buildmap, "RUN_DOCS", 2)
    again = build_snapshot([warcs], tmp_path, BuildConfig())
    assert _tree(again.path) == _tree(built.path)


def test_cpu_breakdown_by_part_is_reported_outside_the_manifest(warcs, built):
    """build_snapshot reports wall seconds per phase and CPU seconds per part (extraction apart from the
    build's own work); none of it reaches the manifest, so it cannot change the snapshot id."""
    from corpus.build import CPU_PARTS

    cpu = {k[4:]: v for k, v in built.timings.items() if k.startswith("cpu/")}
    assert list(cpu) == [p for p in CPU_PARTS if p in cpu]
    assert {"setup", "read", "extract", "spill+learn", "filter+sign", "write"} <= set(cpu)
    assert all(v >= 0 for v in cpu.values())
    assert cpu["extract"] > cpu["read"]  # extraction and cleaning dominate reading these small files
    assert "cpu/" not in json.dumps(built.manifest)
    assert {"extract", "write"} <= set(built.timings)


def test_peak_memory_by_phase_is_reported_outside_the_manifest(built):
    """The peak RSS at the end of each phase (a high-water mark: it never falls), for finding where
    memory grows with the corpus; not in the manifest."""
    peaks = built.peak_rss_mb
    assert list(peaks) == ["extract", "learn", "boilerplate+filter+sign", "dedup+translations", "write"]
    values = list(peaks.values())
    assert values[0] > 10 and values == sorted(values)
    assert "peak_rss" not in json.dumps(built.manifest)

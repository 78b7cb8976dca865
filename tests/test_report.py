"""Report data gathering, alignment of removed spans, HTML escaping and the report/inspect commands.

The snapshots here are written with pyarrow following the snapshot layout (``manifest.json``,
``data/part-*.parquet``, ``dropped/part-*.parquet``) so each case controls exactly what was removed.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.cli import main
from corpus.report import ReportOptions, align, gather_report, render_html, write_report
from corpus.report.alignment import UNRECORDED

REMOVED = pa.list_(pa.struct([("stage", pa.string()), ("reason", pa.string()), ("text", pa.string())]))
DOC_SCHEMA = pa.schema([
    ("id", pa.string()), ("url", pa.string()), ("source", pa.string()), ("title", pa.string()),
    ("date", pa.string()), ("lang", pa.string()), ("text", pa.string()), ("extracted_text", pa.string()),
    ("removed", REMOVED), ("duplicates", pa.list_(pa.string())), ("warc_file", pa.string()),
    ("warc_offset", pa.int64()), ("warc_record_id", pa.string()), ("fetched_at", pa.string()),
])  # fmt: skip
DROPPED_SCHEMA = pa.schema(
    [(n, pa.string()) for n in ("id", "url", "source", "stage", "reason", "duplicate_of", "text")]
)

COOKIE = "Ce site utilise des cookies et des traceurs. Tout accepterTout refuserPersonnaliser"
CAPTION = "Photo : Jean Martin / AFP"
HOSTILE = "Texte </script><script>alert('pwned')</script> et <img src=x onerror=alert(1)> fin"


def doc_id(n: int) -> str:
    return hashlib.sha256(f"doc-{n}".encode()).hexdigest()[:24]


def _doc(n: int, source: str, paragraphs: list[tuple[str, str | None]], **extra: object) -> dict:
    """A document whose extracted text is ``paragraphs`` and whose text keeps those without a stage."""
    removed = [
        {"stage": stage, "reason": f"{stage}-rule", "text": text} for text, stage in paragraphs if stage
    ]
    doc = {
        "id": doc_id(n), "url": f"https://{source}/article/{n}", "source": source, "title": f"Article {n}",
        "date": f"2024-03-{n:02d}", "lang": "fr", "text": "\n".join(t for t, s in paragraphs if not s),
        "extracted_text": "\n".join(t for t, _ in paragraphs), "removed": removed, "duplicates": [],
        "warc_file": f"crawl-{n:05d}.warc.gz", "warc_offset": 1000 + n, "warc_record_id": f"<urn:uuid:{n}>",
        "fetched_at": "2024-04-01T00:00:00Z",
    }  # fmt: skip
    doc.update(extra)
    return doc


def write_snapshot(root: Path, docs: list[dict], dropped: list[dict], stats: dict | None = None) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "dropped").mkdir()
    docs = sorted(docs, key=lambda d: d["id"])
    half = len(docs) // 2 or 1  # two shards, so reading across shards is exercised
    for i, part in enumerate((docs[:half], docs[half:])):
        if part:
            pq.write_table(pa.Table.from_pylist(part, schema=DOC_SCHEMA), root / f"data/part-{i:05d}.parquet")
    pq.write_table(pa.Table.from_pylist(dropped, schema=DROPPED_SCHEMA), root / "dropped/part-00000.parquet")
    manifest = {"id": "testsnap0001", "stats": stats or {}, "inputs": [{"name": "crawl-00001.warc.gz"}]}
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


def fixture_docs() -> tuple[list[dict], list[dict]]:
    body = "Les ministres de la Défense se sont réunis jeudi à Bruxelles pour discuter du soutien."
    docs = [
        _doc(
            1,
            "site-a.example",
            [(COOKIE, "consent"), (body, None), ("Le sommet a duré deux jours.", None)],
            duplicates=["https://site-a.example/article/90"],
        ),
        _doc(
            2,
            "site-a.example",
            [
                (COOKIE, "consent"),
                ("Un accord a été signé mardi soir.", None),
                ("Un accord a été signé mardi soir.", "repeated_paragraph"),
            ],
        ),
        _doc(3, "site-a.example", [(COOKIE, "consent"), ("La réunion a été reportée.", None)]),
        _doc(
            4,
            "site-b.example",
            [(HOSTILE, None), ("<b>Lire aussi</b> : autre article", "read_also")],
            title="<script>alert('title')</script>",
            url="javascript:alert(1)",
            lang="en",
        ),
        _doc(5, "site-b.example", [("The alliance met on Monday.", None)], lang="en", date=None),
    ]
    # a trimmed paragraph: the caption is cut from the end of a kept paragraph
    docs[2]["extracted_text"] = f"{COOKIE}\nLa réunion a été reportée. {CAPTION}"
    docs[2]["removed"].append({"stage": "caption", "reason": "photo_credit", "text": CAPTION})
    dropped = [
        {"id": doc_id(90), "url": "https://site-a.example/article/90", "source": "site-a.example",
         "stage": "near_duplicate", "reason": "minhash", "duplicate_of": doc_id(1), "text": body + " Maj"},
        {"id": doc_id(91), "url": "https://site-a.example/article/91", "source": "site-a.example",
         "stage": "exact_duplicate", "reason": "sha256", "duplicate_of": "https://site-a.example/article/1",
         "text": body},
        {"id": doc_id(92), "url": "https://site-b.example/article/92", "source": "site-b.example",
         "stage": "quality", "reason": "too_short", "duplicate_of": None, "text": "Short."},
    ]  # fmt: skip
    return docs, dropped


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    docs, dropped = fixture_docs()
    stats = {"clean": {"dropped": {"consent": 3}}, "build/dropped/near_duplicate": 1}
    return write_snapshot(tmp_path / "snap", docs, dropped, stats)


# --- alignment -------------------------------------------------------------------------------------


def test_align_marks_whole_paragraphs_and_trimmed_spans() -> None:
    extracted = f"{COOKIE}\nLe texte reste. {CAPTION}\nSecond paragraphe."
    removed = [
        {"stage": "consent", "reason": "ui", "text": COOKIE},
        {"stage": "caption", "reason": "c", "text": CAPTION},
    ]
    diff = align(extracted, "Le texte reste.\nSecond paragraphe.", removed)
    flat = [(s.text, s.stage) for para in diff.paragraphs for s in para]
    assert flat == [
        (COOKIE, "consent"),
        ("Le texte reste. ", None),
        (CAPTION, "caption"),
        ("Second paragraphe.", None),
    ]
    assert diff.unlocated == [] and diff.kept_consistent
    assert diff.removed_chars() == len(COOKIE) + len(CAPTION)


def test_align_repeated_paragraph_strikes_the_later_copy() -> None:
    para = "Un accord a été signé."
    diff = align(
        f"{para}\nAutre.\n{para}", f"{para}\nAutre.", [{"stage": "repeat", "reason": "", "text": para}]
    )
    assert [[s.stage for s in p] for p in diff.paragraphs] == [[None], [None], ["repeat"]]


def test_align_reports_unrecorded_changes_and_unlocated_records() -> None:
    diff = align(
        "Gardé.\nDisparu sans trace.", "Gardé.", [{"stage": "ghost", "reason": "", "text": "Jamais vu."}]
    )
    assert diff.paragraphs[1][0].stage == UNRECORDED
    assert [(r.stage, r.text) for r in diff.unlocated] == [("ghost", "Jamais vu.")]


def test_align_without_extracted_text_shows_everything_kept() -> None:
    diff = align("", "", None)
    assert diff.paragraphs == [] and diff.unlocated == []


# --- gathering ---------------------------------------------------------------------------------------


def test_gather_counts_sources_languages_sizes_and_dates(snapshot: Path) -> None:
    docs, dropped = fixture_docs()
    data = gather_report(snapshot)
    assert data.total_documents == len(docs) and data.total_dropped == len(dropped)
    assert {k: v.documents for k, v in data.sources.items()} == {"site-a.example": 3, "site-b.example": 2}
    assert {k: v.dropped for k, v in data.sources.items()} == {"site-a.example": 2, "site-b.example": 1}
    assert data.languages == {"fr": 3, "en": 2}
    for name, sizes in data.sources.items():
        mine = [d for d in docs if d["source"] == name]
        assert sizes.extracted_chars == sum(len(d["extracted_text"]) for d in mine)
        assert sizes.kept_chars == sum(len(d["text"]) for d in mine)
    assert data.granularity == "day" and data.undated == 1
    assert sum(data.periods.values()) == 4 and data.periods["2024-03-03"] == 1
    assert list(data.periods) == sorted(data.periods) and len(data.periods) == 4  # 1st to 4th, no gap


def test_gather_stage_rows_count_documents_spans_and_characters(snapshot: Path) -> None:
    data = gather_report(snapshot)
    rows = {(r.stage, r.reason): r for r in data.span_rows}
    consent = rows[("consent", "consent-rule")]
    assert (consent.documents, consent.spans, consent.chars) == (3, 3, 3 * len(COOKIE))
    assert rows[("caption", "photo_credit")].chars == len(CAPTION)
    assert data.span_rows[0].stage == "consent"  # most characters first
    dropped = {(r.stage, r.reason): r.documents for r in data.dropped_rows}
    assert dropped == {
        ("near_duplicate", "minhash"): 1,
        ("exact_duplicate", "sha256"): 1,
        ("quality", "too_short"): 1,
    }
    assert data.stats == {"build/dropped/near_duplicate": 1, "clean/dropped/consent": 3}


def test_gather_top_lines_and_duplicate_clusters(snapshot: Path) -> None:
    data = gather_report(snapshot)
    top = data.top_lines["site-a.example"][0]
    assert (top.text, top.count, top.stages) == (COOKIE, 3, ["consent"])
    assert len(data.clusters) == 1
    cluster = data.clusters[0]
    assert cluster.kept_url == "https://site-a.example/article/1" and cluster.size == 3
    assert sorted(m.stage for m in cluster.members) == ["exact_duplicate", "near_duplicate"]
    assert data.cluster_sizes == {3: 1}


def test_gather_by_month_when_dates_span_several_months(tmp_path: Path) -> None:
    docs = [
        _doc(i, "s.example", [("Texte.", None)], date=d)
        for i, d in enumerate(["2023-11-05", "2024-01-20", "2024-01-21", "2024-02-01"], start=1)
    ]
    data = gather_report(write_snapshot(tmp_path / "s", docs, []))
    assert data.granularity == "month"
    assert data.periods == {"2023-11": 1, "2023-12": 0, "2024-01": 2, "2024-02": 1}


def test_gather_limits_documents_and_cuts_long_texts(snapshot: Path) -> None:
    data = gather_report(snapshot, ReportOptions(max_docs=2, max_doc_chars=40))
    assert len(data.documents) == 2 and data.total_documents == 5
    for doc in data.documents:
        shown = sum(len(s.text) for p in doc.diff.paragraphs for s in p)
        visible = len(
            next(d for d in fixture_docs()[0] if d["id"] == doc.id)["extracted_text"].replace("\n", "")
        )
        assert shown == min(40, visible) and doc.truncated_chars == visible - shown


# --- HTML -----------------------------------------------------------------------------------------------


def _blob(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_html_escapes_hostile_document_text(snapshot: Path) -> None:
    page = render_html(gather_report(snapshot))
    assert page.count("<script") == 2 and page.count("</script>") == 2  # only our own two elements
    assert "<img" not in page and "<b>" not in page and "alert(" not in page.split("<script>")[-1]
    assert "&lt;b&gt;Lire aussi&lt;/b&gt;" in page  # the removed line, listed in the frequent-lines table
    assert 'href="javascript' not in page
    docs = {d["id"]: d for d in _blob(page)["docs"]}
    hostile = docs[doc_id(4)]
    assert hostile["title"] == "<script>alert('title')</script>"  # escaping is lossless
    assert hostile["p"][0] == [HOSTILE]


def test_html_is_self_contained_and_script_allowed_by_hash(snapshot: Path) -> None:
    page = render_html(gather_report(snapshot))
    # document text lives in the JSON blob (checked by the escaping test), not in markup
    markup = re.sub(
        r'(<script type="application/json" id="report-data">).*?(</script>)', r"\1\2", page, flags=re.S
    )
    assert not re.search(r"<(link|img|iframe|object|embed)\b", markup)
    assert not re.search(r"\bsrc\s*=|@import|url\(", markup)
    policy = html.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    )
    assert "default-src 'none'" in policy
    script = page.rsplit("<script>", 1)[1].split("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy


def test_html_document_payload_labels_removed_segments(snapshot: Path) -> None:
    blob = _blob(render_html(gather_report(snapshot)))
    labels = blob["labels"]
    doc = next(d for d in blob["docs"] if d["url"].endswith("/article/3"))
    removed = [(seg[0], labels[seg[1]][0]) for para in doc["p"] for seg in para if isinstance(seg, list)]
    assert removed == [(COOKIE, "consent"), (CAPTION, "caption")]
    assert doc["st"] == ["caption", "consent"] and "kept" not in doc  # kept text rebuilt from segments
    assert (doc["wf"], doc["wo"]) == ("crawl-00003.warc.gz", 1003)


def test_html_document_view_includes_dropped_documents_struck_with_their_stage(snapshot: Path) -> None:
    blob = _blob(render_html(gather_report(snapshot)))
    dropped = {d["url"]: d for d in blob["docs"] if "drop" in d}
    _, rows = fixture_docs()
    assert set(dropped) == {r["url"] for r in rows}
    near = dropped["https://site-a.example/article/90"]
    assert near["drop"] == ["near_duplicate", "minhash", doc_id(1)]
    assert [[seg[0], blob["labels"][seg[1]]] for para in near["p"] for seg in para] == [
        [rows[0]["text"], ["near_duplicate", "minhash"]]
    ]
    assert near["kc"] == 0 and "kept" not in near


def test_report_is_deterministic(snapshot: Path, tmp_path: Path) -> None:
    first = write_report(snapshot, tmp_path / "a.html")
    second = write_report(snapshot, tmp_path / "b.html")
    assert first.path.read_bytes() == second.path.read_bytes() and first.documents == 5


# --- commands --------------------------------------------------------------------------------------------


def test_report_command_writes_file_and_prints_its_path(snapshot: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(main, ["report", str(snapshot), "--out", str(out), "--max-docs", "3"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == str(out)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Documents (first 3 of 8, kept and dropped)" in page
    assert len(_blob(page)["docs"]) == 3


def test_report_command_rejects_a_directory_without_manifest(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(tmp_path), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 1 and "not a snapshot" in result.output
    assert not (tmp_path / "r.html").exists()


def test_report_goes_on_past_an_unreadable_shard_and_says_so(snapshot: Path, tmp_path: Path) -> None:
    (snapshot / "data" / "part-00000.parquet").write_bytes(b"not parquet")
    result = CliRunner().invoke(main, ["report", str(snapshot), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "warning: unreadable shard" in result.stderr and "part-00000.parquet" in result.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Incomplete report" in page and "part-00000.parquet" in page
    shown = {d["id"] for d in _blob(page)["docs"] if "drop" not in d}
    second = pq.read_table(snapshot / "data" / "part-00001.parquet", columns=["id"]).column("id").to_pylist()
    assert shown == set(second) and shown  # the readable shard's documents are all there


def test_report_names_shards_the_manifest_lists_but_are_missing(snapshot: Path) -> None:
    manifest = json.loads((snapshot / "manifest.json").read_text())
    manifest["shards"] = {"data": [{"path": "data/part-00007.parquet"}], "dropped": []}
    (snapshot / "manifest.json").write_text(json.dumps(manifest))
    data = gather_report(snapshot)
    assert data.problems == ["data/part-00007.parquet: listed in the manifest but missing"]
    assert data.total_documents == 5


def test_report_of_an_empty_snapshot(tmp_path: Path) -> None:
    snap = write_snapshot(tmp_path / "s", [], [])
    for shard in (snap / "data").glob("*.parquet"):
        shard.unlink()
    summary = write_report(snap, tmp_path / "r.html")
    page = summary.path.read_text(encoding="utf-8")
    assert summary.documents == 0 and "0 documents kept" in page and "No duplicates were found." in page
    assert _blob(page) == {"docs": [], "labels": []}


def test_report_lists_input_files_and_their_errors(tmp_path: Path) -> None:
    docs, dropped = fixture_docs()
    snap = write_snapshot(tmp_path / "s", docs, dropped)
    manifest = json.loads((snap / "manifest.json").read_text())
    manifest["inputs"] = [
        {"name": "a.warc.gz", "documents": 5, "bytes": 10, "sha256": "ab", "error": ""},
        {"name": "<b>.warc", "documents": 0, "bytes": 3, "sha256": "cd", "error": "truncated gzip"},
    ]
    (snap / "manifest.json").write_text(json.dumps(manifest))
    page = render_html(gather_report(snap))
    assert "2 input files (1 with errors)" in page and "truncated gzip" in page and "&lt;b&gt;.warc" in page


paragraph_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), min_size=1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(paragraph_text, st.sampled_from([None, "consent", "caption"])), max_size=12))
def test_align_accounts_for_every_character(paragraphs: list[tuple[str, str | None]]) -> None:
    paragraphs = [(t, s) for t, s in paragraphs if t.strip()]
    extracted = "\n".join(t for t, _ in paragraphs)
    kept = "\n".join(t for t, s in paragraphs if not s)
    removed = [{"stage": s, "reason": "", "text": t} for t, s in paragraphs if s]
    diff = align(extracted, kept, removed)
    # nothing lost, nothing invented: the segments re-form the extracted paragraphs exactly
    assert ["".join(seg.text for seg in p) for p in diff.paragraphs] == [t for t, _ in paragraphs]
    assert diff.rebuilt_kept() == [p.strip() for p in kept.split("\n") if p.strip()]
    assert diff.unlocated == []
    assert sorted(seg.text for p in diff.paragraphs for seg in p if seg.removed) == sorted(
        r["text"] for r in removed
    )


article_text = st.text(alphabet="ab .", min_size=1, max_size=6).filter(lambda t: t.strip() == t and t)
removed_text = st.text(alphabet="xy", min_size=1, max_size=3)  # boilerplate never occurs in article text
piece = st.tuples(st.sampled_from(["kept", "whole", "trimmed"]), article_text, removed_text)


@settings(max_examples=200, deadline=None)
@given(st.lists(piece, max_size=8))
def test_align_whole_and_trimmed_removals_on_colliding_texts(pieces: list[tuple[str, str, str]]) -> None:
    """Tiny alphabets: removed texts collide with each other, kept paragraphs with each other."""
    extracted, kept, removed = [], [], []
    for kind, body, span in pieces:
        if kind == "kept":
            extracted.append(body)
            kept.append(body)
        elif kind == "whole":
            extracted.append(span)
            removed.append({"stage": "whole", "reason": "", "text": span})
        else:
            extracted.append(f"{body} {span}")
            kept.append(body)
            removed.append({"stage": "span", "reason": "", "text": span})
    diff = align("\n".join(extracted), "\n".join(kept), removed)
    assert ["".join(seg.text for seg in p) for p in diff.paragraphs] == extracted
    assert diff.unlocated == []
    assert [" ".join(p.split()) for p in diff.rebuilt_kept()] == [" ".join(k.split()) for k in kept]
    struck = sorted(seg.text for p in diff.paragraphs for seg in p if seg.removed)
    assert struck == sorted(r["text"] for r in removed)


def test_svg_charts_escape_labels_and_thin_out_axis_labels() -> None:
    from corpus.report import svg

    bars = svg.hbar_chart([("<script>x</script>", 3), ("b&c", 1)], "per <source>")
    assert "<script>" not in bars and "&lt;script&gt;x&lt;/script&gt;" in bars and "b&amp;c" in bars
    assert 'aria-label="per &lt;source&gt;"' in bars
    days = [(f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}", i % 5) for i in range(336)]
    columns = svg.column_chart(days, "per day")
    assert columns.count("<rect") == 336
    axis = re.findall(r'font-size="11"[^>]*>([^<]+)</text>', columns)
    assert 2 <= len(axis) <= 12 and axis[0] == "2024-01-01"


def test_report_of_a_snapshot_without_cleaning_columns(tmp_path: Path) -> None:
    root = tmp_path / "old"
    (root / "data").mkdir(parents=True)
    rows = [{"id": doc_id(1), "url": "https://s.example/1", "source": "s", "text": "Un.\nDeux."}]
    pq.write_table(pa.Table.from_pylist(rows), root / "data" / "part-00000.parquet")
    (root / "manifest.json").write_text("{}")
    data = gather_report(root)
    assert data.total_documents == 1 and data.total_dropped == 0 and data.span_rows == []
    assert [[s.text for s in p] for p in data.documents[0].diff.paragraphs] == [["Un."], ["Deux."]]
    assert data.snapshot_id == "old" and data.undated == 1


def test_max_docs_keeps_the_first_documents_in_view_order_while_streaming(tmp_path: Path) -> None:
    docs = [_doc(i, f"s{i % 3}.example", [("Texte.", None)]) for i in range(1, 151)]
    data = gather_report(write_snapshot(tmp_path / "s", docs, []), ReportOptions(max_docs=3))
    expected = sorted((d["source"], d["url"], d["id"]) for d in docs)[:3]
    assert [(d.source, d.url, d.id) for d in data.documents] == expected and data.total_documents == 150

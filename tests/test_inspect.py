"""``corpus inspect``: one document's cleaning diff in the terminal (plain and coloured), found by id,
id prefix or URL, also for documents dropped at corpus level."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import main
from tests.test_report import CAPTION, COOKIE, _doc, doc_id, fixture_docs, write_snapshot


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    docs, dropped = fixture_docs()
    return write_snapshot(tmp_path / "snap", docs, dropped)


def _inspect(snapshot: Path, key: str, *extra: str, env: dict | None = None):
    return CliRunner().invoke(main, ["inspect", str(snapshot), key, *extra], env=env)


def test_inspect_plain_marks_removed_spans_with_their_stage(snapshot: Path) -> None:
    result = _inspect(snapshot, "https://site-a.example/article/3")
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output  # not a terminal: no colour codes
    lines = result.output.splitlines()
    assert f"[-{COOKIE}-][consent]" in lines
    assert f"La réunion a été reportée. [-{CAPTION}-][caption]" in lines
    assert "warc: crawl-00003.warc.gz @ 1003  record <urn:uuid:3>" in lines


def test_inspect_finds_a_document_by_id_prefix_and_reports_unknown_keys(snapshot: Path) -> None:
    by_prefix = _inspect(snapshot, doc_id(2)[:8])
    assert by_prefix.exit_code == 0 and "url: https://site-a.example/article/2" in by_prefix.output
    assert "[-Un accord a été signé mardi soir.-][repeated_paragraph]" in by_prefix.output
    missing = _inspect(snapshot, "https://nowhere.example/")
    assert missing.exit_code == 1 and "no document with id or URL" in missing.output


def test_inspect_colour_strikes_removed_text(snapshot: Path) -> None:
    result = _inspect(snapshot, doc_id(3), "--color", "always")
    assert result.exit_code == 0
    struck = re.findall(r"\x1b\[9m(.*?)\x1b\[0m", result.output)  # strikethrough SGR
    assert struck == [COOKIE, CAPTION]
    assert f"[-{COOKIE}" not in result.output


def test_inspect_auto_colour_respects_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus.commands.inspect import use_color

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color("auto") is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto") is False and use_color("always") is True
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    monkeypatch.delenv("NO_COLOR")
    assert use_color("auto") is False


def test_inspect_shows_documents_dropped_as_duplicates(snapshot: Path) -> None:
    result = _inspect(snapshot, "https://site-a.example/article/91")
    assert result.exit_code == 0
    assert "dropped by: exact_duplicate (sha256)" in result.output
    assert "duplicate of: https://site-a.example/article/1" in result.output


def test_inspect_rejects_an_ambiguous_id_prefix(tmp_path: Path) -> None:
    docs = [_doc(i, "s.example", [("Texte.", None)], id=f"abcdef{i:018d}") for i in (1, 2)]
    snap = write_snapshot(tmp_path / "s", docs, [])  # one document per shard
    result = _inspect(snap, "abcdef")
    assert result.exit_code == 1 and "ambiguous (2 documents)" in result.output
    assert "url: https://s.example/article/2" in _inspect(snap, f"abcdef{2:018d}").output

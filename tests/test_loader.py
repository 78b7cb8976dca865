"""``from corpus import load``: every field round-trips, filters, len, pandas/datasets, no Scrapy import."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from corpus import load
from corpus.build import build_snapshot
from corpus.config import config_from_dict
from corpus.errors import CorpusError
from tests.warcgen import Page, words, write_warc

REPO = Path(__file__).resolve().parent.parent
ALT = "https://elsewhere.example/de/seite"


def _pages() -> list[Page]:
    out = []
    for i in range(6):
        lang = "fr" if i % 2 else "en"
        host = "a.example" if i < 3 else "b.example"
        url = f"https://{host}/{lang}/news/2024/0{i + 1}/10/s{i}.html"
        out.append(Page(url, f"Title {chr(65 + i)} {lang}",
                        [words(70 + 4 * i + j, 60, lang) for j in range(3)], f"2024-0{i + 1}-10", lang=lang,
                        alternates={"de": ALT}))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("in")
    write_warc(d / "l.warc.gz", _pages())
    # boilerplate off: the snapshot text must equal what extraction produced, field for field
    cfg = config_from_dict({"boilerplate": {"enabled": False}})
    return d, build_snapshot([d], tmp_path_factory.mktemp("out"), cfg)


def test_every_document_field_round_trips(built):
    from corpus.extract import ExtractOptions, extract_warc

    warc_dir, result = built
    extracted = {d.id: d for d in extract_warc(warc_dir / "l.warc.gz", ExtractOptions(), Counter())}
    loaded = {d["id"]: d for d in load(result.path)}
    assert set(loaded) == set(extracted) and len(loaded) == 6
    for doc_id, doc in extracted.items():
        row = loaded[doc_id]
        expected = doc.to_dict()
        expected["source"] = doc.source or doc.url.split("/")[2]
        for key, value in expected.items():
            assert row[key] == value, key
        assert row["duplicates"] == [] and row["translation_of"] is None
        assert row["alternates"] == {"de": ALT}
        assert isinstance(row["warc_offset"], int) and row["warc_offset"] >= 0


def test_filters_and_len(built):
    snap = load(built[1].path)
    assert len(snap) == 6 and len(list(snap)) == 6
    fr = snap.filter(lang="fr")
    assert len(fr) == 3 and {d["lang"] for d in fr} == {"fr"}
    both = snap.filter(lang=["fr", "en"], source="b.example")
    assert [d["source"] for d in both] == ["b.example"] * 3
    dated = snap.filter(date_from="2024-02-01", date_to="2024-04-30")
    assert sorted(d["date"] for d in dated) == ["2024-02-10", "2024-03-10", "2024-04-10"]
    assert len(fr.filter(date_to="2024-02-28")) == 1  # filters compose
    assert [d["id"] for d in snap.iter(lang="en")] == sorted(d["id"] for d in snap if d["lang"] == "en")
    assert snap.manifest["id"] == snap.id == built[1].snapshot_id


def test_to_pandas_and_datasets(built):
    pytest.importorskip("pandas", reason="pandas is in the optional [hf] extra")
    snap = load(built[1].path)
    df = snap.filter(lang="fr").to_pandas()
    assert len(df) == 3 and set(df["lang"]) == {"fr"}
    pytest.importorskip("datasets", reason="datasets is in the optional [hf] extra")
    ds = snap.to_datasets()
    assert ds.num_rows == 6 and sorted(ds["id"]) == sorted(d["id"] for d in snap)


def test_load_errors_are_corpus_errors(tmp_path):
    with pytest.raises(CorpusError):
        load(tmp_path)
    with pytest.raises(CorpusError, match="manifest"):
        load(tmp_path, verify=False)


def test_loader_never_imports_scrapy(built):
    code = ("import sys; from corpus import load; s = load(sys.argv[1]); n = sum(1 for _ in s); "
            "print(n, 'scrapy' in sys.modules, 'trafilatura' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(built[1].path)], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout.split()
    assert out == ["6", "False", "False"]

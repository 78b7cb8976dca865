"""The build's cheaper code paths give the same values as the plain definitions they replace.

Each test states the definition (the code the build used before, written out here as the specification)
and compares it with the fast path on random and edge-case inputs: text normalization (ASCII table,
word runs, whole text from its lines), the quality filter's word counts, boilerplate learning rows built
per file, table building for Parquet, and data rows built in the map phase.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.build import _data_row
from corpus.buildmap import dropped_row, kept_row
from corpus.buildreduce import Link
from corpus.config import SnapshotOptions
from corpus.document import Document
from corpus.snapshot import DATA_SCHEMA, DROPPED_SCHEMA, ShardWriter, _table
from corpus.stages.boilerplate import PairsBuilder, SiteBoilerplate, doc_pairs
from corpus.stages.quality import alpha_words
from corpus.stages.textnorm import hash64, join_normalized, normalize, normalize_lines

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def normalize_definition(text: str) -> str:
    """CCNet's normalize_line, step by step (the build's original code)."""
    text = re.sub(r"[\u0300-\u036f]", "", unicodedata.normalize("NFD", text.casefold()))
    text = re.sub(r"\d", "0", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# Characters that exercise every branch: ASCII (letters, digits, punctuation, controls, "_"), accents
# precomposed and combining, casefold expansions (ß, ﬁ, İ), other scripts (Greek final sigma, Cyrillic,
# Hangul syllables that NFD splits, Arabic-Indic and fullwidth digits), typographic punctuation and
# Unicode spaces (no-break, thin, ideographic, line separator), numeric non-digits (², ½, Ⅻ).
ALPHABET = st.sampled_from(
    [chr(c) for c in range(0, 128)]
    + list("éèêëàâçôûùïîœæÉÈÀÇŒßﬁİıΣσςЖжЯёЁ한국어ʼˆ˜")
    + ["\u0301", "\u0327", "\u0308", "\u034f", "\u05b0", "\u0e38"]
    + list("٠١٢０１２²½Ⅻ")
    + ["\u2019", "\u2018", "\u201c", "\u201d", "\u201e", "\u2014", "\u2013", "\u2010", "\u2026", "«", "»"]
    + ["\u2022", "\u00b7", "\xa0", "\u2009", "\u202f", "\u200b", "\u3000", "\u2028", "\x85"]
)
TEXTS = st.text(alphabet=ALPHABET, max_size=60)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_normalize_equals_the_ccnet_definition(text):
    assert normalize(text) == normalize_definition(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, max_size=6))
def test_whole_text_normalization_is_its_lines_joined(lines):
    text = "\n".join(lines)
    norms = normalize_lines(text)
    assert len(norms) == len(text.split("\n"))
    assert join_normalized(norms) == normalize_definition(text) == normalize(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXTS, max_size=6))
def test_lines_are_normalized_as_each_line_alone(lines):
    """normalize_lines runs the character-wise steps on the whole text at once: line for line, the same as
    normalizing each line alone (an ASCII line among non-ASCII ones included)."""
    text = "\n".join(lines)
    assert normalize_lines(text) == [normalize(line) for line in text.split("\n")]
    assert normalize_lines(text) == [normalize_definition(line) for line in text.split("\n")]


def test_punctuation_shortcut_only_covers_non_word_characters():
    from corpus.stages.textnorm import _COMMON_PUNCT

    assert not [c for c in _COMMON_PUNCT if re.fullmatch(r"\w", c)]
    text = "L\u2019OTAN «\u202fréunit\u202f» 32 alliés \u2014 un texte… • fin"
    assert normalize(text) == normalize_definition(text) == "l otan reunit 00 allies un texte fin"


def test_normalize_every_code_point_alone_and_between_letters():
    bad = []
    for c in range(0x3400):  # Latin, Greek, Cyrillic, Arabic, Indic, punctuation, symbols, CJK start
        ch = chr(c)
        for s in (ch, f"a{ch}b", f"É{ch}\u0301 1"):
            if normalize(s) != normalize_definition(s):
                bad.append(hex(c))
    assert bad == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_normalize_real_texts():
    lines = [ln for p in sorted(SEEDS.glob("*.txt")) for ln in p.read_text(encoding="utf-8").split("\n")]
    assert len(lines) > 50 and any(not ln.isascii() for ln in lines)
    assert [normalize(ln) for ln in lines] == [normalize_definition(ln) for ln in lines]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_word_counts_equal_the_regex_definition(text):
    words = re.findall(r"\S+", text)
    assert text.split() == words
    assert alpha_words(words) == sum(1 for w in words if re.search(r"[^\W\d_]", w))


def test_alpha_words_counts_numeric_letters_like_the_regex():
    words = ["²", "½", "Ⅻ", "٣", "_", "a_", "12", "l'", "«", "ab"]  # ² ½ Ⅻ are \w but not \d: "letters"
    assert alpha_words(words) == sum(1 for w in words if re.search(r"[^\W\d_]", w)) == 6


def _concatenated(chunks: list[np.ndarray]) -> np.ndarray:
    """The per-document rows of ``doc_pairs`` as one (n, 4) array, empty documents skipped."""
    items = [c for c in chunks if len(c)]
    return np.concatenate(items) if items else np.empty((0, 4), dtype=np.uint64)


FETCHED = st.sampled_from(["", "2024-05-03T10:00:00Z", "2024-06-01T10:00:00.5Z"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.lists(TEXTS, max_size=5), st.integers(0, 5), FETCHED), max_size=8))
def test_pairs_builder_equals_per_document_rows(docs):
    builder = PairsBuilder()
    expected = []
    for lines, u, fetched in docs:
        text = "\n".join(lines)
        builder.add(normalize_lines(text), f"https://s/{u}", fetched)
        expected.append(doc_pairs(text, f"https://s/{u}", fetched))
    rows = builder.rows()
    assert rows.dtype == np.uint64 and rows.shape[1] == 4
    assert np.array_equal(rows, _concatenated(expected))


def test_site_boilerplate_with_given_norms_returns_the_kept_lines_forms():
    text = "Kept line one, 2024.\nFollow us!\n\nKept — two"
    chrome = np.array(sorted([hash64(normalize("Follow us!"))]), dtype=np.uint64)
    doc = Document(url="https://s/a", text=text, source="s")
    norms = SiteBoilerplate({"s": chrome}).apply(doc, normalize_lines(text))
    assert doc.text == "Kept line one, 2024.\n\nKept — two"
    assert norms == normalize_lines(doc.text)
    other = Document(url="https://t/a", text=text, source="t")  # no boilerplate learned for "t"
    assert SiteBoilerplate({"s": chrome}).apply(other) == normalize_lines(text) and other.text == text


@dataclasses.dataclass
class _Extra:
    a: int
    b: list[str]


def _reference_row(doc: Document, link: Link | None) -> dict:
    """The build's original data row: Document.to_dict() (dataclasses.asdict) plus the link fields."""
    row = doc.to_dict()
    alternates = dict(doc.alternates)
    if link is not None:
        for lang, url in link.alternates.items():
            alternates.setdefault(lang, url)
    row["alternates"] = json.dumps(alternates, sort_keys=True, ensure_ascii=False)
    row["metadata"] = json.dumps(doc.metadata, sort_keys=True, ensure_ascii=False, default=str)
    row["duplicates"] = list(link.duplicates) if link is not None else []
    row["translation_of"] = link.translation_of if link is not None else None
    return row


def _docs() -> list[Document]:
    return [
        Document(url="https://s/fr/a", text="Un texte\nÉté", source="s", title="T", date="2024-01-02",
                 lang="fr", lang_confidence=0.99, alternates={"en": "https://s/en/a"}, warc_file="x.warc.gz",
                 warc_offset=10, warc_record_id="<urn:uuid:1>", fetched_at="2024-01-03T00:00:00Z",
                 extracted_text="raw", removed=[{"stage": "s", "reason": "r", "text": "t"}],
                 metadata={"z": 1, "a": {"n": [1, 2]}, "when": Path("/p"), "extra": _Extra(1, ["x"])}),
        Document(url="https://s/b", text=""),
    ]


def test_kept_rows_equal_the_document_dict_rows():
    links = [Link(duplicates=["b", "a"], translation_of="r", alternates={"en": "u", "de": "v"}), None]
    for doc, link in zip(_docs(), links, strict=True):
        row = _data_row(kept_row(doc.id, doc), link)
        assert row == _reference_row(doc, link)
        reference = pa.Table.from_pylist([_reference_row(doc, link)], schema=DATA_SCHEMA)
        assert _table([row], DATA_SCHEMA).equals(reference)
        drop = dropped_row(doc.id, kept_row(doc.id, doc), "near_dedup", "near_duplicate", "k")
        assert drop == dropped_row(doc.id, doc, "near_dedup", "near_duplicate", "k")


def test_columnar_tables_write_the_same_parquet_bytes(tmp_path, monkeypatch):
    import corpus.snapshot

    rows = [_data_row(kept_row(d.id, d), None) for d in _docs()] * 3
    rows.append({"id": "only-an-id"})  # missing keys are nulls, as with from_pylist
    opts = SnapshotOptions(row_group_size=2)

    def write(root: Path) -> dict[str, bytes]:
        w = ShardWriter(root, "data", DATA_SCHEMA, opts)
        for r in rows:
            w.write(dict(r))
        shards = w.close()
        return {s.path: (root / s.path).read_bytes() for s in shards}

    new = write(tmp_path / "new")
    monkeypatch.setattr(corpus.snapshot, "_table", lambda r, s: pa.Table.from_pylist(r, schema=s))
    assert write(tmp_path / "ref") == new and len(new) == 1
    dropped = [dropped_row("i", d, "quality", "too_short", None) for d in _docs()]
    assert _table(dropped, DROPPED_SCHEMA).equals(pa.Table.from_pylist(dropped, schema=DROPPED_SCHEMA))


def test_normalize_has_no_state():
    before = normalize("Été 2024 — «déjà»")
    normalize("x" * 10_000 + "ß" * 100)
    assert normalize("Été 2024 — «déjà»") == before == "ete 0000 deja"

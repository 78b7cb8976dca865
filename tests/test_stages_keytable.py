"""Compact reduce inputs: KeyTable columns give back the DocKeys put in, signature spill files give back
the rows written, and the reduce decides the same from them as from plain lists and arrays."""

from __future__ import annotations

import hashlib
import pickle
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.buildreduce import NearInputs, digest_array, reduce_keys
from corpus.config import BuildConfig
from corpus.stages.keys import DocKey, UnionFind
from corpus.stages.keytable import KeyTable
from corpus.stages.minhash import MinHasher
from corpus.stages.sigfiles import SignatureFiles, append_rows

_text = st.text(max_size=12)
_key = st.builds(
    DocKey, st.integers(0, 2**40), _text, _text, st.sampled_from(["", "en", "fr"]),
    st.one_of(st.none(), st.sampled_from(["", "2024-01-02", "2023-12-31"])), _text,
    st.lists(_text, max_size=3).map(tuple),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_key, max_size=6), max_size=4))
def test_keytable_round_trips_keys_through_parts_concat_and_pickle(parts: list[list[DocKey]]) -> None:
    table = KeyTable.concat([KeyTable.of(p) for p in parts])
    table = pickle.loads(pickle.dumps(table))
    flat = [k for p in parts for k in p]
    assert len(table) == len(flat)
    assert [table[i] for i in range(len(table))] == flat
    assert [table.order(i) for i in range(len(table))] == [k.order() for k in flat]
    codes = table.lang.code_array()
    for i in range(len(flat)):
        for j in range(len(flat)):
            assert (codes[i] == codes[j]) == (flat[i].lang == flat[j].lang)


def test_keytable_keeps_lone_surrogates_and_non_ascii() -> None:
    keys = [DocKey(1, "a", "https://x/\udc80é", "fr", None, "t", ("https://x/漢",))]
    assert KeyTable.of(keys)[0] == keys[0]


def test_signature_files_give_back_rows_across_files(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    blocks = [rng.integers(0, 2**32, size=(n, 5), dtype=np.uint32) for n in (3, 0, 4, 1)]
    parts = []
    for i, block in enumerate(blocks):
        path = tmp_path / f"s-{i}.u32"
        append_rows(path, block[:2])
        append_rows(path, block[2:])
        if len(block):
            parts.append((path, len(block)))
    files = pickle.loads(pickle.dumps(SignatureFiles(parts, 5)))
    whole = np.vstack(blocks)
    rows = np.array([7, 0, 3, 2, 7, 5])
    assert np.array_equal(files[rows], whole[rows])
    assert len(files) == len(whole) and files[np.zeros(0, np.int64)].shape == (0, 5)
    with pytest.raises(IndexError):
        files[np.array([len(whole)])]
    with open(parts[0][0], "r+b") as f:
        f.truncate(4 * 5 * 2)  # a file cut short: its missing rows are an error, not zeros
    with pytest.raises(OSError, match="shorter"):
        files[np.array([2])]


def _corpus(n: int, seed: int) -> tuple[list[DocKey], list[str]]:
    """Random pages with exact copies, near copies, a URL fetched twice and locale siblings."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(400)]
    keys: list[DocKey] = []
    texts: list[str] = []
    for i in range(n):
        roll = rng.random()
        if texts and roll < 0.2:
            text = texts[rng.randrange(len(texts))]
        elif texts and roll < 0.4:
            base = texts[rng.randrange(len(texts))].split()
            base[rng.randrange(len(base))] = "changed"
            text = " ".join(base)
        else:
            text = " ".join(rng.choice(words) for _ in range(80))
        locale = rng.choice(["en", "fr", "x"])
        url = f"https://s.example/{locale}/{rng.randrange(n)}"
        date = rng.choice([None, "2024-01-01", "2024-02-01"])
        alternates = (f"https://s.example/fr/{rng.randrange(n)}",) if rng.random() < 0.2 else ()
        # seed 1: ids of several lengths; else fixed-width hex ids (the reduce compares those in one sort)
        doc_id = f"id{url}" if seed == 1 else hashlib.sha256(url.encode()).hexdigest()[:24]
        keys.append(DocKey(i + (i // 7 << 32), doc_id, url, rng.choice(["en", "fr"]), date,
                           f"2024-03-{1 + rng.randrange(3):02d}", alternates))
        texts.append(text)
    return keys, texts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reduce_from_compact_inputs_equals_reduce_from_lists(tmp_path: Path, seed: int) -> None:
    from corpus.buildmap import exact_digest

    keys, texts = _corpus(120, seed)
    hasher = MinHasher()
    sigs = hasher.signatures(texts)
    digests = [exact_digest(t) for t in texts]
    config = BuildConfig()
    plain = reduce_keys(keys, digests, sigs, config)
    assert all(plain.clusters.values()) and plain.drops  # the corpus exercises every stage
    path = tmp_path / "s.u32"
    append_rows(path, sigs)
    near = NearInputs(hasher.band_keys(sigs), SignatureFiles([(path, len(sigs))], sigs.shape[1]))
    compact = reduce_keys(KeyTable.of(keys), digest_array(b"".join(digests)), near, config)
    assert compact.drops == plain.drops and compact.links == plain.links
    assert compact.stats == plain.stats and compact.clusters == plain.clusters


def test_union_find_groups_only_joined_members() -> None:
    uf = UnionFind(10)
    uf.union(5, 3)
    uf.union(7, 3)
    uf.union(8, 9)
    assert uf.find(7) == 3 and uf.find(2) == 2
    assert uf.groups([2, 3, 5, 7, 9]) == [[3, 5, 7]]
    assert uf.groups(list(range(10))) == [[3, 5, 7], [8, 9]]

"""Site boilerplate learned per source (CCNet-style paragraph hashing, Wenzek et al. 2020).

A normalized paragraph (see :mod:`corpus.stages.textnorm`) that recurs in many distinct documents of one
source is site chrome ("Follow us on ...", a tagline, a newsletter pitch) and is removed from every
document of that source. Learning is a map + reduce: each file contributes (paragraph hash, document-text
hash) pairs per source, pairs are de-duplicated (an article archived twice, or an exact copy, counts once)
and counted over the whole corpus in sorted numpy arrays; only hashes are kept in memory.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

import numpy as np

from corpus.document import Document
from corpus.stages.base import CorpusStage
from corpus.stages.textnorm import hash64, join_normalized, line_hashes, normalize_lines


@dataclass(frozen=True)
class BoilerplateOptions:
    """A paragraph is boilerplate for a source when it occurs in at least
    ``max(min_docs, min_fraction * N)`` of the source's N distinct documents.
    ``min_docs`` = 3 is the floor that lets a quote shared by two
    articles survive (and keeps tiny sources from losing text); ``min_fraction`` = 0.1: chrome is on
    (nearly) every page of a section, while a recurring sentence in 10% of a large site's articles is
    formulaic, not content (CCNet removes any paragraph seen twice in a shard; we are deliberately more
    conservative for news)."""

    enabled: bool = True
    min_docs: int = 3
    min_fraction: float = 0.1


def _fetch_key(fetched_at: str) -> int:
    """A WARC-Date (``2024-05-03T10:00:00.123456Z``) as a sortable integer: its digits, cut or padded to
    18 (seconds plus four fractional digits, below 2**63); 0 when unknown."""
    digits = "".join(c for c in fetched_at if c.isdigit())[:18]
    return int(digits.ljust(18, "0")) if digits else 0


class PairsBuilder:
    """Learning rows of many documents (one source, one file), in the order they were added: the same rows
    as :func:`doc_pairs` of each document concatenated, built as one array at the end (no numpy call per
    document; values are kept in compact unsigned 64-bit arrays meanwhile, 8 bytes each)."""

    def __init__(self) -> None:
        self._hashes = array("Q")  # each document's unique paragraph hashes, sorted
        self._docs = array("Q")  # per document: paragraphs, text hash, URL hash, fetch time

    def add(self, norms: list[str], url: str, fetched_at: str, hashes: list[int] | None = None) -> None:
        """``norms``: ``normalize_lines(text)`` of the document's text; ``hashes``: their
        :func:`~corpus.stages.textnorm.line_hashes` when the caller has them already."""
        hashes = sorted(set(line_hashes(norms) if hashes is None else hashes))
        self._hashes.extend(hashes)
        self._docs.extend((len(hashes), hash64(join_normalized(norms)), hash64(url), _fetch_key(fetched_at)))

    def rows(self) -> np.ndarray:
        return self.pairs().rows()

    def pairs(self) -> Pairs:
        docs = np.array(self._docs, dtype=np.uint64).reshape(-1, 4)
        return Pairs(np.array(self._hashes, dtype=np.uint64), docs[:, 0].astype(np.int64),
                     docs[:, 1:].copy())


@dataclass
class Pairs:
    """Learning rows in compact form: each document's paragraph hashes (``counts[d]`` of them, documents
    one after the other) and, once per document, its (text hash, URL hash, fetch time). :meth:`rows`
    gives the (n, 4) rows of :func:`doc_pairs` (8 bytes a paragraph here, 32 there)."""

    paragraphs: np.ndarray  # (n,) uint64
    counts: np.ndarray  # (documents,) int64
    docs: np.ndarray  # (documents, 3) uint64: text hash, URL hash, fetch time

    @classmethod
    def of_rows(cls, rows: np.ndarray) -> Pairs:
        """(n, 4) rows, each row taken as a document of one paragraph."""
        return cls(rows[:, 0], np.ones(len(rows), dtype=np.int64), rows[:, 1:])

    @classmethod
    def concat(cls, parts: list[Pairs]) -> Pairs:
        if not parts:
            return cls(np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros((0, 3), np.uint64))
        return cls(np.concatenate([p.paragraphs for p in parts]), np.concatenate([p.counts for p in parts]),
                   np.concatenate([p.docs for p in parts]))

    def rows(self) -> np.ndarray:
        rows = np.empty((len(self.paragraphs), 4), dtype=np.uint64)
        rows[:, 0] = self.paragraphs
        rows[:, 1:] = np.repeat(self.docs, self.counts, axis=0)
        return rows


def doc_pairs(text: str, url: str, fetched_at: str) -> np.ndarray:
    """Learning rows of one document, paragraph hashes unique: shape (n, 4) uint64 with columns
    (paragraph hash, text hash, URL hash, fetch time). The URL and fetch time let the reducer count only
    the latest capture of each URL, so a page archived again by an incremental crawl (an edited article,
    a listing that gained an entry) does not count twice."""
    builder = PairsBuilder()
    builder.add(normalize_lines(text), url, fetched_at)
    return builder.rows()


def latest_captures(rows: np.ndarray) -> np.ndarray:
    """Keep the rows of the latest capture of each URL (latest fetch time, then highest text hash: a
    deterministic tie-break), whatever order the files were read in."""
    pairs = Pairs.of_rows(rows)
    return rows[_latest_documents(pairs.docs, pairs.counts)]


def _latest_documents(docs: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Which documents (rows of ``docs``: text hash, URL hash, fetch time) are the latest capture of their
    URL, among the captures of documents with paragraphs (``counts`` > 0): a mask over ``docs``."""
    live = counts > 0
    keep = np.zeros(len(docs), dtype=bool)
    if not live.any():
        return keep
    captures, inverse = np.unique(docs[live], axis=0, return_inverse=True)  # (text, url, time)
    order = np.lexsort((captures[:, 0], captures[:, 2], captures[:, 1]))  # by url, then time, then text
    by_url = captures[order]
    last = np.ones(len(by_url), dtype=bool)
    last[:-1] = by_url[1:, 1] != by_url[:-1, 1]
    is_latest = np.zeros(len(captures), dtype=bool)
    is_latest[order] = last
    keep[live] = is_latest[inverse.ravel()]
    return keep


class BoilerplateLearner:
    """Reduce side: counts pairs per source and returns the sorted boilerplate hashes of each source."""

    def __init__(self, options: BoilerplateOptions) -> None:
        self.options = options
        self._pairs: dict[str, list[Pairs]] = {}

    def add(self, source: str, pairs: Pairs | np.ndarray) -> None:
        """``pairs``: :class:`Pairs`, or (n, 4) rows (:func:`doc_pairs`)."""
        self._pairs.setdefault(source, []).append(pairs if isinstance(pairs, Pairs) else Pairs.of_rows(pairs))

    def learn(self) -> dict[str, np.ndarray]:
        """Each source's parts are freed once counted."""
        out: dict[str, np.ndarray] = {}
        for source in sorted(self._pairs):
            p = Pairs.concat(self._pairs.pop(source))
            rows = np.repeat(_latest_documents(p.docs, p.counts), p.counts)  # of the latest captures
            texts = np.repeat(p.docs[:, 0], p.counts)[rows]
            # (paragraph, text) pairs: an exact copy counts once
            pairs = np.unique(np.column_stack((p.paragraphs[rows], texts)), axis=0)
            del p, rows, texts
            n_docs = len(np.unique(pairs[:, 1]))
            threshold = max(self.options.min_docs, math.ceil(self.options.min_fraction * n_docs))
            hashes, counts = np.unique(pairs[:, 0], return_counts=True)
            out[source] = hashes[counts >= threshold]
        return out


class SiteBoilerplate(CorpusStage):
    """Map side: removes the learned boilerplate paragraphs of the document's source, logging each
    removal."""

    name = "site_boilerplate"

    def __init__(self, boilerplate: dict[str, np.ndarray], stats=None) -> None:
        super().__init__(stats)
        self.boilerplate = boilerplate
        self._sets: dict[str, frozenset[int]] = {}  # per source: the same hashes, for O(1) membership

    def _known(self, source: str) -> frozenset[int]:
        known = self._sets.get(source)
        if known is None:
            hashes = self.boilerplate.get(source)
            known = frozenset(hashes.tolist()) if hashes is not None else frozenset()
            self._sets[source] = known
        return known

    def apply(self, doc: Document, norms: list[str] | None = None,
              hashes: list[int] | None = None) -> list[str]:
        """Remove ``doc``'s boilerplate lines (in place) and return the normalized forms of the lines that
        stay. ``norms``: ``normalize_lines(doc.text)`` and ``hashes``: their
        :func:`~corpus.stages.textnorm.line_hashes`, when the caller has them already."""
        norms = normalize_lines(doc.text) if norms is None else norms
        known = self._known(doc.source)
        if not known:
            return norms
        kept: list[str] = []
        kept_norms: list[str] = []
        hashed = iter(line_hashes(norms) if hashes is None else hashes)  # one per non-empty norm
        for line, norm in zip(doc.text.split("\n"), norms, strict=True):
            if norm and next(hashed) in known:
                doc.removed.append({"stage": self.name, "reason": "recurring_paragraph", "text": line})
                self.removed("recurring_paragraph")
            else:
                kept.append(line)
                kept_norms.append(norm)
        doc.text = "\n".join(kept)
        return kept_norms

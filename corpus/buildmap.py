"""The build's per-file map tasks (run by an executor, possibly in worker processes).

Phase 1 (:func:`extract_file`): extract + clean one WARC file, spill its documents to a temp file, return
(paragraph hash, text hash) pairs per source for boilerplate learning. Phase 2 (:func:`prepare_file`): apply
the learned boilerplate and the quality filters, spill kept and dropped documents in sorted runs, spill the
MinHash signatures, and return only compact per-document keys (:class:`corpus.stages.keytable.KeyTable`),
exact digests and LSH band keys for the corpus-wide reduce. Texts never travel back to
the parent process: they stay on disk until the final sorted merge writes the snapshot.

Each text is normalized (:mod:`corpus.stages.textnorm`) once, line by line, in phase 1; the spill carries
the forms to phase 2, which hashes them against the learned boilerplate and digests the kept ones for exact
dedup. Kept documents are spilled as data rows already (id, text digest, metadata JSON), so the final merge
only adds what the reduce decided. Each task reports its CPU time by part (``cpu``) for the build's timings.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from corpus.config import BuildConfig
from corpus.document import Document
from corpus.errors import CorpusError
from corpus.snapshot import file_sha256
from corpus.stages.boilerplate import Pairs, PairsBuilder, SiteBoilerplate
from corpus.stages.keys import DocKey
from corpus.stages.keytable import KeyTable, KeyTableBuilder
from corpus.stages.minhash import MinHasher
from corpus.stages.quality import QualityFilter
from corpus.stages.sigfiles import append_rows
from corpus.stages.textnorm import join_normalized, line_hashes, normalize, normalize_lines
from crawler.sources import Source

ORDINAL_BITS = 32


@dataclass(frozen=True)
class FileTask:
    index: int
    path: Path
    work: Path
    config: BuildConfig
    boilerplate: dict[str, np.ndarray] = field(default_factory=dict)  # phase 2 only


@dataclass
class ExtractSummary:
    index: int
    name: str
    sha256: str
    size: int
    documents: int
    stats: Counter[str]
    pairs: dict[str, Pairs]  # source -> boilerplate learning rows
    error: str = ""
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of this task, by part (not output)


@dataclass
class ReducePart:
    """One file's share of the reduce inputs, in key order: compact columns, no object per document."""

    keys: KeyTable
    digests: bytes  # 16-byte exact digests, concatenated
    bands: np.ndarray  # (len(keys), bands) uint64 LSH band keys (0 columns when near dedup is off)
    signatures: Path | None  # their MinHash signatures, spilled (see corpus.stages.sigfiles); None: off


@dataclass
class PrepareSummary:
    index: int
    part: ReducePart | None  # taken (set to None) by the reduce once it has gathered it
    stats: Counter[str]
    runs: list[Path] = field(default_factory=list)  # sorted spill runs of this file's documents
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of this task (not in the output)


def spill_path(work: Path, kind: str, index: int, suffix: str = ".pkl") -> Path:
    """A map task's spill file of one ``kind`` ("a": extracted documents, "s": MinHash signatures)."""
    return work / f"{kind}-{index:05d}{suffix}"


def write_records(path: Path, records: list[Any]) -> None:
    with open(path, "wb") as f:
        for r in records:
            pickle.dump(r, f, protocol=5)


def read_records(path: Path) -> Iterator[Any]:
    """Records of one of our own spill files (written above, in this build's private temp dir)."""
    with open(path, "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


# A document is spilled as the tuple of its field values (no class reference and field names per record:
# cheaper to pickle and to load than the dataclass instance) and rebuilt with Document(*values).
_DOC_FIELDS = tuple(f.name for f in dataclasses.fields(Document))
_doc_values = attrgetter(*_DOC_FIELDS)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


# One Extractor per ExtractOptions in this worker process: building one loads the language profiles
# (~0.4 s) and compiles the DOM selectors. An Extractor keeps no document state (its memo tables are
# pure functions of their keys), so reusing it cannot make one file's output depend on another's.
_EXTRACTORS: dict[Any, Any] = {}


def _extractor_for(options: Any) -> Any:
    from corpus.extract import Extractor

    if options not in _EXTRACTORS:
        _EXTRACTORS.clear()  # a worker serves one build at a time: keep at most one
        _EXTRACTORS[options] = Extractor(options)
    return _EXTRACTORS[options]


def _teaches_boilerplate(doc: Document, sources: dict[str, Source]) -> bool:
    """Only article pages teach site boilerplate: a home, section and tag page all list the same titles
    and leads, which would otherwise count as recurring "chrome" and be cut from the articles."""
    source = sources.get(doc.source)
    return not (source and source.excludes(doc.url))


def _learn_from(doc: Document, norms: list[str], pairs: dict[str, PairsBuilder]) -> list[int]:
    """Add ``doc``'s boilerplate learning rows to its source's builder; return its line hashes (phase 2
    removes boilerplate with them)."""
    hashes = line_hashes(norms)
    builder = pairs.get(doc.source)
    if builder is None:
        builder = pairs[doc.source] = PairsBuilder()
    builder.add(norms, doc.url, doc.fetched_at, hashes)
    return hashes


class _TimedIterator:
    """Iterates ``items``, adding up the CPU time spent producing them (``cpu``, seconds)."""

    def __init__(self, items: Iterable[Any]) -> None:
        self._items = iter(items)
        self.cpu = 0.0

    def __iter__(self) -> _TimedIterator:
        return self

    def __next__(self) -> Any:
        t = time.process_time()
        try:
            return next(self._items)
        finally:
            self.cpu += time.process_time() - t


class _TimedExtractor:
    """An :class:`corpus.extract.Extractor` whose ``extract`` calls add up their CPU time (``cpu``), so the
    build can tell extraction from WARC reading and from its own work."""

    def __init__(self, extractor: Any) -> None:
        self.options = extractor.options
        self._extractor = extractor
        self.cpu = 0.0

    def extract(self, *args: Any, **kwargs: Any) -> Any:
        t = time.process_time()
        try:
            return self._extractor.extract(*args, **kwargs)
        finally:
            self.cpu += time.process_time() - t


def extract_file(task: FileTask) -> ExtractSummary:
    """Phase 1. Spill records: (document field values, normalized lines of its text, their hashes or
    None); each text is normalized here once, for boilerplate learning now and for boilerplate removal and
    the exact digest in phase 2, and the lines of a document that teaches boilerplate are hashed once, for
    both."""
    start = time.process_time()
    from corpus.extract import extract_warc  # heavy (trafilatura, lxml): imported in the worker

    stats: Counter[str] = Counter()
    pairs: dict[str, PairsBuilder] = {}
    count, error, setup = 0, "", 0.0
    docs, extractor = _TimedIterator(()), None
    spill = spill_path(task.work, "a", task.index)
    learn = task.config.boilerplate.enabled
    with open(spill, "wb") as out:
        try:
            options = task.config.extract_options()
            sources = {s.name: s for s in task.config.sources}
            extractor = _TimedExtractor(_extractor_for(options))
            setup = time.process_time() - start
            docs = _TimedIterator(extract_warc(task.path, options, stats, extractor=extractor))
            for doc in docs:
                doc.source = doc.source or _host(doc.url)
                norms = normalize_lines(doc.text)
                teaches = learn and _teaches_boilerplate(doc, sources)
                hashes = _learn_from(doc, norms, pairs) if teaches else None
                pickle.dump((_doc_values(doc), norms, hashes), out, protocol=5)
                count += 1
        except (OSError, CorpusError, EOFError, ValueError) as e:  # keep what was read, count the failure
            error = f"{type(e).__name__}: {e}"
            stats[f"build/input_errors/{type(e).__name__}"] += 1
    summary = ExtractSummary(
        index=task.index, name=task.path.name, sha256=file_sha256(task.path), size=task.path.stat().st_size,
        documents=count, stats=stats, error=error,
        pairs={s: b.pairs() for s, b in sorted(pairs.items())},
    )
    extract = extractor.cpu if extractor is not None else 0.0
    own = time.process_time() - start - setup - docs.cpu
    summary.cpu = {"setup": setup, "read": docs.cpu - extract, "extract": extract, "spill+learn": own}
    return summary


def exact_digest(text: str) -> bytes:
    return normalized_digest(normalize(text))


def normalized_digest(normalized: str) -> bytes:
    """The exact-dedup digest of a text from its normalized form."""
    return hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).digest()


RUN_DOCS = 1000  # documents per sorted run file: bounds this phase's memory whatever the WARC size


class _Signer:
    """Signs a run's kept documents: band keys kept in memory, signatures appended to the file's spill."""

    def __init__(self, task: FileTask) -> None:
        self.options = task.config.near_dedup
        self.hasher = MinHasher(self.options)
        self.path = spill_path(task.work, "s", task.index, ".u32") if self.options.enabled else None
        self._bands: list[np.ndarray] = []
        if self.path is not None:
            self.path.unlink(missing_ok=True)  # a retried task starts its file afresh

    def sign(self, texts: list[str]) -> None:
        if self.path is not None and texts:
            signatures = self.hasher.signatures(texts)
            self._bands.append(self.hasher.band_keys(signatures))
            append_rows(self.path, signatures)

    def bands(self) -> np.ndarray:
        if self._bands:
            return np.concatenate(self._bands)
        return np.zeros((0, self.options.bands if self.path is not None else 0), dtype=np.uint64)


def prepare_file(task: FileTask) -> PrepareSummary:
    """Boilerplate removal, quality filter, digests and signatures; documents are spilled in sorted runs of
    at most ``RUN_DOCS`` records (an external sort: the final merge reads all runs in id order)."""
    start = time.process_time()
    cfg = task.config
    stats: Counter[str] = Counter()
    chrome = SiteBoilerplate(task.boilerplate, stats)
    quality = QualityFilter(cfg.quality, {s.name: s for s in cfg.sources}, stats)
    signer = _Signer(task)
    summary = PrepareSummary(task.index, None, stats)
    keys, digests = KeyTableBuilder(), bytearray()
    batch: list[tuple[str, int, str, Any]] = []
    for ordinal, (values, norms, hashes) in enumerate(read_records(spill_path(task.work, "a", task.index))):
        doc = Document(*values)
        uid = (task.index << ORDINAL_BITS) | ordinal
        if cfg.boilerplate.enabled:
            norms = chrome.apply(doc, norms, hashes)
        reason = quality.reason(doc)
        doc_id = doc.id
        if reason is not None:
            batch.append((doc_id, uid, "D", dropped_row(doc_id, doc, "quality", reason, None)))
        else:
            keys.add(DocKey(uid, doc_id, doc.url, doc.lang or "", doc.date, doc.fetched_at,
                            tuple(sorted(set(doc.alternates.values())))))
            digests += normalized_digest(join_normalized(norms))
            batch.append((doc_id, uid, "K", kept_row(doc_id, doc)))
        if len(batch) >= RUN_DOCS:
            _flush_run(task, batch, summary, signer)
    _flush_run(task, batch, summary, signer)
    summary.part = ReducePart(keys.build(), bytes(digests), signer.bands(), signer.path)
    spill_path(task.work, "a", task.index).unlink()
    summary.cpu = {"filter+sign": time.process_time() - start}
    return summary


def _flush_run(task: FileTask, batch: list, summary: PrepareSummary, signer: _Signer) -> None:
    if not batch:
        return
    signer.sign([r[3]["text"] for r in batch if r[2] == "K"])  # kept documents in file order, like the keys
    path = task.work / f"m-{task.index:05d}-{len(summary.runs):05d}.pkl"
    write_records(path, sorted(batch, key=lambda r: (r[0], r[1])))
    summary.runs.append(path)
    batch.clear()


def dropped_row(doc_id: str, doc: Document | dict[str, Any], stage: str, reason: str,
                duplicate_of: str | None) -> dict[str, Any]:
    """A row of the ``dropped`` table, from a document or a :func:`kept_row`."""
    if isinstance(doc, Document):
        url, source, text = doc.url, doc.source, doc.text
    else:
        url, source, text = doc["url"], doc["source"], doc["text"]
    return {"id": doc_id, "url": url, "source": source, "stage": stage, "reason": reason,
            "duplicate_of": duplicate_of, "text": text}


def kept_row(doc_id: str, doc: Document) -> dict[str, Any]:
    """A kept document as a ``data`` row, except what the reduce decides: ``alternates`` stays the page's
    own dict (translation links are merged in when the row is written), no ``duplicates`` and
    ``translation_of`` yet. Built here, in the (parallel) map phase, so the final merge only adds links."""
    row = dict(zip(_DOC_FIELDS, _doc_values(doc), strict=True))
    row["id"] = doc_id
    row["sha256"] = doc.sha256
    row["metadata"] = json.dumps(doc.metadata, sort_keys=True, ensure_ascii=False, default=str)
    return row

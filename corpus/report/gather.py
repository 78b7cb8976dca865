"""Gather everything a report shows from a snapshot, in one streaming pass over its shards.

Pure data: no HTML here (see :mod:`corpus.report.html`). Every collection is sorted so the same
snapshot always gives the same report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from corpus.report.alignment import UNRECORDED, DocDiff, Segment, align
from corpus.report.periods import periods as _periods
from corpus.report.reading import SnapshotFiles, iter_documents, iter_dropped, open_snapshot

_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True)
class ReportOptions:
    """What the report includes. Defaults keep a 10,000-document report around tens of MB."""

    max_docs: int | None = None  # documents in the per-document view (None: all), in (source, url) order
    max_doc_chars: int = 20_000  # characters of extracted text shown per document; the rest is cut
    top_lines: int = 15  # most frequent removed lines listed per source
    line_chars: int = 240  # longer removed lines are shortened in that list
    max_clusters: int = 200  # near-duplicate clusters listed (largest first)


@dataclass
class SourceSizes:
    documents: int = 0
    dropped: int = 0
    extracted_chars: int = 0
    kept_chars: int = 0
    lengths_before: list[int] = field(default_factory=list)
    lengths_after: list[int] = field(default_factory=list)

    def medians(self) -> tuple[int, int]:
        before = int(median(self.lengths_before)) if self.lengths_before else 0
        after = int(median(self.lengths_after)) if self.lengths_after else 0
        return before, after


@dataclass
class StageRow:
    stage: str
    reason: str
    documents: int = 0
    spans: int = 0
    chars: int = 0


@dataclass(frozen=True)
class Member:
    key: str  # id when known, else URL
    url: str
    stage: str
    reason: str


@dataclass
class Cluster:
    kept_id: str
    kept_url: str
    members: list[Member]

    @property
    def size(self) -> int:
        return 1 + len(self.members)


@dataclass
class LineCount:
    text: str
    count: int
    stages: list[str]


@dataclass
class DocEntry:
    id: str
    url: str
    source: str
    title: str
    date: str
    lang: str
    warc_file: str
    warc_offset: int | None
    warc_record_id: str
    diff: DocDiff
    extracted_chars: int
    kept_chars: int
    kept_consistent: bool = True  # kept segments == text, so the kept column can be rebuilt from them
    truncated_chars: int = 0
    dropped: tuple[str, str, str] | None = None  # (stage, reason, duplicate_of) when dropped at corpus level


@dataclass
class ReportData:
    snapshot_id: str
    manifest: dict[str, Any]
    sources: dict[str, SourceSizes]
    periods: dict[str, int]
    granularity: str
    undated: int
    languages: dict[str, int]
    span_rows: list[StageRow]  # paragraphs/spans removed inside kept documents
    dropped_rows: list[StageRow]  # whole documents dropped at corpus level
    stats: dict[str, Any]
    top_lines: dict[str, list[LineCount]]
    clusters: list[Cluster]
    cluster_sizes: dict[int, int]
    documents: list[DocEntry]
    total_documents: int = 0
    total_dropped: int = 0
    problems: list[str] = field(default_factory=list)  # unreadable or missing shards (report still written)


def gather_report(snapshot: Path, options: ReportOptions | None = None) -> ReportData:
    """Read ``snapshot`` once and compute every table, chart and document view of the report."""
    options = options or ReportOptions()
    files = open_snapshot(Path(snapshot))
    acc = _Accumulator(options)
    problems = list(files.problems)
    for row in iter_documents(files, problems=problems):
        acc.add_document(row)
    for row in iter_dropped(files, problems=problems):
        acc.add_dropped(row)
    data = acc.finish(files)
    data.problems = problems
    return data


class _Accumulator:
    def __init__(self, options: ReportOptions) -> None:
        self.options = options
        self.sources: dict[str, SourceSizes] = defaultdict(SourceSizes)
        self.dates: Counter[str] = Counter()
        self.undated = 0
        self.languages: Counter[str] = Counter()
        self.spans: dict[tuple[str, str], StageRow] = {}
        self.span_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.dropped: dict[tuple[str, str], StageRow] = {}
        self.lines: dict[str, dict[str, list[Any]]] = defaultdict(dict)
        self.kept_urls: dict[str, str] = {}
        self.kept_ids_by_url: dict[str, str] = {}
        self.declared_duplicates: dict[str, list[str]] = {}
        self.dropped_members: dict[str, list[Member]] = defaultdict(list)
        self.view: list[DocEntry] = []  # kept and dropped documents for the document view
        self.total_documents = 0
        self.total_dropped = 0

    def add_document(self, row: dict[str, Any]) -> None:
        doc_id, url, source = str(row["id"] or ""), str(row["url"] or ""), str(row["source"] or "")
        text, extracted = row["text"] or "", row["extracted_text"] or ""
        extracted = extracted or text  # a build that kept no pre-cleaning text: nothing to show as removed
        sizes = self.sources[source]
        sizes.documents += 1
        sizes.extracted_chars += len(extracted)
        sizes.kept_chars += len(text)
        sizes.lengths_before.append(len(extracted))
        sizes.lengths_after.append(len(text))
        self._add_date(row["date"])
        self.languages[str(row["lang"] or "unknown")] += 1
        self.kept_urls[doc_id] = url
        self.kept_ids_by_url[url] = doc_id
        if row["duplicates"]:
            self.declared_duplicates[doc_id] = [str(d) for d in row["duplicates"]]
        removed = list(row["removed"] or [])
        diff = align(extracted, text, removed)
        self._add_removals(doc_id, source, removed, diff)
        self.total_documents += 1
        self._show(self._entry(row, diff, len(extracted), len(text)))

    def _add_date(self, value: Any) -> None:
        match = _DATE.match(str(value or ""))
        if not match:
            self.undated += 1
            return
        self.dates[match.group(0)[:10]] += 1

    def _add_removals(self, doc_id: str, source: str, removed: list[dict[str, Any]], diff: DocDiff) -> None:
        records = [
            (str(r.get("stage") or "?"), str(r.get("reason") or ""), str(r.get("text") or ""))
            for r in removed
        ]
        unrecorded = [s for para in diff.paragraphs for s in para if s.stage == UNRECORDED]
        records += [(UNRECORDED, s.reason or "", s.text) for s in unrecorded]
        for stage, reason, text in records:
            key = (stage, reason)
            row = self.spans.setdefault(key, StageRow(stage, reason))
            row.spans += 1
            row.chars += len(text)
            self.span_docs[key].add(doc_id)
            self._count_line(source, stage, text)

    def _count_line(self, source: str, stage: str, text: str) -> None:
        norm = " ".join(text.split())
        if not norm:
            return
        slot = self.lines[source].setdefault(norm, [0, set()])
        slot[0] += 1
        slot[1].add(stage)

    def _entry(self, row: dict[str, Any], diff: DocDiff, before: int, after: int) -> DocEntry:
        consistent = diff.kept_consistent
        diff, cut = _truncate(diff, self.options.max_doc_chars)
        offset = row["warc_offset"]
        return DocEntry(
            id=str(row["id"] or ""),
            url=str(row["url"] or ""),
            source=str(row["source"] or ""),
            title=str(row["title"] or ""),
            date=str(row["date"] or ""),
            lang=str(row["lang"] or ""),
            warc_file=str(row["warc_file"] or ""),
            warc_offset=int(offset) if offset is not None else None,
            warc_record_id=str(row["warc_record_id"] or ""),
            diff=diff,
            extracted_chars=before,
            kept_chars=after,
            kept_consistent=consistent,
            truncated_chars=cut,
        )

    def add_dropped(self, row: dict[str, Any]) -> None:
        self.total_dropped += 1
        stage, reason = str(row["stage"] or "?"), str(row["reason"] or "")
        entry = self.dropped.setdefault((stage, reason), StageRow(stage, reason))
        entry.documents += 1
        entry.spans += 1
        entry.chars += len(row["text"] or "")
        self.sources[str(row["source"] or "")].dropped += 1
        if row["duplicate_of"]:
            key = str(row["id"] or row["url"] or "")
            member = Member(key=key, url=str(row["url"] or ""), stage=stage, reason=reason)
            self.dropped_members[str(row["duplicate_of"])].append(member)
        self._show(self._dropped_entry(row, stage, reason))

    def _show(self, entry: DocEntry) -> None:
        """Add to the document view; with ``max_docs``, memory stays bounded by keeping only the first
        documents in view order (pruned every ``max_docs`` additions)."""
        self.view.append(entry)
        limit = self.options.max_docs
        if limit is not None and len(self.view) >= 2 * limit + 64:
            self.view = sorted(self.view, key=_view_order)[:limit]

    def _dropped_entry(self, row: dict[str, Any], stage: str, reason: str) -> DocEntry:
        """A dropped document for the document view: all of its text struck, labelled with its stage."""
        text = row["text"] or ""
        diff = DocDiff(paragraphs=[[Segment(p, stage, reason)] for p in text.split("\n") if p.strip()])
        diff, cut = _truncate(diff, self.options.max_doc_chars)
        return DocEntry(
            id=str(row["id"] or ""), url=str(row["url"] or ""), source=str(row["source"] or ""), title="",
            date="", lang="", warc_file="", warc_offset=None, warc_record_id="", diff=diff,
            extracted_chars=len(text), kept_chars=0, truncated_chars=cut,
            dropped=(stage, reason, str(row["duplicate_of"] or "")),
        )  # fmt: skip

    def finish(self, files: SnapshotFiles) -> ReportData:
        for key, docs in self.span_docs.items():
            self.spans[key].documents = len(docs)
        periods, granularity = _periods(self.dates)
        documents = sorted(self.view, key=_view_order)
        if self.options.max_docs is not None:
            documents = documents[: self.options.max_docs]
        clusters = self._clusters()
        return ReportData(
            snapshot_id=files.snapshot_id,
            manifest=files.manifest,
            sources=dict(sorted(self.sources.items())),
            periods=periods,
            granularity=granularity,
            undated=self.undated,
            languages=dict(sorted(self.languages.items(), key=lambda kv: (-kv[1], kv[0]))),
            span_rows=_sorted_rows(self.spans),
            dropped_rows=_sorted_rows(self.dropped),
            stats=flatten_stats(files.manifest.get("stats") or {}),
            top_lines=self._top_lines(),
            clusters=clusters[: self.options.max_clusters],
            cluster_sizes=dict(sorted(Counter(c.size for c in clusters).items())),
            documents=documents,
            total_documents=self.total_documents,
            total_dropped=self.total_dropped,
        )

    def _top_lines(self) -> dict[str, list[LineCount]]:
        out: dict[str, list[LineCount]] = {}
        limit, width = self.options.top_lines, self.options.line_chars
        for source in sorted(self.lines):
            ranked = sorted(self.lines[source].items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
            out[source] = [
                LineCount(_shorten(text, width), count, sorted(stages)) for text, (count, stages) in ranked
            ]
        return out

    def _clusters(self) -> list[Cluster]:
        members: dict[str, dict[str, Member]] = defaultdict(dict)
        for target, dropped in self.dropped_members.items():
            kept_id = target if target in self.kept_urls else self.kept_ids_by_url.get(target, target)
            for member in dropped:
                members[kept_id][member.key] = member
        known = {m.key for group in members.values() for m in group.values()}
        known |= {m.url for group in members.values() for m in group.values()}
        for kept_id, declared in self.declared_duplicates.items():
            for value in declared:
                if value not in known:
                    members[kept_id][value] = Member(
                        key=value, url=value if "://" in value else "", stage="duplicate", reason=""
                    )
        clusters = [
            Cluster(kept_id, self.kept_urls.get(kept_id, ""), sorted(group.values(), key=lambda m: m.key))
            for kept_id, group in members.items()
            if group
        ]
        return sorted(clusters, key=lambda c: (-c.size, c.kept_url, c.kept_id))


def _view_order(doc: DocEntry) -> tuple[str, str, str]:
    return (doc.source, doc.url, doc.id)


def _sorted_rows(rows: dict[tuple[str, str], StageRow]) -> list[StageRow]:
    return sorted(rows.values(), key=lambda r: (-r.chars, r.stage, r.reason))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _truncate(diff: DocDiff, limit: int) -> tuple[DocDiff, int]:
    """Cut the extracted-text view after ``limit`` characters; returns the number of characters cut."""
    total = sum(len(s.text) for para in diff.paragraphs for s in para)
    if total <= limit:
        return diff, 0
    kept: list[list[Segment]] = []
    budget = limit
    for para in diff.paragraphs:
        if budget <= 0:
            break
        out = []
        for seg in para:
            if budget <= 0:
                break
            piece = seg.text[:budget]
            out.append(Segment(piece, seg.stage, seg.reason))
            budget -= len(piece)
        kept.append(out)
    return DocDiff(paragraphs=kept, unlocated=diff.unlocated, kept_text=diff.kept_text), total - limit


def flatten_stats(stats: Any, prefix: str = "") -> dict[str, Any]:
    """Manifest stats as a flat, sorted ``{"path/like/key": value}`` dict (nested dicts are joined)."""
    flat: dict[str, Any] = {}
    if isinstance(stats, dict):
        for key, value in stats.items():
            path = f"{prefix}/{key}" if prefix else str(key)
            if isinstance(value, dict):
                flat.update(flatten_stats(value, path))
            else:
                flat[path] = value
    return dict(sorted(flat.items()))

"""Crash recovery: a ``.open`` WARC left by a killed crawl is cut after its last whole record (dropping
a trailing request record whose response never made it), indexed, and renamed like a normal close."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.atomic import replace_durably
from crawler.warc.cdxj import cdxj_line, write_cdxj
from crawler.warc.reader import ParsedRecord, iter_records
from crawler.warc.writer import OPEN_SUFFIX, lock_exclusive, name_pattern


@dataclass
class RecoveredFile:
    path: Path  # final name after rename
    kept_records: int
    cut_bytes: int
    records: list[tuple[int, int, ParsedRecord]] = field(default_factory=list)  # (offset, length, rec)


def _whole_prefix(path: Path) -> tuple[int, list[tuple[int, int, ParsedRecord]]]:
    recs = list(iter_records(path))
    # Response/revisit come before their request (see records.exchange_records); a trailing warcinfo
    # alone or a response without request is still a valid capture, so only partial members are cut.
    end = recs[-1][0] + recs[-1][1] if recs else 0
    return end, recs


def recover_file(
    path: Path, before_rename: Callable[[RecoveredFile], None] | None = None
) -> RecoveredFile | None:
    """Recover one ``.open`` file; None when another live process holds its lock. ``before_rename``
    sees the kept records while the file still has its ``.open`` name (so a kill during it leaves the
    file to be recovered again)."""
    try:
        f = open(path, "r+b")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:  # closed and renamed by its writer since the directory was listed
        return None
    with f:
        if not lock_exclusive(f):
            return None
        size = os.fstat(f.fileno()).st_size
        end, recs = _whole_prefix(path)
        if end < size:
            f.truncate(end)
        f.flush()
        os.fsync(f.fileno())
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        lines = [ln for off, ln_, rec in recs if (ln := cdxj_line(rec, final.name, off, ln_))]
        write_cdxj(final, lines)
        result = RecoveredFile(final, len(recs), size - end, recs)
        if before_rename is not None:
            before_rename(result)
        replace_durably(path, final)
    return result


def recover_directory(
    directory: Path, before_rename: Callable[[RecoveredFile], None] | None = None, prefix: str | None = None
) -> list[RecoveredFile]:
    """Recover every unlocked ``*.open`` WARC in ``directory`` (sorted by name); with ``prefix``, only
    the files named ``PREFIX-TIMESTAMP-SERIAL-HOST.warc.gz.open`` (a worker of a distributed crawl leaves
    the other workers' files alone: they may share the directory)."""
    out = []
    own = name_pattern(prefix) if prefix is not None else None
    for p in sorted(directory.glob("*.warc.gz" + OPEN_SUFFIX)):
        if own is not None and not own.match(p.name):
            continue
        r = recover_file(p, before_rename)
        if r is not None:
            out.append(r)
    return out

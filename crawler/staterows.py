"""One rule for the state row a capture leaves, shared by the archive middleware and crash recovery."""

from __future__ import annotations

from crawler.state import UrlRow
from crawler.warc.writer import Written


def _header(pairs: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for k, v in pairs:
        if k.lower() == name:
            return v.decode("latin-1")
    return None


def row_for_capture(
    url: str,
    status: int,
    head: list[tuple[bytes, bytes]],
    written: Written,
    payload_digest: str,
    run_id: int,
    prev: UrlRow | None,
    refers_to: UrlRow | None = None,
) -> UrlRow:
    """Row after writing ``written`` (a response or revisit record) for ``url``.

    A response record becomes the new reference capture; a revisit keeps the reference of the
    capture it refers to (``refers_to``) and its payload digest."""
    etag = _header(head, b"etag")
    last_modified = _header(head, b"last-modified")
    if written.type == "response":
        return UrlRow(
            url,
            status,
            etag,
            last_modified,
            payload_digest,
            written.date,
            run_id,
            "response",
            url,
            written.record_id,
            written.date,
            written.filename,
            written.offset,
        )
    ref = refers_to or prev
    assert ref is not None, "a revisit always refers to an earlier capture"
    return UrlRow(
        url,
        200 if status == 304 else status,
        etag or (prev.etag if prev else None),
        last_modified or (prev.last_modified if prev else None),
        ref.payload_digest,
        written.date,
        run_id,
        "revisit",
        ref.ref_uri,
        ref.ref_record_id,
        ref.ref_date,
        ref.ref_file,
        ref.ref_offset,
    )

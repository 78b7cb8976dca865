"""The document that flows from extraction through cleaning and corpus stages into a snapshot."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """One article. ``text`` is the cleaned text, paragraphs separated by ``\\n``."""

    url: str
    text: str
    source: str = ""
    title: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) of publication when known
    author: str | None = None
    sitename: str | None = None
    canonical_url: str | None = None
    lang: str | None = None
    lang_confidence: float | None = None
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> URL
    warc_file: str = ""  # file name (no directory) of the WARC holding the response record
    warc_offset: int = -1  # byte offset of the record in that file
    warc_record_id: str = ""
    fetched_at: str = ""  # WARC-Date of the response record
    extracted_text: str = ""  # text as extraction returned it, before the cleaning stages
    removed: list[dict[str, str]] = field(default_factory=list)  # {"stage", "reason", "text"}
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Stable document id: derived from the URL only, never from time or order."""
        return hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:24]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["id"] = self.id
        d["sha256"] = self.sha256
        return d

"""Which sources a crawl covers, from settings (``CORPUS_SOURCES`` path, ``CORPUS_SOURCE_NAMES``)."""

from __future__ import annotations

from typing import Any

from corpus.errors import CorpusError
from crawler.sources import Source, load_sources


def pick(sources: list[Source], names: list[str] | tuple[str, ...]) -> list[Source]:
    if not names:
        return sources
    known = {s.name: s for s in sources}
    missing = [n for n in names if n not in known]
    if missing:
        raise CorpusError(f"unknown source name(s): {', '.join(missing)} (known: {', '.join(sorted(known))})")
    return [known[n] for n in dict.fromkeys(names)]


def selected_sources(settings: Any) -> list[Source]:
    path = settings.get("CORPUS_SOURCES")
    if not path:
        raise CorpusError("setting CORPUS_SOURCES (path of the sources TOML file) is not set")
    return pick(load_sources(path), settings.getlist("CORPUS_SOURCE_NAMES"))


def job_key(sources: list[Source]) -> str:
    """Identity of a crawl job: the set of sources it covers."""
    return "sources:" + ",".join(sorted(s.name for s in sources))

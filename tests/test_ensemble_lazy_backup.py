"""The content extraction with its backup tree rebuilt on demand (sections.extract_content_lazily, as
TrafilaturaRuns calls it) gives trafilatura's extract_content output, recovery pass included."""

from __future__ import annotations

import gzip
from copy import copy, deepcopy
from pathlib import Path

import pytest
from lxml import etree
from trafilatura import main_extractor

from corpus.ensemble import sections
from corpus.ensemble.trafilatura_runs import _PRUNE_COMMENTS_AND_LISTS, _PRUNE_RAW, _cleaned, options_for
from corpus.extraction.parse import parse_page

BENCH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction" / "html"


def _shared(path: Path) -> etree._Element:
    tree = parse_page(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    return _PRUNE_COMMENTS_AND_LISTS(_PRUNE_RAW(tree))


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["recall", "precision"])
def test_lazy_backup_extracts_what_trafilatura_extracts(mode: str) -> None:
    options = options_for(mode, "https://example.test/a")
    rebuilt = 0
    for page in sorted(BENCH.glob("*.html.gz"))[::2]:
        shared = _shared(page)
        cleaned = _cleaned(copy(shared), options)
        assert etree.tostring(_cleaned(copy(shared), options)) == etree.tostring(cleaned)  # same tree again
        calls = []

        def backup(shared=shared, calls=calls):
            calls.append(1)
            return _cleaned(copy(shared), options)

        theirs = main_extractor.extract_content(deepcopy(cleaned), options)
        ours = sections.extract_content_lazily(cleaned, options, backup)
        assert (etree.tostring(ours[0]), ours[1]) == (etree.tostring(theirs[0]), theirs[1]), page.name
        rebuilt += bool(calls)
    assert rebuilt >= 3  # the recovery pass (which reads the backup) ran on some pages


def test_without_a_backup_function_the_tree_is_copied_first() -> None:
    options = options_for("recall", None)
    tree = parse_page("<html><body><div><p>" + "Some words of a paragraph. " * 3 + "</p></div></body></html>")
    cleaned = _cleaned(tree, options)
    theirs = main_extractor.extract_content(deepcopy(cleaned), options)
    ours = sections.extract_content_lazily(cleaned, options)
    assert (etree.tostring(ours[0]), ours[1]) == (etree.tostring(theirs[0]), theirs[1])

"""Line hashes computed once in phase 1 and handed to phase 2 give what each stage computes alone."""

from __future__ import annotations

import numpy as np

from corpus.document import Document
from corpus.stages.boilerplate import PairsBuilder, SiteBoilerplate
from corpus.stages.textnorm import hash64, line_hashes, normalize_lines

TEXT = "Follow us on Social!\n\nA real paragraph, 2024.\n  \nFollow us on social\nThe end."


def test_line_hashes_are_the_hashes_of_the_non_empty_lines():
    norms = normalize_lines(TEXT)
    assert line_hashes(norms) == [hash64(n) for n in norms if n]
    assert len(line_hashes(norms)) == 4


def test_given_hashes_remove_the_same_lines_as_computed_ones():
    norms = normalize_lines(TEXT)
    known = {"s": np.array([hash64("follow us on social")], dtype=np.uint64)}
    a, b = Document("https://s.test/1", TEXT, source="s"), Document("https://s.test/1", TEXT, source="s")
    kept_a = SiteBoilerplate(known).apply(a, norms)
    kept_b = SiteBoilerplate(known).apply(b, norms, line_hashes(norms))
    assert kept_a == kept_b == ["", "a real paragraph 0000", "", "the end"]
    assert a.text == b.text == "\nA real paragraph, 2024.\n  \nThe end."
    assert a.removed == b.removed and len(a.removed) == 2


def test_given_hashes_teach_the_same_rows():
    norms = normalize_lines(TEXT)
    a, b = PairsBuilder(), PairsBuilder()
    a.add(norms, "https://s.test/1", "2024-01-01T00:00:00Z")
    b.add(norms, "https://s.test/1", "2024-01-01T00:00:00Z", line_hashes(norms))
    assert (a.rows() == b.rows()).all() and len(a.rows()) == 3  # the repeated line counts once

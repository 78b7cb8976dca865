"""A text's code points as one numpy array, for the stages that look characters up in tables
(:mod:`corpus.stages.foldtable`, :mod:`corpus.stages.wordcount`)."""

from __future__ import annotations

import numpy as np


def code_points(text: str) -> np.ndarray | None:
    """The code points of ``text`` (little-endian uint32, a view of its UTF-32 encoding), or None when
    ``text`` holds a lone surrogate (it has no UTF-32 encoding)."""
    try:
        return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    except UnicodeEncodeError:
        return None

"""corpus: build, snapshot and load a clean news-text corpus.

``from corpus import load`` must stay light: it never imports Scrapy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["load", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from corpus.loader import Snapshot


def load(path: Any, **kwargs: Any) -> Snapshot:
    """Open a snapshot directory; see :func:`corpus.loader.load`."""
    from corpus.loader import load as _load

    return _load(path, **kwargs)

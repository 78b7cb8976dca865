"""Text cleaning stages: pure functions and classes over article text (no Scrapy, no pipeline).

    from cleaners import clean
    result = clean(text, lang="fr")
    result.text, result.removed, result.metadata
"""

from cleaners.base import Removal, Stage, TextDoc
from cleaners.pipeline import CleanResult, clean, default_stages

__all__ = ["CleanResult", "Removal", "Stage", "TextDoc", "clean", "default_stages"]

"""One module per kind of boilerplate; see :func:`cleaners.pipeline.default_stages` for the order."""

from cleaners.stages.account import AccountStage
from cleaners.stages.byline import BylineStage
from cleaners.stages.caption import CaptionStage
from cleaners.stages.consent import ConsentStage
from cleaners.stages.date_widget import DateWidgetStage
from cleaners.stages.duplicate import DuplicateStage
from cleaners.stages.navigation import NavigationStage
from cleaners.stages.off_language import OffLanguageStage
from cleaners.stages.read_also import ReadAlsoStage
from cleaners.stages.reading_time import ReadingTimeStage
from cleaners.stages.region import BoilerplateRegionStage
from cleaners.stages.social import SocialStage

__all__ = [
    "AccountStage",
    "BoilerplateRegionStage",
    "BylineStage",
    "CaptionStage",
    "ConsentStage",
    "DateWidgetStage",
    "DuplicateStage",
    "NavigationStage",
    "OffLanguageStage",
    "ReadAlsoStage",
    "ReadingTimeStage",
    "SocialStage",
]

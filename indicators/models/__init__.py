from .indicators import Indicator, IndicatorTarget, Measurement
from .periods import Frequency, Period
from .sources import FeedApplication
from .strategy import Objective, Programme, StrategicAxis

__all__ = [
    "FeedApplication",
    "Frequency",
    "Indicator",
    "IndicatorTarget",
    "Measurement",
    "Objective",
    "Period",
    "Programme",
    "StrategicAxis",
]

"""Writes on the process register and the context (process.py) and on the risk sheets
(risks.py)."""

from .process import *  # noqa: F401,F403
from .risks import *  # noqa: F401,F403

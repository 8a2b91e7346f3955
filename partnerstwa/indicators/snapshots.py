"""The programme's figures, computed once per change of the records they are computed from and
stored (lib.figures): every page, the open data and the reports read them from there."""

from collections.abc import Callable
from typing import Any

from partnerstwa.lib import figures

# The apps whose records the figures are computed from (targets are read live, not stored).
SCOPES = ("registry", "partnerships", "activities", "contests")


def stored(name: str, compute: Callable[[], Any]) -> Any:
    """The figures `name` as stored for the current records (lib.figures.stored)."""
    return figures.stored(name, compute, scopes=SCOPES)

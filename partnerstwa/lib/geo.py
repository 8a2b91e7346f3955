"""Which powiats border which, for drawing geographically believable partnerships.

The table ``data/geo/powiaty_sasiedztwo.csv`` is built by ``tools/powiat_neighbours.py`` (see
``data/README.md`` for its source); it keys powiats by 4-digit TERYT code (WWPP, state of the
2022-01-01 register) and lists only neighbours within Poland.
"""

import csv
import functools
from pathlib import Path

NEIGHBOURS_FILE = Path(__file__).resolve().parent.parent / "data" / "geo" / "powiaty_sasiedztwo.csv"


@functools.cache
def powiat_neighbours() -> dict[str, frozenset[str]]:
    """Powiat code (WWPP) -> the codes of the powiats it borders. Read once, then kept."""
    with NEIGHBOURS_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["powiat"]: frozenset(row["sasiedzi"].split())
            for row in csv.DictReader(handle, delimiter=";")
        }

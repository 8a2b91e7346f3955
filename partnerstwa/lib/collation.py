"""Polish alphabetical order, with numbers in natural order, on both databases.

One collation name, ``pl_natural``, means the same order on SQLite and PostgreSQL: on
PostgreSQL it is an ICU collation (``pl-PL-u-kn-true``: Polish letters, numeric runs compared
as numbers) created by a migration; on SQLite the same order is registered on every connection
as a Python function. Sort a queryset with ``order_by(polish("name"))``; sort Python lists
with ``sort_key``."""

import functools
import re
import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

NAME = "pl_natural"
ICU_LOCALE = "pl-PL-u-kn-true"

# The Polish alphabet; q, v and x sort where the Latin alphabet puts them.
_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_NUMBER = re.compile(r"(\d+)")


def _letter_key(text: str) -> tuple:
    """Primary weights: Polish letters in their order, other letters by their base letter after
    the Polish ones of the same base, anything else (spaces, hyphens, punctuation) first."""
    weights = []
    for ch in text.casefold():
        if ch in _RANK:
            weights.append((2, _RANK[ch], ""))
        elif ch.isalpha():
            base = unicodedata.normalize("NFKD", ch)[0]
            weights.append((2, _RANK.get(base, len(_ALPHABET)), ch))
        elif ch.isspace():
            weights.append((0, 0, " "))
        else:
            weights.append((1, 0, ch))
    return tuple(weights)


@functools.lru_cache(maxsize=65536)
def sort_key(text: str | None) -> tuple:
    """The key that orders texts as ``pl_natural`` does: runs of digits as numbers ("nr 2"
    before "nr 10"), letters in Polish order ("lubuskie" before "łódzkie" before "małopolskie"),
    then case and the text itself so that equal keys mean equal texts."""
    text = text or ""
    parts = []
    for index, part in enumerate(_NUMBER.split(text)):
        if index % 2:
            parts.append((1, int(part), ()))
        elif part:
            parts.append((2, 0, _letter_key(part)))
    return (tuple(parts), text.swapcase())


def compare(left: str | None, right: str | None) -> int:
    """The SQLite collation function: negative, zero or positive."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def polish(field: str) -> Collate:
    """An ordering expression: the field in Polish natural order (``order_by(polish("name"))``;
    ``polish("name").desc()`` for the reverse)."""
    return Collate(F(field), NAME)


def register_on_sqlite(sender, connection, **kwargs) -> None:
    """connection_created receiver: teach every new SQLite connection the collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NAME, compare)

"""Text helpers with no domain knowledge."""

import unicodedata

# Letters NFKD does not decompose into a base letter and a mark.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def fold(text: str) -> str:
    """Lower-case ASCII-ish form of text for diacritic-insensitive search ("Łódź" -> "lodz")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def parse_int(value: str | None, *, max_digits: int = 18) -> int | None:
    """A whole number written with ASCII digits only, else None ("²" is a digit to str.isdigit
    but not a number to int())."""
    value = (value or "").strip()
    if value and len(value) <= max_digits and value.isascii() and value.isdigit():
        return int(value)
    return None

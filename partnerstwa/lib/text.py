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


def compact_email(text: str) -> str:
    """An e-mail as imports compare and store it: spaces anywhere and letter case ignored."""
    return "".join(text.split()).lower()


def case_variants(name: str) -> set[str]:
    """The usual spellings of a name to ask the database for: SQLite folds only ASCII letters,
    so queries list these and callers compare folded in Python."""
    return {name, name.lower(), name.upper(), name.title(), name.capitalize()}


def non_blank_lines(text: str) -> list[str]:
    """The lines of a text area that say something, stripped (e.g. one source per line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def one_line(text: str) -> str:
    """Text for one line of a plain-text message or header: control characters (line breaks,
    NUL, BEL…) become spaces and runs of white space (Unicode line separators too) one space,
    so a typed value can never add a line, or a header, to an e-mail."""
    spaced = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return " ".join(spaced.split())


def slug(text: str) -> str:
    """A web address name with Polish letters transliterated ("Mikołowski" -> "mikolowski"):
    Django's slugify alone drops the letters NFKD cannot decompose ("mikoowski")."""
    from django.utils.text import slugify

    return slugify(text.translate(_UNDECOMPOSABLE))

"""File downloads: one place that sets the content type and a safe Content-Disposition."""

import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

from partnerstwa.lib.spreadsheets import CONTENT_TYPES

XLSX = CONTENT_TYPES["xlsx"]
PDF = "application/pdf"
CALENDAR = "text/calendar; charset=utf-8"


# Letters and signs NFKD does not take apart into an ASCII letter and an accent.
_PLAIN = str.maketrans({"Ł": "L", "ł": "l", "–": "-", "—": "-", "„": '"', "”": '"'})


def _ascii_name(filename: str) -> str:
    """The name every client understands: accents dropped, quotes and controls replaced."""
    decomposed = unicodedata.normalize("NFKD", filename.translate(_PLAIN))
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\' else "_" for ch in letters)
    return kept.strip() or "plik"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="…"`, plus RFC 5987 `filename*` when the name is not plain ASCII."""
    disposition = "inline" if inline else "attachment"
    ascii_name = _ascii_name(filename)
    header = f'{disposition}; filename="{ascii_name}"'
    if ascii_name != filename:
        header += f"; filename*=utf-8''{quote(filename)}"
    return header


def download(
    content: bytes | str, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """A file built in memory, offered under `filename` (saved, or shown when `inline`)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response

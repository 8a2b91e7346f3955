"""File downloads: one place that sets the content type and a safe Content-Disposition."""

from urllib.parse import quote

from django.http import HttpResponse

from partnerstwa.lib.text import fold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
CALENDAR = "text/calendar; charset=utf-8"


def _ascii_name(filename: str) -> str:
    """The name every client understands: Polish letters folded, quotes and controls gone."""
    folded = fold(filename) if not filename.isascii() else filename
    kept = "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\' else "_" for ch in folded)
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

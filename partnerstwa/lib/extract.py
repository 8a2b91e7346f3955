"""The text inside a document, for search: one reader per format.

Every failure while reading (a damaged, encrypted or hostile file) is the file's fault and
raises UnreadableFile with a translated reason; callers record it, never a traceback."""

import unicodedata
import zipfile
from collections.abc import Callable
from typing import BinaryIO

from defusedxml import ElementTree
from django.utils.translation import gettext as _

# The most text kept from one file (characters): enough for search, bounded for the index.
MAX_CHARS = 2_000_000
# A zip member larger than this when unpacked is refused (a zip bomb, not a document).
MAX_MEMBER_BYTES = 100 * 2**20

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class UnreadableFile(Exception):
    """The file's text cannot be read; the reason is translated for staff."""


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_MEMBER_BYTES:
        raise UnreadableFile(_("The file unpacks to more than %(mb)s MB.") % {"mb": 100})
    return archive.read(info)


def _paragraphs(xml: bytes, paragraph: str, text: str) -> list[str]:
    """The text of each paragraph element (runs of `text` elements joined)."""
    root = ElementTree.fromstring(xml)
    return ["".join(node.text or "" for node in para.iter(text)) for para in root.iter(paragraph)]


def _docx(source: BinaryIO) -> str:
    with zipfile.ZipFile(source) as archive:
        return "\n".join(
            _paragraphs(_read_member(archive, "word/document.xml"), f"{_W}p", f"{_W}t")
        )


def _pptx(source: BinaryIO) -> str:
    with zipfile.ZipFile(source) as archive:
        slides = [
            name
            for name in archive.namelist()
            if name.startswith("ppt/slides/slide") and name.endswith(".xml")
        ]
        # slide2.xml before slide10.xml
        slides.sort(key=lambda name: int("".join(ch for ch in name if ch.isdigit()) or 0))
        return "\n".join(
            line
            for name in slides
            for line in _paragraphs(_read_member(archive, name), f"{_A}p", f"{_A}t")
        )


def _opendocument(source: BinaryIO) -> str:
    """ODT and ODS: paragraphs and headings of content.xml (a spreadsheet's cells hold text:p)."""
    with zipfile.ZipFile(source) as archive:
        root = ElementTree.fromstring(_read_member(archive, "content.xml"))
    lines = []
    for node in root.iter():
        if node.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            lines.append("".join(node.itertext()))
    return "\n".join(lines)


def _xlsx(source: BinaryIO) -> str:
    from openpyxl import load_workbook

    book = load_workbook(source, read_only=True, data_only=True)
    try:
        lines = []
        for sheet in book.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value not in (None, "")]
                if cells:
                    lines.append(" ".join(cells))
        return "\n".join(lines)
    finally:
        book.close()


def _pdf(source: BinaryIO) -> str:
    from pypdf import PdfReader

    reader = PdfReader(source)
    if reader.is_encrypted:
        raise UnreadableFile(_("The PDF is encrypted."))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


READERS: dict[str, Callable[[BinaryIO], str]] = {
    "pdf": _pdf,
    "docx": _docx,
    "pptx": _pptx,
    "xlsx": _xlsx,
    "odt": _opendocument,
    "ods": _opendocument,
}


def text_of(source: BinaryIO, extension: str) -> str:
    """The text of a document of the given format (file extension, lower case)."""
    reader = READERS.get(extension)
    if reader is None:
        raise UnreadableFile(_("Text cannot be read from a .%(ext)s file.") % {"ext": extension})
    try:
        text = reader(source)
    except UnreadableFile:
        raise
    except Exception as error:  # any failure inside a reader is the file's fault
        raise UnreadableFile(
            _("The file's text could not be read (%(reason)s).") % {"reason": type(error).__name__}
        ) from error
    # Letters composed (a file may write "ó" as "o" and a combining mark): the index and the
    # passages read words as composed letters, as queries are typed.
    text = unicodedata.normalize("NFC", text)
    # NUL and other control characters never reach the database (PostgreSQL refuses NUL).
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    return text[:MAX_CHARS]

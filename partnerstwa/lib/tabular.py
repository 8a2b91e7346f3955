"""The one reader of tables that come from outside: CSV and XLSX.

Every import reads its files here and gets ``(row number, cells)`` — cells as text, a row
number as people see it (the line of a CSV record's start, the row of a sheet). Whatever is
wrong in a file — bytes that are not UTF-8, a NUL character, a line no CSV reader can make
sense of, a workbook that is not one, a sheet whose XML is truncated, a cell that is not what
its type says, a shared string that is not there — is raised as one error,
:class:`~partnerstwa.lib.errors.FileRowError`, naming the file, the sheet, the row and, where
it can be known, the column and the value. Nothing else escapes a reader.

- CSV: UTF-8 with or without BOM, CRLF or LF, ``,`` or ``;`` (sniffed from the first line
  unless the format fixes it); read line by line, so memory does not grow with the file.
- XLSX: a sheet whose XML is at most ``CALAMINE_MAX_BYTES`` is read by python-calamine (Rust;
  10-20 times faster than openpyxl, but it holds the sheet's values in memory while they are
  read, so only up to that size); a larger one, or one calamine cannot read, by openpyxl in
  read-only mode, streamed row by row, so memory does not grow with the file, and its error
  names the row. The sheet's declared dimensions are ignored (a wrong ``<dimension>`` would
  otherwise hide rows). Both give the same rows (property-tested).
"""

import csv
import datetime
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
import python_calamine
from django.utils.translation import gettext as _

from partnerstwa.lib.errors import FileRowError

Source = Path | bytes
Row = tuple[int, list[str]]

XLSX_MAGIC = b"PK\x03\x04"
BOM = b"\xef\xbb\xbf"
# No line of a table we take is anywhere near this long; a longer one is not a table.
MAX_LINE_BYTES = 1 << 20


def _open(source: Source):
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source)
    try:
        return Path(source).open("rb")
    except OSError as error:
        raise FileRowError(
            None,
            _("the file cannot be opened (%(reason)s)") % {"reason": error.strerror or error},
            file=Path(source).name,
        ) from None


def is_xlsx(source: Source) -> bool:
    """An XLSX workbook (a ZIP archive) by its first bytes, whatever its name says."""
    with _open(source) as handle:
        return handle.read(4) == XLSX_MAGIC


def rows(source: Source, *, file: str = "", delimiter: str | None = None) -> Iterator[Row]:
    """The rows of a CSV file or of a workbook's first sheet, recognised by content."""
    if is_xlsx(source):
        with workbook(source, file=file) as book:
            if not book.sheet_names:
                raise FileRowError(None, _("the workbook has no sheet"), file=file)
            yield from book.rows(book.sheet_names[0])
    else:
        yield from csv_rows(source, file=file, delimiter=delimiter)


# CSV


class _Lines:
    """A binary file's lines decoded one by one, each checked: a line is UTF-8 (a line break
    byte is never inside a UTF-8 character, so the line of a bad byte is exact), has no NUL and
    is not absurdly long."""

    def __init__(self, handle, file: str, delimiter: str):
        self.handle = handle
        self.file = file
        self.delimiter = delimiter
        self.number = 0

    def __iter__(self):
        return self

    def _column(self, before: str) -> int:
        # Good enough for a message: fields separated before the offending character.
        return before.count(self.delimiter) + 1

    def __next__(self) -> str:
        data = self.handle.readline(MAX_LINE_BYTES + 1)
        if not data:
            raise StopIteration
        self.number += 1
        if len(data) > MAX_LINE_BYTES:
            raise FileRowError(
                self.number,
                _("the line is longer than %(limit)s bytes; this is not a table we read")
                % {"limit": MAX_LINE_BYTES},
                file=self.file,
            )
        if self.number == 1 and data.startswith(BOM):
            data = data[len(BOM) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            before = data[: error.start].decode("utf-8", "replace")
            raise FileRowError(
                self.number,
                _("the file is not UTF-8 encoded (byte %(byte)s)")
                % {"byte": hex(data[error.start])},
                file=self.file,
                column=self._column(before),
            ) from None
        if "\x00" in text:
            raise FileRowError(
                self.number,
                _("the file contains a NUL character"),
                file=self.file,
                column=self._column(text[: text.index("\x00")]),
            )
        return text


def _sniff(first_line: bytes) -> str:
    return ";" if first_line.count(b";") > first_line.count(b",") else ","


def csv_rows(source: Source, *, file: str = "", delimiter: str | None = None) -> Iterator[Row]:
    """(line number where the record starts, fields) for every record, blank lines included
    (as empty lists) so that numbers stay the file's own."""
    with _open(source) as handle:
        if delimiter is None:
            delimiter = _sniff(handle.readline(MAX_LINE_BYTES))
            handle.seek(0)
        lines = _Lines(handle, file, delimiter)
        reader = csv.reader(lines, delimiter=delimiter)
        while True:
            start = lines.number + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise FileRowError(
                    start,
                    _("the line cannot be read as CSV (%(detail)s)") % {"detail": error},
                    file=file,
                ) from None
            yield start, fields


# XLSX


def cell_text(value) -> str:
    """A cell's value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time.min:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_reason(error: Exception) -> str:
    if isinstance(error, ParseError):
        return _("the sheet's XML is malformed or truncated")
    if isinstance(error, IndexError | KeyError):
        return _("a cell refers to text the workbook does not contain")
    if isinstance(error, ValueError | OverflowError):
        return _(
            "a cell's value does not fit its type (a day that does not exist, text as a number)"
        )
    if isinstance(error, zipfile.BadZipFile | EOFError | OSError):
        return _("the workbook is damaged or truncated")
    return _("the sheet cannot be read")


# The most rows a spreadsheet program writes in a sheet. openpyxl walks every row up to the last
# one a sheet names, so a two-kilobyte file naming row 2,000,000,000 would keep a worker busy.
MAX_ROWS = 1_048_576


# The most sheet XML and shared strings (uncompressed) calamine reads: it holds a sheet's values in
# memory while they are read (about 27 MiB for 100,000 four-column rows, 17 MiB of XML). A larger
# workbook is streamed by openpyxl, so memory stays bounded however large the file.
CALAMINE_MAX_BYTES = 32 * 2**20


# Rows' numbers and cells' columns of two letters or more. Each pattern starts with a literal,
# which the regular expression engine finds quickly (a pattern starting at "<" tries every tag:
# ten times slower on a large sheet). They may also match text in a cell: more rows or wider
# than the sheet is, never less, so a doubtful workbook goes to openpyxl.
_ROW = re.compile(rb"row\b[^>]*?\sr=\"(\d+)\"")
_WIDE_CELL = re.compile(rb"r=\"([A-Z]{2,})\d")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _calamine_fits(handle) -> bool:
    """Whether calamine may read the workbook: its sheets and shared strings are small, and no
    sheet names cells far beyond the ones it holds (calamine makes a sheet a dense grid, so a
    small file naming row 1,000,000 or column XFD would take gigabytes; openpyxl streams it)."""
    try:
        return _small_and_dense(handle)
    finally:
        handle.seek(0)


def _small_and_dense(handle) -> bool:
    with zipfile.ZipFile(handle) as archive:
        members = [
            member
            for member in archive.infolist()
            if member.filename.startswith("xl/worksheets/")
            or member.filename == "xl/sharedStrings.xml"
        ]
        if sum(member.file_size for member in members) > CALAMINE_MAX_BYTES:
            return False
        for member in members:
            if member.filename == "xl/sharedStrings.xml":
                continue
            with archive.open(member) as opened:
                xml = opened.read(CALAMINE_MAX_BYTES + 1)
            if len(xml) > CALAMINE_MAX_BYTES:
                return False
            if b't="d"' in xml:
                # ISO days in cells (rare: Excel writes days as numbers): calamine reads an
                # impossible one as its text, openpyxl refuses it naming the row.
                return False
            numbers = _ROW.findall(xml)
            height = max(max(map(int, numbers), default=0), len(numbers))
            width = max((_column_number(c) for c in _WIDE_CELL.findall(xml)), default=26)
            cells = xml.count(b"<c") + xml.count(b":c ")
            if height > MAX_ROWS or height * width > 8 * cells + 100_000:
                return False
    return True


class Workbook:
    """A workbook's sheets read row by row: by calamine when it fits, by openpyxl otherwise."""

    def __init__(self, handle, file: str):
        self._handle = handle
        self._calamine = None
        self._openpyxl = None
        self.file = file
        if _calamine_fits(handle):
            try:
                self._calamine = python_calamine.CalamineWorkbook.from_filelike(handle)
            except Exception:  # calamine refuses it; openpyxl may read it or say what is wrong
                self._calamine = None
            handle.seek(0)
        if self._calamine is not None:
            self.sheet_names: list[str] = list(self._calamine.sheet_names)
        else:
            self.sheet_names = list(self._openpyxl_book().sheetnames)

    def _openpyxl_book(self):
        if self._openpyxl is None:
            with warnings.catch_warnings():
                # Styles or extensions openpyxl cannot read do not matter to a table of values.
                warnings.simplefilter("ignore")
                self._openpyxl = openpyxl.load_workbook(
                    self._handle, read_only=True, data_only=True
                )
        return self._openpyxl

    def close(self) -> None:
        if self._calamine is not None:
            self._calamine.close()
        if self._openpyxl is not None:
            self._openpyxl.close()

    def rows(self, name: str) -> Iterator[Row]:
        """(row number, cells) for every row of the sheet, empty rows included; trailing empty
        cells are left out."""
        values = self._calamine_values(name)
        if values is None:
            yield from self._openpyxl_rows(name)
            return
        for number, row in enumerate(values, 1):
            cells = [value if type(value) is str else cell_text(value) for value in row]
            while cells and not cells[-1]:
                cells.pop()
            if "\x00" in "".join(cells):
                self._nul(number, cells, name)
            yield number, cells

    def _calamine_values(self, name: str):
        """The values of the sheet's rows read whole by calamine, or None when calamine cannot
        read it (openpyxl then reads it, and its error names the row)."""
        if self._calamine is None:
            return None
        try:
            sheet = self._calamine.get_sheet_by_name(name)
            first_row, first_column = sheet.start
            if first_row + sheet.height > MAX_ROWS:
                return None  # openpyxl says so, naming the row
            # iter_rows gives rows from the sheet's first (empty ones included) and columns from
            # its first used one.
            # Tuples of text, which the garbage collector stops tracking: a list of a hundred
            # thousand rows would otherwise be walked again at every full collection.
            pad = ("",) * first_column
            return [pad + tuple(row) for row in sheet.iter_rows()]
        except Exception:  # calamine's own errors for a damaged sheet
            return None

    def _nul(self, number: int, cells: list[str], name: str) -> None:
        for column, text in enumerate(cells, start=1):
            if "\x00" in text:
                raise FileRowError(
                    number,
                    _("the file contains a NUL character"),
                    file=self.file,
                    sheet=name,
                    column=column,
                )

    def _openpyxl_rows(self, name: str) -> Iterator[Row]:
        number = 0
        try:
            sheet = self._openpyxl_book()[name]
            sheet.reset_dimensions()  # a wrong <dimension> must not hide rows
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
                if number > MAX_ROWS:
                    raise FileRowError(
                        number,
                        _("the sheet has more rows than a spreadsheet can hold (%(max)s)")
                        % {"max": MAX_ROWS},
                        file=self.file,
                        sheet=name,
                    )
                cells = [value if type(value) is str else cell_text(value) for value in values]
                while cells and not cells[-1]:
                    cells.pop()
                if "\x00" in "".join(cells):
                    self._nul(number, cells, name)
                yield number, cells
        except FileRowError:
            raise
        except Exception as error:  # openpyxl raises many kinds for a damaged sheet
            raise FileRowError(
                number + 1, _sheet_reason(error), file=self.file, sheet=name
            ) from None


@contextmanager
def workbook(source: Source, *, file: str = "") -> Iterator[Workbook]:
    """An XLSX workbook opened read-only; a file that is not one is the file's error."""
    handle = _open(source)
    try:
        opened = Workbook(handle, file)
    except Exception:  # BadZipFile, KeyError, ParseError, ValueError... for a damaged file
        handle.close()
        raise FileRowError(
            None, _("the file is not an XLSX workbook or it is damaged"), file=file
        ) from None
    try:
        yield opened
    finally:
        opened.close()
        handle.close()

"""Writing exports (CSV, XLSX) that contain what people typed, so that no cell runs as a formula.

Callers build tablib Datasets of plain values and hand them to `export`/`xlsx_book`; the
neutralisation is the writer's job and depends on the format:
- XLSX: every text cell is stored as a string cell, which Excel and LibreOffice never evaluate,
  so an ordinary "+48 22 …" or "-" stays exactly as typed;
- CSV has no cell types, so text a spreadsheet would take for a formula gets a leading
  apostrophe (OWASP's advice for CSV injection).
"""

import csv
import io
from collections.abc import Sequence
from typing import NamedTuple

import tablib
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_cell(value):
    """Text that a spreadsheet would run as a formula is kept as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(dataset: tablib.Dataset) -> str:
    """The dataset as CSV with a BOM, so spreadsheet programs read the Polish letters right."""
    out = io.StringIO()
    writer = csv.writer(out)
    if dataset.headers:
        writer.writerow([csv_cell(header) for header in dataset.headers])
    for row in dataset:
        writer.writerow([csv_cell("" if value is None else value) for value in row])
    return "\ufeff" + out.getvalue()


# Number formats (Excel's codes; each program shows them with its own decimal and thousands
# separators, so a Polish spreadsheet reads "45,0 %" and "2 485 383,00 zł").
PERCENT = "0.0 %"
PLN = '#,##0.00 "zł"'
INTEGER = "#,##0"

# Column widths (in characters) when a workbook sizes its columns to their contents.
NARROWEST, WIDEST = 8, 60


class Formatted(NamedTuple):
    """A number for an XLSX cell with its number format (XLSX only: CSV has no formats)."""

    value: object
    number_format: str


def _xlsx_cell(sheet, value, font=None, wrap: bool = False) -> WriteOnlyCell:
    number_format = None
    if isinstance(value, Formatted):
        value, number_format = value
    if isinstance(value, str):
        # Characters XML 1.0 cannot hold (control characters) would make the file unreadable.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a string cell, never a formula, whatever its first character
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    if wrap and isinstance(value, str) and len(value) > WIDEST:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _shown_length(value) -> int:
    if isinstance(value, Formatted):
        # The figure with its thousands separators and unit ("2 485 383,00 zł").
        return len(f"{value.value:,}") + 4 if value.value is not None else 0
    return max((len(line) for line in str("" if value is None else value).splitlines()), default=0)


def _widths(dataset: tablib.Dataset) -> list[int]:
    rows = [dataset.headers or [], *dataset]
    columns = max((len(row) for row in rows), default=0)
    return [
        min(
            WIDEST,
            max(NARROWEST, *(_shown_length(row[i]) + 2 for row in rows if i < len(row))),
        )
        for i in range(columns)
    ]


def xlsx_book(datasets: Sequence[tablib.Dataset], *, fit_columns: bool = False) -> bytes:
    """One workbook, a sheet per dataset (its title), the header row bold and frozen.
    Values may be `Formatted` numbers. With `fit_columns`, each column is as wide as its
    contents (NARROWEST to WIDEST characters) and longer text wraps."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for dataset in datasets:
        sheet = book.create_sheet(title=(dataset.title or "Sheet")[:31])
        if fit_columns:
            for index, width in enumerate(_widths(dataset), start=1):
                sheet.column_dimensions[get_column_letter(index)].width = width
        if dataset.headers:
            sheet.freeze_panes = "A2"
            sheet.append([_xlsx_cell(sheet, str(header), bold) for header in dataset.headers])
        for row in dataset:
            sheet.append([_xlsx_cell(sheet, value, wrap=fit_columns) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(dataset: tablib.Dataset, file_type: str) -> bytes | str:
    """The dataset in one of CONTENT_TYPES' formats."""
    if file_type == "csv":
        return csv_text(dataset)
    if file_type == "xlsx":
        return xlsx_book([dataset])
    raise ValueError(file_type)

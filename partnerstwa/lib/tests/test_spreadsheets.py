"""Finding 11 of the hardening review: exports keep people's text as typed and never run it."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import tablib

from partnerstwa.lib import spreadsheets


def _dataset(*values) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=["value"], title="Sheet")
    for value in values:
        dataset.append([value])
    return dataset


def _xlsx_cells(*values) -> list:
    sheet = openpyxl.load_workbook(
        io.BytesIO(spreadsheets.export(_dataset(*values), "xlsx"))
    ).active
    return [row[0] for row in sheet.iter_rows(min_row=2)]


def test_finding_11_a_phone_number_stays_as_typed_in_xlsx_without_an_apostrophe():
    [cell] = _xlsx_cells("+48 22 123 45 67")
    assert cell.value == "+48 22 123 45 67"
    assert cell.data_type == "s"


def test_finding_11_a_formula_in_xlsx_is_a_string_cell_that_never_runs():
    cells = _xlsx_cells('=HYPERLINK("http://zly.example")', "@SUM(A1)", "-1+2")
    assert [cell.value for cell in cells] == [
        '=HYPERLINK("http://zly.example")',
        "@SUM(A1)",
        "-1+2",
    ]
    assert {cell.data_type for cell in cells} == {"s"}


def test_finding_11_numbers_and_dates_stay_numbers_and_dates_in_xlsx():
    cells = _xlsx_cells(Decimal("2153204.01"), 7, datetime.date(2016, 10, 31))
    assert cells[0].value == 2153204.01 and cells[0].data_type == "n"
    assert cells[1].value == 7
    assert cells[2].value == datetime.datetime(2016, 10, 31)


def test_control_characters_a_workbook_cannot_hold_are_dropped_instead_of_failing():
    [cell] = _xlsx_cells("Jan\x00\x07 Kowalski")
    assert cell.value == "Jan Kowalski"


def test_finding_11_csv_keeps_the_apostrophe_for_formula_like_text_only():
    text = spreadsheets.export(_dataset("=1+1", "+48 22 123", "Łódź"), "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["value"], ["'=1+1"], ["'+48 22 123"], ["Łódź"]]


def test_each_sheet_of_a_book_keeps_its_title_and_a_bold_frozen_header():
    first, second = _dataset("a"), _dataset("b")
    second.title = "Drugi arkusz"
    book = openpyxl.load_workbook(io.BytesIO(spreadsheets.xlsx_book([first, second])))
    assert book.sheetnames == ["Sheet", "Drugi arkusz"]
    assert book["Drugi arkusz"]["A1"].font.bold
    assert book["Drugi arkusz"].freeze_panes == "A2"

"""Issue 11, staff: the donor report formats percentages and złoty as such in XLSX, sizes its
columns, names its sheets meaningfully (never "Partnerstwa1"), gives units in the interface
language, numbers the PDF's pages, shows targets, and flags illustrative records."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from partnerstwa.indicators.models import IndicatorTarget
from partnerstwa.indicators.reports import donor_report_pdf, donor_report_xlsx
from partnerstwa.lib import spreadsheets
from partnerstwa.partnerships.models import Partnership

pytestmark = pytest.mark.django_db

DAY = datetime.date(2016, 10, 31)


@pytest.fixture(autouse=True)
def _polish():
    # The fixture's records are written in Polish whatever language an earlier test left active.
    with translation.override("pl"):
        yield


def workbook(start=None):
    with translation.override("pl"):
        content = donor_report_xlsx(DAY, settings.PROGRAMME_ASSOCIATION, start)
    return openpyxl.load_workbook(io.BytesIO(content))


def pdf_pages(start=None) -> list[str]:
    with translation.override("pl"):
        content = donor_report_pdf(DAY, settings.PROGRAMME_ASSOCIATION, start)
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def row_of(sheet, code: str):
    return next(row for row in sheet.iter_rows() if row[0].value == code)


def test_shares_money_and_counts_have_number_formats(programme):
    book = workbook(start=datetime.date(2014, 1, 1))
    partnerships = book["Partnerstwa"]
    share = row_of(partnerships, "member_cities_share")
    money = row_of(partnerships, "projects_value_pln")
    count = row_of(partnerships, "partnerships")
    # Value, at the start and change: numbers, each with its unit's format.
    for cell in share[2:5]:
        assert isinstance(cell.value, (int, float)) and cell.number_format == "0.0 %"
    for cell in money[2:5]:
        assert isinstance(cell.value, (int, float)) and cell.number_format == '#,##0.00 "zł"'
    assert count[2].value == 2 and count[2].number_format == "#,##0"
    projects = book["Wykaz projektów"]
    assert projects["C2"].number_format == spreadsheets.PLN


def test_columns_are_wide_enough_to_read(programme):
    book = workbook()
    for sheet in book.worksheets:
        for column in "AB":
            width = sheet.column_dimensions[column].width
            assert spreadsheets.NARROWEST <= width <= spreadsheets.WIDEST, (sheet.title, column)
    definitions = book["Definicje"]
    longest_name = max(len(str(cell.value or "")) for cell in definitions["B"])
    assert definitions.column_dimensions["B"].width >= min(longest_name, spreadsheets.WIDEST)


def test_sheet_titles_are_meaningful_unique_polish_and_short(programme):
    titles = workbook().sheetnames
    assert titles == [
        "Definicje",
        "Partnerstwa",
        "Budowanie kompetencji",
        "Konferencje",
        "Konkurs i wizyty studyjne",
        "Wykaz partnerstw",
        "Wykaz organizacji",
        "Wykaz projektów",
        "Wykaz wydarzeń",
        "Wykaz edycji konkursu",
    ]
    assert all(len(title) <= 31 and not re.search(r"\d$", title) for title in titles)


def test_units_are_in_the_interface_language(programme):
    definitions = workbook()["Definicje"]
    units = {row[0].value: row[3].value for row in definitions.iter_rows(min_row=3)}
    assert units["partnerships"] == "liczba"
    assert units["member_cities_share"] == "odsetek (%)"
    assert units["projects_value_pln"] == "złote (PLN)"
    assert not {"count", "share", "pln"} & set(units.values())


def test_illustrative_records_are_flagged_in_the_xlsx_lists_and_beside_their_figures(programme):
    Partnership.objects.create(
        name_pl="Przykład nr 1",
        slug="przyklad-nr-1",
        formed_on=datetime.date(2015, 1, 1),
        is_illustrative=True,
    )
    book = workbook()
    listed = {row[0]: row[2] for row in book["Wykaz partnerstw"].iter_rows(values_only=True)}
    assert listed["Przykład nr 1"] == "przykład ilustracyjny"
    assert listed["Pierwsze"] is None  # a real record carries no mark
    indicator = row_of(book["Partnerstwa"], "partnerships")
    assert indicator[-1].value == "obejmuje przykłady ilustracyjne"
    assert row_of(book["Konferencje"], "conferences")[-1].value is None
    text = "".join("".join(pdf_pages()).split())
    assert "obejmujeprzykładyilustracyjne" in text


def test_pdf_pages_are_numbered_page_n_of_m(programme):
    pages = pdf_pages(start=datetime.date(2014, 1, 1))
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Strona {number} z {total}" in text


def test_pdf_shows_targets_where_set_with_their_date(programme):
    IndicatorTarget.objects.create(
        code="partnerships",
        baseline=0,
        target=Decimal("12"),
        target_date=datetime.date(2016, 12, 31),
    )
    IndicatorTarget.objects.create(code="member_cities_share", baseline=0, target=Decimal("0.5"))
    text = " ".join(" ".join(pdf_pages()).split())
    assert "12 do 31 grudnia 2016" in text
    assert "50,0 %" in text
    book = workbook()
    target = row_of(book["Partnerstwa"], "partnerships")
    assert target[3].value == 12 and target[5].value == datetime.datetime(2016, 12, 31)


def test_the_figures_as_of_31_october_2016_are_unchanged(programme):
    partnerships = workbook(start=datetime.date(2014, 1, 1))["Partnerstwa"]
    assert [cell.value for cell in row_of(partnerships, "partnerships")[2:5]] == [2, 2, 0]

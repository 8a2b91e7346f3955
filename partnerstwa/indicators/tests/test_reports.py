import datetime
import io
import json

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from pypdf import PdfReader

from partnerstwa.indicators.computation import GROUPS, as_json, compute
from partnerstwa.indicators.reports import report_lines
from partnerstwa.indicators.templatetags.figures import figure

pytestmark = pytest.mark.django_db


def test_the_xlsx_donor_report_has_definitions_groups_and_counted_records(programme, tmp_path):
    path = tmp_path / "raport.xlsx"
    call_command(
        "programme_report",
        "--as-of",
        "2016-10-31",
        "--from",
        "2014-01-01",
        "--format",
        "xlsx",
        "--output",
        str(path),
    )
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[0] == "Definicje"
    assert {
        "Partnerstwa",
        "Budowanie kompetencji",
        "Wykaz organizacji",
        "Wykaz projektów",
        "Wykaz wydarzeń",
    } <= set(workbook.sheetnames)
    rows = {row[0]: row for row in workbook["Partnerstwa"].iter_rows(values_only=True)}
    assert rows["partnerships"][2] == 2  # as of 31 October 2016
    assert rows["partnerships"][3] == 2 and rows["partnerships"][4] == 0  # at the start, change
    listed = workbook["Wykaz organizacji"].iter_rows(min_row=2, values_only=True)
    organisations = [row[0] for row in listed]
    assert len(organisations) == 5
    people = "".join(
        str(cell) for row in workbook["Wykaz wydarzeń"].iter_rows(values_only=True) for cell in row
    )
    assert "Nowak" not in people  # events with how many were present, never who


def test_the_pdf_donor_report_is_a_pdf_in_lato(programme, tmp_path):
    path = tmp_path / "raport.pdf"
    call_command(
        "programme_report", "--as-of", "2016-10-31", "--format", "pdf", "--output", str(path)
    )
    content = path.read_bytes()
    assert content.startswith(b"%PDF-")
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in PdfReader(io.BytesIO(content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    # The base fonts (Helvetica and friends) have no Polish letters; none may be used.
    assert fonts == {"Lato-Regular", "Lato-Bold"}


def test_the_pdf_donor_report_reads_back_every_figure_in_polish(programme, tmp_path):
    path = tmp_path / "raport.pdf"
    call_command(
        "programme_report", "--as-of", "2016-10-31", "--format", "pdf", "--output", str(path)
    )
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    squeezed = "".join(text.split())
    with translation.override("pl"):
        lines = report_lines(datetime.date(2016, 10, 31), settings.PROGRAMME_ASSOCIATION, None)
        title = str(reader.metadata.title)
        assert title.endswith("31 października 2016")
        assert "".join(title.split()) in squeezed
        for group in GROUPS.values():
            assert "".join(str(group).split()) in squeezed
    for line in lines:
        # A name, its definition, then its value as people read it.
        shown = "".join(f"{line.name}{line.definition}{figure(line.value, line.unit)}".split())
        assert shown in squeezed, f"{line.code} does not read back"


def test_a_report_file_needs_an_output_and_a_period_in_order(programme):
    with pytest.raises(CommandError):
        call_command("programme_report", "--format", "xlsx")
    with pytest.raises(CommandError):
        call_command(
            "programme_report", "--as-of", "2014-01-01", "--from", "2016-01-01", "--format", "json"
        )


def test_the_json_report_is_unchanged_by_the_report_formats(programme):
    def printed(*options: str) -> str:
        out = io.StringIO()
        call_command("programme_report", "--as-of", "2016-10-31", *options, stdout=out)
        return out.getvalue()

    # Without --format the command prints what it printed before the formats came: every
    # figure as JSON, exactly as --format json gives it.
    default = printed()
    assert default == printed("--format", "json")
    day = datetime.date(2016, 10, 31)
    assert json.loads(default) == as_json(compute(day, settings.PROGRAMME_ASSOCIATION), day)
    assert '"partnerships": 2' in default


def test_an_unknown_association_or_an_unwritable_file_is_a_clear_error(programme, tmp_path):
    with pytest.raises(CommandError, match="Żaden związek nie ma kodu NOPE"):
        call_command("programme_report", "--association", "NOPE", stdout=io.StringIO())
    missing = tmp_path / "nie-ma" / "raport.pdf"
    with pytest.raises(CommandError, match="Nie można zapisać"):
        call_command("programme_report", "--format", "pdf", "--output", str(missing))

"""The donor report: every indicator as of a date (and its change over a period), with the
definitions and the lists of counted records — as XLSX and as PDF.

Made-up (illustrative) records are marked wherever the report shows them: a column in each
list of records, and beside each indicator whose records include them."""

import datetime
import io
from dataclasses import dataclass
from functools import partial

import tablib
from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from partnerstwa.activities.models import EventKind
from partnerstwa.indicators.computation import GROUPS, INDICATORS, compute, events_on
from partnerstwa.indicators.models import IndicatorTarget
from partnerstwa.indicators.selectors import illustrative_by_indicator, records
from partnerstwa.indicators.templatetags.figures import figure
from partnerstwa.lib import spreadsheets
from partnerstwa.lib.pdf import FONT, FONT_BOLD, register_fonts
from partnerstwa.lib.spreadsheets import Formatted
from partnerstwa.programme.selectors import programme_current

# The units of Indicator.unit as the report's reader reads them.
UNITS = {
    "count": pgettext_lazy("indicator unit", "number"),
    "share": pgettext_lazy("indicator unit", "percentage"),
    "pln": pgettext_lazy("indicator unit", "złoty (PLN)"),
}
NUMBER_FORMATS = {
    "count": spreadsheets.INTEGER,
    "share": spreadsheets.PERCENT,
    "pln": spreadsheets.PLN,
}


@dataclass
class ReportLine:
    code: str
    name: str
    definition: str
    unit: str
    group: str
    value: object
    start_value: object | None
    target: IndicatorTarget | None
    includes_illustrative: bool = False

    @property
    def change(self):
        return None if self.start_value is None else self.value - self.start_value


def is_illustrative(row) -> bool:
    """Whether a counted record is made up, or counts only through made-up records: the
    records' own mark when the list carries one, else the record's (or its partnership's)
    flag."""
    marked = getattr(row, "marked", None)
    if marked is not None:
        return bool(marked)
    if getattr(row, "is_illustrative", False):
        return True
    partnership = getattr(row, "partnership", None)
    return bool(partnership is not None and partnership.is_illustrative)


def report_lines(
    day: datetime.date, association: str, start: datetime.date | None
) -> list[ReportLine]:
    """The report's figures, as stored after the last change of the records (the lists of
    records the XLSX report adds are read live: they are the records themselves)."""
    values = compute(day, association)
    before = compute(start, association) if start else {}
    targets = {target.code: target for target in IndicatorTarget.objects.all()}
    illustrative = illustrative_by_indicator(day, association)
    return [
        ReportLine(
            code=indicator.code,
            name=str(indicator.name),
            definition=str(indicator.definition),
            unit=indicator.unit,
            group=str(GROUPS[indicator.group]),
            value=values[indicator.code],
            start_value=before.get(indicator.code),
            target=targets.get(indicator.code),
            includes_illustrative=illustrative[indicator.code],
        )
        for indicator in INDICATORS
    ]


def _title(day: datetime.date, start: datetime.date | None) -> str:
    programme = programme_current()
    name = programme.name if programme else _("Programme")
    if start:
        return _("%(programme)s: results from %(start)s to %(end)s") % {
            "programme": name,
            "start": date_format(start, "j E Y"),
            "end": date_format(day, "j E Y"),
        }
    return _("%(programme)s: results as of %(date)s") % {
        "programme": name,
        "date": date_format(day, "j E Y"),
    }


def _number(value, unit: str) -> Formatted | None:
    return None if value is None else Formatted(value, NUMBER_FORMATS[unit])


def _mark(illustrative: bool) -> str:
    return _("illustrative example") if illustrative else ""


def _unique_titles(sheets: list[tablib.Dataset]) -> list[tablib.Dataset]:
    """Sheet titles as a spreadsheet keeps them (at most 31 characters, unique), so that no
    program renames a sheet to "Partnerstwa1"."""
    seen: set[str] = set()
    for sheet in sheets:
        title = sheet.title[:31]
        number = 2
        while title.casefold() in seen:
            suffix = f" ({number})"
            title = sheet.title[: 31 - len(suffix)] + suffix
            number += 1
        seen.add(title.casefold())
        sheet.title = title
    return sheets


def donor_report_xlsx(
    day: datetime.date, association: str, start: datetime.date | None = None
) -> bytes:
    lines = report_lines(day, association, start)
    headers = [_("Code"), _("Indicator"), _("Value")]
    if start:
        headers += [_("At the start"), pgettext("report column", "Change")]
    headers += [_("Target"), _("Baseline"), _("To be reached by"), _("Unit"), _("Illustrative")]
    sheets = []
    for group in GROUPS.values():
        sheet = tablib.Dataset(headers=headers, title=str(group))
        for line in (line for line in lines if line.group == str(group)):
            row = [line.code, line.name, _number(line.value, line.unit)]
            if start:
                row += [_number(line.start_value, line.unit), _number(line.change, line.unit)]
            row += [
                _number(line.target.target, line.unit) if line.target else None,
                _number(line.target.baseline, line.unit) if line.target else None,
                line.target.target_date if line.target else None,
                str(UNITS[line.unit]),
                _("includes illustrative examples") if line.includes_illustrative else "",
            ]
            sheet.append(row)
        sheets.append(sheet)
    definitions = tablib.Dataset(
        headers=[_("Code"), _("Indicator"), _("Definition"), _("Unit")], title=_("Definitions")
    )
    for line in lines:
        definitions.append([line.code, line.name, line.definition, str(UNITS[line.unit])])
    definitions.insert(0, [_("Report"), _title(day, start), "", ""])
    sheets.insert(0, definitions)
    sheets += _record_sheets(day, association)
    return spreadsheets.xlsx_book(_unique_titles(sheets), fit_columns=True)


def _record_sheets(day: datetime.date, association: str) -> list[tablib.Dataset]:
    illustrative = _("Illustrative")
    _kind, partnerships = records("partnerships", day, association)
    partnership_sheet = tablib.Dataset(
        headers=[_("Partnership"), _("Formed on"), illustrative], title=_("List of partnerships")
    )
    for partnership in partnerships:
        partnership_sheet.append(
            [partnership.name, partnership.formed_on, _mark(is_illustrative(partnership))]
        )
    _kind, organisations = records("entities", day, association)
    organisation_sheet = tablib.Dataset(
        headers=[_("Organisation"), _("Kind"), _("TERC code"), illustrative],
        title=_("List of organisations"),
    )
    for organisation in organisations:
        organisation_sheet.append(
            [
                organisation.name,
                str(organisation.get_kind_display()),
                organisation.territorial_unit.code if organisation.territorial_unit else "",
                _mark(is_illustrative(organisation)),
            ]
        )
    _kind, projects = records("projects_value_pln", day, association)
    project_sheet = tablib.Dataset(
        headers=[_("Partnership"), _("Project"), _("Total value"), _("Grant"), illustrative],
        title=_("List of projects"),
    )
    for project in projects:
        project_sheet.append(
            [
                project.partnership.name,
                project.title,
                _number(project.total_value, "pln"),
                _number(project.grant, "pln"),
                _mark(is_illustrative(project)),
            ]
        )
    event_sheet = tablib.Dataset(
        headers=[_("Kind"), _("Event"), _("Date"), _("People present"), illustrative],
        title=_("List of events"),
    )
    events = (
        events_on(day, list(EventKind.values))
        .annotate(people=Count("sessions__attendances__person", distinct=True))
        .order_by("starts_at")
    )
    for event in events:
        event_sheet.append(
            [
                str(event.get_kind_display()),
                event.title,
                event.starts_at.date(),
                _number(event.people, "count"),
                _mark(event.is_illustrative),
            ]
        )
    _kind, editions = records("contest_editions", day, association)
    edition_sheet = tablib.Dataset(
        headers=[_("Edition"), _("Decided on"), illustrative], title=_("List of contest editions")
    )
    for edition in editions:
        edition_sheet.append([edition.name, edition.decided_on, _mark(is_illustrative(edition))])
    return [partnership_sheet, organisation_sheet, project_sheet, event_sheet, edition_sheet]


class _NumberedCanvas(canvas.Canvas):
    """Pages numbered "page n of m": each page is kept until the last is known."""

    def __init__(self, *args, page_label: str = "%(page)s / %(pages)s", **kwargs):
        super().__init__(*args, **kwargs)
        self._page_label = page_label
        self._kept_pages: list[dict] = []

    def showPage(self):
        self._kept_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        pages = len(self._kept_pages)
        for state in self._kept_pages:
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawRightString(
                self._pagesize[0] - 2 * cm,
                1.2 * cm,
                self._page_label % {"page": self._pageNumber, "pages": pages},
            )
            super().showPage()
        super().save()


def _target_text(line: ReportLine) -> str:
    if line.target is None:
        return "—"
    target = figure(line.target.target, line.unit)
    if line.target.target_date:
        return _("%(target)s by %(date)s") % {
            "target": target,
            "date": date_format(line.target.target_date, "j E Y"),
        }
    return target


def donor_report_pdf(
    day: datetime.date, association: str, start: datetime.date | None = None
) -> bytes:
    register_fonts()
    lines = report_lines(day, association, start)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=_title(day, start),
        author="Partnerstwa",
        # The canvas starts in Lato, so no base font (without Polish letters) ends up in the file.
        initialFontName=FONT,
    )
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=10)
    # A group's heading stays on the page of its table's first rows.
    group_style = ParagraphStyle(
        "group",
        fontName=FONT_BOLD,
        fontSize=12,
        leading=15,
        spaceBefore=12,
        spaceAfter=6,
        keepWithNext=1,
    )
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11)
    small = ParagraphStyle(
        "small", fontName=FONT, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
    )
    story = [Paragraph(_title(day, start), heading)]
    if any(line.includes_illustrative for line in lines):
        story.append(
            Paragraph(
                _(
                    "Figures marked “includes illustrative examples” count made-up demo "
                    "records; the XLSX report marks each of them in its lists."
                ),
                small,
            )
        )
    for group in GROUPS.values():
        story.append(Paragraph(str(group), group_style))
        header = (
            [_("Indicator"), _("Value")]
            + ([_("At the start"), pgettext("report column", "Change")] if start else [])
            + [_("Target")]
        )
        rows = [[Paragraph(text, cell) for text in header]]
        for line in (line for line in lines if line.group == str(group)):
            mark = (
                f"<br/><font size=7 color='#7a3e00'>{_('includes illustrative examples')}</font>"
                if line.includes_illustrative
                else ""
            )
            row = [
                Paragraph(
                    f"{line.name}<br/><font size=7 color='#555555'>{line.definition}</font>{mark}",
                    cell,
                ),
                Paragraph(figure(line.value, line.unit), cell),
            ]
            if start:
                row += [
                    Paragraph(figure(line.start_value, line.unit), cell),
                    Paragraph(figure(line.change, line.unit), cell),
                ]
            row.append(Paragraph(_target_text(line), cell))
            rows.append(row)
        widths = [7.5 * cm, 3 * cm] + ([2.25 * cm, 2.25 * cm] if start else []) + [3 * cm]
        # The header repeats on every page; a row is never split between two pages.
        table = Table(rows, colWidths=widths, repeatRows=1, splitByRow=1, splitInRow=0)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ecf2")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#8a8a8a")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    story += [
        Spacer(1, 12),
        Paragraph(
            _("Computed from the records by Partnerstwa. Definitions: see the XLSX report."), small
        ),
    ]
    document.build(
        story,
        canvasmaker=partial(_NumberedCanvas, page_label=_("Page %(page)s of %(pages)s")),
    )
    return buffer.getvalue()

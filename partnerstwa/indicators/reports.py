"""The donor report: every indicator as of a date (and its change over a period), with the
definitions and the lists of counted records — as XLSX and as PDF."""

import datetime
import io
from dataclasses import dataclass

import tablib
from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from partnerstwa.activities.models import EventKind
from partnerstwa.indicators.computation import GROUPS, INDICATORS, compute, events_on
from partnerstwa.indicators.models import IndicatorTarget
from partnerstwa.indicators.selectors import records
from partnerstwa.indicators.templatetags.figures import figure
from partnerstwa.lib import spreadsheets
from partnerstwa.lib.pdf import FONT, FONT_BOLD, register_fonts
from partnerstwa.programme.selectors import programme_current


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

    @property
    def change(self):
        return None if self.start_value is None else self.value - self.start_value


def report_lines(
    day: datetime.date, association: str, start: datetime.date | None
) -> list[ReportLine]:
    values = compute(day, association)
    before = compute(start, association) if start else {}
    targets = {target.code: target for target in IndicatorTarget.objects.all()}
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


def donor_report_xlsx(
    day: datetime.date, association: str, start: datetime.date | None = None
) -> bytes:
    lines = report_lines(day, association, start)
    headers = [_("Code"), _("Indicator"), _("Value")]
    if start:
        headers += [_("At the start"), pgettext("report column", "Change")]
    headers += [_("Target"), _("Baseline")]
    sheets = []
    for group in GROUPS.values():
        sheet = tablib.Dataset(headers=headers, title=str(group)[:31])
        for line in (line for line in lines if line.group == str(group)):
            row = [line.code, line.name, line.value]
            if start:
                row += [line.start_value, line.change]
            row += [
                line.target.target if line.target else None,
                line.target.baseline if line.target else None,
            ]
            sheet.append(row)
        sheets.append(sheet)
    definitions = tablib.Dataset(
        headers=[_("Code"), _("Indicator"), _("Definition"), _("Unit")], title=_("Definitions")[:31]
    )
    for line in lines:
        definitions.append([line.code, line.name, line.definition, line.unit])
    definitions.insert(0, [_("Report"), _title(day, start), "", ""])
    sheets.insert(0, definitions)
    sheets += _record_sheets(day, association)
    return spreadsheets.xlsx_book(sheets)


def _record_sheets(day: datetime.date, association: str) -> list[tablib.Dataset]:
    _kind, partnerships = records("partnerships", day, association)
    partnership_sheet = tablib.Dataset(
        headers=[_("Partnership"), _("Formed on")], title=_("Partnerships")[:31]
    )
    for partnership in partnerships:
        partnership_sheet.append([partnership.name, partnership.formed_on])
    _kind, organisations = records("entities", day, association)
    organisation_sheet = tablib.Dataset(
        headers=[_("Organisation"), _("Kind"), _("TERC code")], title=_("Organisations")[:31]
    )
    for organisation in organisations:
        organisation_sheet.append(
            [
                organisation.name,
                str(organisation.get_kind_display()),
                organisation.territorial_unit.code if organisation.territorial_unit else "",
            ]
        )
    _kind, projects = records("projects_value_pln", day, association)
    project_sheet = tablib.Dataset(
        headers=[_("Partnership"), _("Project"), _("Total value"), _("Grant")],
        title=_("Projects")[:31],
    )
    for project in projects:
        project_sheet.append(
            [project.partnership.name, project.title, project.total_value, project.grant]
        )
    event_sheet = tablib.Dataset(
        headers=[_("Kind"), _("Event"), _("Date"), _("People present")], title=_("Events")[:31]
    )
    events = (
        events_on(day, list(EventKind.values))
        .annotate(people=Count("sessions__attendances__person", distinct=True))
        .order_by("starts_at")
    )
    for event in events:
        event_sheet.append(
            [str(event.get_kind_display()), event.title, event.starts_at.date(), event.people]
        )
    _kind, editions = records("contest_editions", day, association)
    edition_sheet = tablib.Dataset(
        headers=[_("Edition"), _("Decided on")], title=_("Contest editions")[:31]
    )
    for edition in editions:
        edition_sheet.append([edition.name, edition.decided_on])
    return [partnership_sheet, organisation_sheet, project_sheet, event_sheet, edition_sheet]


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
    group_style = ParagraphStyle(
        "group", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=12, spaceAfter=6
    )
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11)
    small = ParagraphStyle(
        "small", fontName=FONT, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
    )
    story = [Paragraph(_title(day, start), heading)]
    for group in GROUPS.values():
        story.append(Paragraph(str(group), group_style))
        header = (
            [_("Indicator"), _("Value")]
            + ([_("At the start"), pgettext("report column", "Change")] if start else [])
            + [_("Target")]
        )
        rows = [[Paragraph(text, cell) for text in header]]
        for line in (line for line in lines if line.group == str(group)):
            row = [
                Paragraph(
                    f"{line.name}<br/><font size=7 color='#555555'>{line.definition}</font>", cell
                ),
                Paragraph(figure(line.value, line.unit), cell),
            ]
            if start:
                row += [
                    Paragraph(figure(line.start_value, line.unit), cell),
                    Paragraph(figure(line.change, line.unit), cell),
                ]
            row.append(
                Paragraph(figure(line.target.target, line.unit) if line.target else "—", cell)
            )
            rows.append(row)
        widths = [8 * cm, 3 * cm] + ([2.5 * cm, 2.5 * cm] if start else []) + [2.5 * cm]
        table = Table(rows, colWidths=widths, repeatRows=1)
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
    document.build(story)
    return buffer.getvalue()

"""The period summary as a PDF (ReportLab, Lato for the Polish letters): the same datasets the
workbook holds, laid out as tables."""

import io
from xml.sax.saxutils import escape

from django.utils.dateformat import format as date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from partnerstwa.advocacy.exports import summary_datasets
from partnerstwa.advocacy.selectors import Summary
from partnerstwa.lib.pdf import FONT, FONT_BOLD, register_fonts

HEADER_FILL = colors.HexColor("#e6ecf2")


def summary_pdf(summary: Summary) -> bytes:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=body, fontName=FONT_BOLD)
    title = ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=19)
    section = ParagraphStyle("section", parent=title, fontSize=11, leading=14, spaceBefore=8)
    period = _("%(first)s – %(last)s") % {
        "first": date_format(summary.first, "j E Y"),
        "last": date_format(summary.last, "j E Y"),
    }
    heading = _("Legal barriers and recommendations")
    story = [Paragraph(escape(heading), title), Paragraph(escape(period), body), Spacer(1, 8)]
    for dataset in summary_datasets(summary):
        story.append(Paragraph(escape(dataset.title), section))
        rows = [[Paragraph(escape(str(h)), head) for h in dataset.headers]]
        rows += [[Paragraph(escape(str(v)), body) for v in row] for row in dataset]
        if len(rows) == 1:
            story.append(Paragraph(escape(_("None in this period.")), body))
            continue
        table = Table(rows, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=f"{heading}, {period}",
        creator="Partnerstwa",
        lang=get_language() or "pl",
    )
    document.build(story)
    return out.getvalue()

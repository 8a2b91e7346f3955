"""PDF documents of the activities: the attendance list to sign and the certificate of
participation.

Both are laid out with ReportLab's platypus in Lato, which covers the Polish letters that the
PDF base fonts (Helvetica and friends) lack. The functions take ready, already translated text
and return the PDF as bytes; nothing is written to disk.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepInFrame,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from partnerstwa.activities import selectors
from partnerstwa.activities.forms import session_label
from partnerstwa.activities.models import Certificate, Event, EventKind, Session
from partnerstwa.activities.templatetags.activities import day_range
from partnerstwa.lib import illustrative
from partnerstwa.lib.pdf import FONT, FONT_BOLD, register_fonts
from partnerstwa.programme.selectors import programme_current

CREATOR = "Partnerstwa"

BRAND = colors.HexColor("#0a3d6b")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#8a8a8a")
HEADER_FILL = colors.HexColor("#e6ecf2")
STRIPE_FILL = colors.HexColor("#f6f7f9")

SIGNATURE_ROW_HEIGHT = 1 * cm


@dataclass(frozen=True)
class SignatureRow:
    number: int
    name: str
    organisation: str


def _style(name: str, *, bold: bool = False, size: float = 10, **kwargs) -> ParagraphStyle:
    kwargs.setdefault("leading", round(size * 1.22, 1))
    # Double-barrelled names break after their hyphen rather than mid-word.
    kwargs.setdefault("embeddedHyphenation", 1)
    return ParagraphStyle(name, fontName=FONT_BOLD if bold else FONT, fontSize=size, **kwargs)


def _text(value: str) -> str:
    """Plain text as Paragraph markup: escaped, with line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def _link(url: str) -> str:
    href = escape(url, {'"': "&quot;"})
    return f'<a href="{href}" color="#0a3d6b"><u>{escape(url)}</u></a>'


def _document(buffer: io.BytesIO, *, pagesize, margins: tuple[float, float, float, float], **info):
    top, right, bottom, left = margins
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        topMargin=top,
        rightMargin=right,
        bottomMargin=bottom,
        leftMargin=left,
        creator=CREATOR,
        producer=CREATOR,
        lang=get_language() or "pl",
        # The canvas starts in Lato, so no base font ends up in the file.
        initialFontName=FONT,
        **info,
    )


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Cut text with an ellipsis so that it fits on one line of the given width."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _counting_canvas(decorate: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas class that holds the pages back until the end, so that each page can be
    decorated knowing the total number of pages ("page 2 of 5")."""

    class CountingCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._page_states: list[dict] = []

        def showPage(self):
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._page_states)
            for state in self._page_states:
                self.__dict__.update(state)
                decorate(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return CountingCanvas


# --- attendance list --------------------------------------------------------------------------


def signature_list_pdf(
    *,
    event_title: str,
    session_label: str,
    when: str,
    place: str,
    rows: list[SignatureRow],
    organiser: str,
) -> bytes:
    """An attendance list for one session, A4 portrait: a row per participant to sign in."""
    register_fonts()
    page_width, page_height = A4
    margins = (15 * mm, 15 * mm, 20 * mm, 15 * mm)
    top, right, bottom, left = margins
    width = page_width - left - right

    heading = _("Attendance list")
    page_label = _("Page %(number)s of %(total)s")
    running_title = " – ".join(part for part in (event_title, session_label) if part)

    def decorate(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        line_y = bottom - 5 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, line_y, page_width - right, line_y)
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 8)
        pages = page_label % {"number": number, "total": total}
        canvas.drawRightString(page_width - right, line_y - 11, pages)
        footer = Paragraph(_text(organiser), _style("footer", size=8, textColor=MUTED))
        footer_width = width - pdfmetrics.stringWidth(pages, FONT, 8) - 10 * mm
        _, footer_height = footer.wrapOn(canvas, footer_width, bottom)
        footer.drawOn(canvas, left, line_y - 3 - footer_height)
        if number > 1:
            # Loose sheets still say which list they belong to.
            canvas.setFont(FONT, 8)
            canvas.drawString(left, page_height - top + 5 * mm, _fit(running_title, FONT, 8, width))
        canvas.restoreState()

    label = _style("label", size=10, textColor=MUTED, spaceAfter=2)
    title = _style("title", bold=True, size=16, leading=20, textColor=BRAND, spaceAfter=2)
    subtitle = _style("subtitle", size=12, leading=15)
    detail_label = _style("detail-label", bold=True, size=9.5, textColor=MUTED)
    detail = _style("detail", size=10)

    story: list[Flowable] = [Paragraph(_text(heading.upper()), label)]
    story.append(Paragraph(_text(event_title), title))
    if session_label:
        story.append(Paragraph(_text(session_label), subtitle))
    details = [
        [Paragraph(_text(name), detail_label), Paragraph(_text(value), detail)]
        for name, value in ((_("Date and time"), when), (_("Place"), place))
        if value
    ]
    if details:
        story.append(Spacer(0, 3 * mm))
        details_table = Table(details, colWidths=[32 * mm, width - 32 * mm], hAlign="LEFT")
        details_table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        story.append(details_table)
    story.append(Spacer(0, 6 * mm))
    story.append(_signature_table(rows, width))

    buffer = io.BytesIO()
    document = _document(
        buffer,
        pagesize=A4,
        margins=margins,
        title=f"{heading} – {running_title}",
        author=organiser,
        subject=session_label or event_title,
    )
    document.build(story, canvasmaker=_counting_canvas(decorate))
    return buffer.getvalue()


def _signature_table(rows: list[SignatureRow], width: float) -> Table:
    number_width, name_width, organisation_width = 12 * mm, 50 * mm, 62 * mm
    signature_width = width - number_width - name_width - organisation_width

    header = _style("th", bold=True, size=9, leading=11)
    cell = _style("td", size=10, leading=12)
    number = _style("td-number", size=10, leading=12, alignment=TA_RIGHT)
    small = _style("td-small", size=9, leading=11)

    data: list[list] = [
        [
            Paragraph(_text(_("No.")), _style("th-number", bold=True, size=9, alignment=TA_RIGHT)),
            Paragraph(_text(_("Full name")), header),
            Paragraph(_text(_("Organisation")), header),
            Paragraph(_text(_("Signature")), header),
        ]
    ]
    data.extend(
        [
            Paragraph(f"{row.number}.", number),
            Paragraph(_text(row.name), cell),
            Paragraph(_text(row.organisation), small),
            "",
        ]
        for row in rows
    )
    # A one-line row is exactly SIGNATURE_ROW_HEIGHT tall; wrapped text makes it taller.
    padding = (SIGNATURE_ROW_HEIGHT - cell.leading) / 2
    table = Table(
        data,
        colWidths=[number_width, name_width, organisation_width, signature_width],
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, 0), 5),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
                ("TOPPADDING", (0, 1), (-1, -1), padding),
                ("BOTTOMPADDING", (0, 1), (-1, -1), padding),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE_FILL]),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("LINEBELOW", (0, 0), (-1, 0), 1, BRAND),
            ]
        )
    )
    return table


# --- certificate ------------------------------------------------------------------------------


class _QrCode(Flowable):
    """A QR code drawn by ReportLab itself, clickable in PDF viewers."""

    def __init__(self, value: str, size: float):
        super().__init__()
        self.value = value
        self.size = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self):
        widget = QrCodeWidget(self.value, barWidth=self.size, barHeight=self.size, barLevel="M")
        # The drawing sets a font even without text; keep base fonts out of the file.
        drawing = Drawing(self.size, self.size, initialFontName=FONT)
        drawing.add(widget)
        renderPDF.draw(drawing, self.canv, 0, 0)
        self.canv.linkURL(self.value, (0, 0, self.size, self.size), relative=1, thickness=0)


def certificate_pdf(
    *,
    holder_name: str,
    title: str,
    kind_label: str,
    when: str,
    issuer: str,
    code: str,
    verify_url: str,
    issued_on: str,
    made_up: bool = False,
) -> bytes:
    """A certificate of participation, one A4 landscape page, with its verification code, the
    verification address and a QR code pointing to it. The certificate of a made-up (demo)
    person or event says so above its heading."""
    register_fonts()
    pagesize = landscape(A4)
    page_width, page_height = pagesize
    margin = 20 * mm
    # SimpleDocTemplate's frame keeps 6 pt of padding on every side.
    width = page_width - 2 * margin - 12
    height = page_height - 2 * margin - 12
    footer_height = 34 * mm
    body_height = height - footer_height - 1  # a point of slack against rounding

    heading = _("Certificate of participation")

    def border(canvas: Canvas, document) -> None:
        canvas.saveState()
        canvas.setStrokeColor(BRAND)
        canvas.setLineWidth(2.5)
        canvas.rect(9 * mm, 9 * mm, page_width - 18 * mm, page_height - 18 * mm)
        canvas.setLineWidth(0.6)
        canvas.rect(12 * mm, 12 * mm, page_width - 24 * mm, page_height - 24 * mm)
        canvas.restoreState()

    centred = {"alignment": TA_CENTER}
    body: list[Flowable] = []
    if made_up:
        body.append(
            Paragraph(
                _text(capfirst(illustrative.cell(SimpleNamespace(is_illustrative=True)))),
                _style("made_up", bold=True, size=14, textColor=MUTED, **centred),
            )
        )
    body += [
        Paragraph(
            _text(heading),
            _style("heading", bold=True, size=32, leading=38, textColor=BRAND, **centred),
        ),
        Spacer(0, 9 * mm),
        Paragraph(_text(_("awarded to")), _style("awarded", size=13, textColor=MUTED, **centred)),
        Spacer(0, 3 * mm),
        Paragraph(_text(holder_name), _style("holder", bold=True, size=28, leading=34, **centred)),
        Spacer(0, 2 * mm),
        HRFlowable(width="45%", thickness=0.6, color=RULE, spaceBefore=2, spaceAfter=6 * mm),
        Paragraph(
            _text(_("for participation in")), _style("for", size=13, textColor=MUTED, **centred)
        ),
        Spacer(0, 2 * mm),
        Paragraph(
            _text(title),
            _style("title", bold=True, size=19, leading=24, textColor=BRAND, **centred),
        ),
    ]
    if kind_label:
        body.append(
            Paragraph(
                _text(kind_label),
                _style("kind", size=12, textColor=MUTED, spaceBefore=2 * mm, **centred),
            )
        )
    if when:
        body += [Spacer(0, 3 * mm), Paragraph(_text(when), _style("when", size=12, **centred))]

    label = _style("label", size=9, textColor=MUTED)
    value = _style("value", bold=True, size=11, leading=14)
    issued = [
        Paragraph(_text(_("Issued by")), label),
        Paragraph(_text(issuer), value),
        Spacer(0, 3 * mm),
        Paragraph(_text(_("Date of issue")), label),
        Paragraph(_text(issued_on), value),
    ]
    qr_size = 28 * mm
    verification = [
        Paragraph(
            _("Verification code: %(code)s") % {"code": f"<b>{_text(code)}</b>"},
            _style("code", size=10, leading=13, alignment=TA_RIGHT),
        ),
        Spacer(0, 1 * mm),
        Paragraph(_link(verify_url), _style("url", size=9, leading=11, alignment=TA_RIGHT)),
    ]
    issued_width = width * 0.45
    verification_width = width - issued_width - qr_size - 3 * mm
    footer = Table(
        [
            [
                KeepInFrame(issued_width, footer_height, issued, mode="shrink"),
                KeepInFrame(verification_width, footer_height, verification, mode="shrink"),
                _QrCode(verify_url, qr_size),
            ]
        ],
        colWidths=[issued_width, verification_width + 3 * mm, qr_size],
        rowHeights=[footer_height],
    )
    footer.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("ALIGN", (0, 0), (0, 0), "LEFT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (1, 0), (1, 0), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (1, 0), (1, 0), 2 * mm),
            ]
        )
    )
    # The body shrinks to fit if a title is very long: the certificate stays one page.
    page = Table(
        [
            [KeepInFrame(width, body_height - 4 * mm, body, mode="shrink", hAlign="CENTER")],
            [footer],
        ],
        colWidths=[width],
        rowHeights=[body_height, footer_height],
    )
    page.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (0, 1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )

    buffer = io.BytesIO()
    document = _document(
        buffer,
        pagesize=pagesize,
        margins=(margin, margin, margin, margin),
        title=f"{heading} – {holder_name}",
        author=issuer,
        subject=title,
        keywords=f"{code} {illustrative.cell(SimpleNamespace(is_illustrative=made_up))}".strip(),
    )
    document.build([page], onFirstPage=border, onLaterPages=border)
    return buffer.getvalue()


__all__ = ["SignatureRow", "certificate_pdf", "signature_list_pdf"]


# Assembly: the records' text for the layouts above.


def _event_period(event: Event) -> str:
    """The event's days as Polish writes them ("3–5 marca 2016")."""
    return day_range(event.starts_at, event.ends_at)


def certificate_is_illustrative(certificate: Certificate) -> bool:
    """A certificate is made up when its holder or what it certifies is."""
    subject = certificate.event or certificate.series
    return bool(
        getattr(certificate.person, "is_illustrative", False)
        or getattr(subject, "is_illustrative", False)
    )


def certificate_document(certificate: Certificate) -> bytes:
    """The certificate of an event or of a whole series, issued by the programme's operator."""
    subject = certificate.event or certificate.series
    if certificate.event:
        when = _event_period(certificate.event)
        kind_label = str(EventKind(certificate.event.kind).label)
    else:
        dates = certificate.series.events.order_by("starts_at")
        first, last = dates.first(), dates.last()
        when = day_range(first.starts_at, last.ends_at) if first else ""
        kind_label = _("series of events")
    programme = programme_current()
    return certificate_pdf(
        holder_name=certificate.holder_name,
        title=subject.title,
        kind_label=kind_label,
        when=when,
        issuer=programme.operator if programme else "Partnerstwa",
        code=certificate.code,
        verify_url=settings.SITE_URL
        + reverse("activities:certificate_verify", args=[certificate.code]),
        issued_on=date_format(timezone.localtime(certificate.issued_at), "j E Y"),
        made_up=certificate_is_illustrative(certificate),
    )


def signature_list_document(session: Session) -> bytes:
    """The list to sign at a session: everyone confirmed or awaiting approval, by last name."""
    event = session.event
    rows = [
        SignatureRow(
            number=index, name=f"{r.last_name} {r.first_name}", organisation=r.organisation_label
        )
        for index, r in enumerate(selectors.checkin_rows(session), start=1)
    ]
    place = session.place or ", ".join(
        part for part in [event.venue_name, event.venue_address] if part
    )
    programme = programme_current()
    return signature_list_pdf(
        event_title=event.title,
        session_label=session_label(session),
        when=(
            f"{timezone.localtime(session.starts_at):%d.%m.%Y %H:%M} – "
            f"{timezone.localtime(session.ends_at):%H:%M}"
        ),
        place=place,
        rows=rows,
        organiser=event.organisers or (programme.operator if programme else ""),
    )

"""The library's part of the demo, from the reference data's public facts (idempotent).

The four ZMP positions the programme's website lists for download are real titles whose files
are not here: they become documents without a file, whose pages say so. The project information
sheet is a PDF compiled here from sourced facts; the association never published it, so it is
marked illustrative."""

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import number_format

from partnerstwa.library import services, tasks
from partnerstwa.library.models import DocumentCategory, DocumentNotice, LibraryDocument

INFORMATION_TITLE = "Informacja o projekcie „Budowanie kompetencji do współpracy”"


def _category(name: str) -> DocumentCategory | None:
    """The category a reference entry names ("stanowiska i uchwały ZMP" -> stanowiska i uchwały)."""
    base = name.removesuffix(" ZMP").strip()
    return DocumentCategory.objects.filter(name_pl=base).first()


def _website(data: dict) -> str:
    site = data["programme"].get("website", "")
    return site if site.startswith(("http://", "https://")) else f"http://{site}"


def _information_pdf(data: dict) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from partnerstwa.lib.pdf import FONT, FONT_BOLD, register_fonts

    register_fonts()
    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("body", fontName=FONT, fontSize=10.5, leading=14)
    heading = styles["Heading2"].clone("heading", fontName=FONT_BOLD)
    programme, figures, goals = data["programme"], data.get("figures", {}), data.get("goals", {})
    period = programme["period"]
    value = number_format(Decimal(programme["value_pln"]), 2, use_l10n=True, force_grouping=True)
    lines = [
        (heading, escape(programme["name"])),
        (body, f"Operator: {escape(programme['operator'])}."),
        (body, "Partnerzy: " + escape(", ".join(programme.get("partners", []))) + "."),
        (body, f"Finansowanie: {escape(programme['funding'])}."),
        (body, f"Okres realizacji: od {period['from']} do {period['to']}. Wartość: {value} zł."),
        (heading, "Cele"),
        *(
            (body, escape(text))
            for key, text in goals.items()
            if key.startswith("goal_") and isinstance(text, str)
        ),
        (heading, "Wyniki według strony programu"),
        (
            body,
            f"Partnerstwa: {figures.get('partnerships')}; jednostki samorządu terytorialnego: "
            f"{figures.get('local_governments')}; miasta: {figures.get('cities')}; "
            f"szkolenia: {figures.get('trainings')}; konferencje: {figures.get('conferences')}; "
            f"wizyty studyjne w Norwegii: {figures.get('study_visits')}.",
        ),
        (heading, "Źródła"),
        *((body, escape(source)) for source in programme.get("sources", [])),
        (body, escape(_website(data))),
        (
            body,
            "Zestawienie przygotowane z publicznych źródeł na potrzeby demonstracji systemu; "
            "nie jest dokumentem Związku Miast Polskich.",
        ),
    ]
    buffer = io.BytesIO()
    story = []
    for style, text in lines:
        story += [Paragraph(text, style), Spacer(1, 4)]
    SimpleDocTemplate(buffer, pagesize=A4, title=INFORMATION_TITLE).build(story)
    return buffer.getvalue()


def library_demo_load(data: dict) -> int:
    """Load the library's demo entries; returns how many were added (0 when all exist)."""
    added = 0
    for entry in data.get("documents", []):
        _notice, created = DocumentNotice.objects.get_or_create(
            title=entry["title"],
            defaults={
                "category": _category(entry.get("category", "")),
                "listed_at": _website(data),
            },
        )
        added += created
    if not LibraryDocument.objects.filter(title=INFORMATION_TITLE).exists():
        document = services.document_create(
            title=INFORMATION_TITLE,
            content=_information_pdf(data),
            filename="informacja-o-projekcie.pdf",
            category=DocumentCategory.objects.filter(slug="publikacje").first(),
            published_on=timezone.localdate(),
            summary=(
                "Nazwa, operator, partnerzy, finansowanie, cele i wyniki projektu według "
                "publicznych źródeł, z ich adresami. Zestawienie przygotowane na potrzeby "
                "demonstracji systemu."
            ),
            is_illustrative=True,
        )
        tasks.extract_document_text.call(document.pk)
        added += 1
    return added

"""The fonts of every PDF the portal makes.

Lato covers the Polish letters that the PDF base fonts (Helvetica and friends) lack, so each
document registers it and sets it before writing a word.
"""

import threading

import font_lato
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "Lato"
FONT_BOLD = "LatoBold"

_fonts_lock = threading.Lock()


def register_fonts() -> None:
    """Register Lato (regular and bold) with ReportLab once per process."""
    with _fonts_lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        if {FONT, FONT_BOLD} <= registered:
            return
        for name, face in ((FONT, "Lato"), (FONT_BOLD, "LatoBold")):
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, font_lato.font_files[face]))
        # <b> in a Paragraph picks the bold face; italics are not used and fall back to regular.
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )

"""The attendance list and the certificate come out as PDFs in Lato, with Polish letters intact.

The checks on the bytes need nothing but the PDF itself; the text is read back with pypdf (a dev
dependency), so these tests run wherever the suite runs."""

import io
import re
from dataclasses import dataclass

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from partnerstwa.activities.pdf import FONT, SignatureRow, certificate_pdf, signature_list_pdf
from partnerstwa.registry.models import Organisation

PANGRAM = "Zażółć gęślą jaźń"
# Every letter of the Polish alphabet that ASCII lacks, in both cases.
POLISH_LETTERS = "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"
LONG_ORGANISATION = (
    "Stowarzyszenie Gmin i Powiatów Ziemi Łódzkiej na rzecz Zrównoważonego Rozwoju "
    "Współpracy Międzygminnej i Partnerstw Lokalnych – Zażółć gęślą jaźń Łódź"
)
ESCAPED_ORGANISATION = "Gmina A & B <Łęczyca> „Źródło”"
VERIFY_URL = "https://partnerstwa.example.pl/zaswiadczenia/sprawdz/KX7P-2MQD-9ZRT/"

PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b")  # not /Pages, the page tree
LATO_FONT = re.compile(rb"/FontName\s*/(?:[A-Z]{6}\+)?Lato")


def signature_rows(count: int = 120) -> list[SignatureRow]:
    rows = []
    for number in range(1, count + 1):
        if number % 10 == 0:
            name = f"Małgorzata Świętosławska-Źdźbło-Łukaszewicz {number}"
        else:
            name = f"{PANGRAM.title()} {number}"
        if number % 3 == 0:
            organisation = LONG_ORGANISATION
        elif number % 7 == 0:
            organisation = ESCAPED_ORGANISATION
        else:
            organisation = f"Urząd Miasta Łódź, wydział {number}"
        rows.append(SignatureRow(number=number, name=name, organisation=organisation))
    return rows


SIGNATURE_LIST = {
    "event_title": f"{PANGRAM} – warsztaty zarządzania strategicznego",
    "session_label": "Spotkanie 3: budżet zadaniowy",
    "when": "12 marca 2025, 10:00–14:30",
    "place": "Łódź, ul. Piotrkowska 104, sala 12",
    "organiser": "Związek Gmin Ziemi Łódzkiej",
}

CERTIFICATE = {
    "holder_name": "Żaneta Gęślińska-Jaźwińska",
    "title": f"{PANGRAM} – cykl warsztatów zarządzania strategicznego",
    "kind_label": "warsztaty zarządzania strategicznego",
    "when": "12 marca – 30 czerwca 2025, Łódź",
    "issuer": "Związek Gmin Ziemi Łódzkiej",
    "code": "KX7P-2MQD-9ZRT",
    "verify_url": VERIFY_URL,
    "issued_on": "1 lipca 2025",
}


@pytest.fixture(scope="module")
def signature_list() -> bytes:
    with translation.override("pl"):
        return signature_list_pdf(**SIGNATURE_LIST, rows=signature_rows())


@pytest.fixture(scope="module")
def certificate() -> bytes:
    with translation.override("pl"):
        return certificate_pdf(**CERTIFICATE)


def page_count(pdf: bytes) -> int:
    return len(PAGE_OBJECT.findall(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, read back by pypdf from the fonts' Unicode maps."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def page_lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def squeeze(text: str) -> str:
    """Text without whitespace, so that line wrapping does not matter when comparing."""
    return "".join(text.split())


def pdf_info(pdf: bytes) -> dict[str, str]:
    """The document information dictionary, keys without their slash."""
    metadata = PdfReader(io.BytesIO(pdf)).metadata or {}
    return {key.lstrip("/"): str(value) for key, value in metadata.items()}


@dataclass(frozen=True)
class Fragment:
    text: str
    face: str  # "Lato-Regular" or "Lato-Bold", without the subset prefix
    size: float
    x: float
    y: float


def fragments(pdf: bytes, page_number: int = 0) -> list[Fragment]:
    """The text drawn on a page, piece by piece, with its face and where it starts."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            face = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
            # The text matrix's origin, carried through the current transformation.
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Fragment(text.strip(), face, size, x, y))

    PdfReader(io.BytesIO(pdf)).pages[page_number].extract_text(visitor_text=visit)
    return found


def assert_lato_only(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/FontName" in pdf
    assert b"Lato" in pdf
    assert LATO_FONT.search(pdf)
    # Helvetica and the other base fonts have no Polish letters; none is in the file at all.
    assert b"Helvetica" not in pdf
    assert b"/Subtype /Type1" not in pdf


# --- attendance list --------------------------------------------------------------------------


def test_the_signature_list_is_a_pdf_in_lato(signature_list):
    assert_lato_only(signature_list)


def test_120_rows_take_several_a4_portrait_pages(signature_list):
    pages = page_count(signature_list)
    assert pages >= 4
    assert re.search(rb"/Count %d\b" % pages, signature_list)
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in signature_list


def test_an_empty_signature_list_is_one_page():
    pdf = signature_list_pdf(
        event_title=PANGRAM, session_label="", when="", place="", rows=[], organiser="Łódź"
    )
    assert_lato_only(pdf)
    assert page_count(pdf) == 1


def test_the_signature_list_reads_back_in_polish(signature_list):
    text = squeeze("\n".join(page_texts(signature_list)))
    for value in SIGNATURE_LIST.values():
        assert squeeze(value) in text
    for row in signature_rows():
        assert squeeze(row.name) in text
    assert squeeze(LONG_ORGANISATION) in text
    assert squeeze(ESCAPED_ORGANISATION) in text
    assert "Zażółćgęśląjaźń" in text
    assert "Łódź" in text


def test_the_header_row_and_the_footer_repeat_on_every_page(signature_list):
    pages = page_texts(signature_list)
    assert len(pages) == page_count(signature_list) >= 4
    with translation.override("pl"):
        header = [gettext(label) for label in ("No.", "Full name", "Organisation", "Signature")]
    assert header == ["Lp.", "Imię i nazwisko", "Organizacja", "Podpis"]
    for number, page in enumerate(pages, start=1):
        lines = page_lines(page)
        starts = [i for i in range(len(lines)) if lines[i : i + len(header)] == header]
        assert len(starts) == 1, f"not one header row on page {number}"
        assert f"Strona {number} z {len(pages)}" in lines
        assert SIGNATURE_LIST["organiser"] in lines
    # Each row is printed once, in order, across the pages.
    numbers = [
        int(line[:-1])
        for page in pages
        for line in page_lines(page)
        if re.fullmatch(r"\d+\.", line)
    ]
    assert numbers == list(range(1, 121))


def test_the_signature_list_carries_its_title_and_author(signature_list):
    info = pdf_info(signature_list)
    assert SIGNATURE_LIST["event_title"] in info["Title"]
    assert info["Author"] == SIGNATURE_LIST["organiser"]
    assert len(PdfReader(io.BytesIO(signature_list)).pages) == page_count(signature_list)


def test_the_longest_organisation_name_wraps_inside_its_column_and_reads_back_whole():
    longest = Organisation._meta.get_field("name").max_length
    name = (LONG_ORGANISATION + " – " + LONG_ORGANISATION)[:longest]
    assert len(name) == longest
    with translation.override("pl"):
        pdf = signature_list_pdf(
            **SIGNATURE_LIST, rows=[SignatureRow(number=1, name=PANGRAM, organisation=name)]
        )
    assert squeeze(name) in squeeze(page_texts(pdf)[0])
    drawn = fragments(pdf)
    column = next(f for f in drawn if f.text == "Organizacja").x
    next_column = next(f for f in drawn if f.text == "Podpis").x
    lines = [f for f in drawn if f.x == column and f.text != "Organizacja"]
    assert "".join(squeeze(f.text) for f in lines) == squeeze(name)
    assert len(lines) > 1
    assert {line.face for line in lines} == {"Lato-Regular"}
    for line in lines:
        end = line.x + pdfmetrics.stringWidth(line.text, FONT, line.size)
        assert end < next_column, f"{line.text!r} runs into the signature column"


def test_every_polish_letter_reads_back_in_the_regular_and_the_bold_face():
    with translation.override("pl"):
        certificate = certificate_pdf(
            **{**CERTIFICATE, "holder_name": POLISH_LETTERS, "when": POLISH_LETTERS}
        )
        signature_list = signature_list_pdf(
            **{**SIGNATURE_LIST, "event_title": POLISH_LETTERS},
            rows=[SignatureRow(number=1, name=POLISH_LETTERS, organisation=POLISH_LETTERS)],
        )
    for pdf in (certificate, signature_list):
        by_face = {}
        for fragment in fragments(pdf):
            by_face.setdefault(fragment.face, []).append(fragment.text)
        assert set(by_face) == {"Lato-Regular", "Lato-Bold"}
        for face, texts in by_face.items():
            assert POLISH_LETTERS in texts, f"{POLISH_LETTERS!r} does not read back in {face}"


# --- certificate ------------------------------------------------------------------------------


def test_the_certificate_is_one_landscape_page_in_lato(certificate):
    assert_lato_only(certificate)
    assert page_count(certificate) == 1
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in certificate


def test_the_verification_address_is_a_link(certificate):
    # One link on the printed address, one on the QR code.
    assert certificate.count(b"/URI (" + VERIFY_URL.encode() + b")") == 2


def test_a_very_long_certificate_still_fits_one_page():
    long_certificate = {
        **CERTIFICATE,
        "holder_name": "Żaneta Maria Gęślińska-Jaźwińska-Źdźbłowska " * 3,
        "title": (PANGRAM + " – ") * 15,
        "issuer": LONG_ORGANISATION,
    }
    pdf = certificate_pdf(**long_certificate)
    assert_lato_only(pdf)
    assert page_count(pdf) == 1
    # Shrunk to fit, not cut: every line of it is on that page.
    (page,) = page_texts(pdf)
    for value in long_certificate.values():
        assert squeeze(value) in squeeze(page)


def test_the_certificate_reads_back_in_polish(certificate):
    (page,) = page_texts(certificate)
    text = squeeze(page)
    for value in CERTIFICATE.values():
        assert squeeze(value) in text
    with translation.override("pl"):
        assert squeeze(gettext("Certificate of participation")) in text
        assert squeeze(gettext("awarded to")) in text
        code_line = gettext("Verification code: %(code)s") % {"code": CERTIFICATE["code"]}
    assert squeeze(code_line) in text


def test_the_certificate_carries_its_title_and_author(certificate):
    info = pdf_info(certificate)
    assert CERTIFICATE["holder_name"] in info["Title"]
    assert info["Author"] == CERTIFICATE["issuer"]

"""The attendance list and the certificate come out as PDFs in Lato, with Polish letters intact.

The checks on the bytes need nothing but the PDF itself; reading the text back needs poppler's
pdftotext, and those tests are skipped where it is not installed."""

import re
import shutil
import subprocess

import pytest
from django.utils import translation
from django.utils.translation import gettext

from partnerstwa.activities.pdf import SignatureRow, certificate_pdf, signature_list_pdf

PANGRAM = "Zażółć gęślą jaźń"
LONG_ORGANISATION = (
    "Stowarzyszenie Gmin i Powiatów Ziemi Łódzkiej na rzecz Zrównoważonego Rozwoju "
    "Współpracy Międzygminnej i Partnerstw Lokalnych – Zażółć gęślą jaźń Łódź"
)
ESCAPED_ORGANISATION = "Gmina A & B <Łęczyca> „Źródło”"
VERIFY_URL = "https://partnerstwa.example.pl/zaswiadczenia/sprawdz/KX7P-2MQD-9ZRT/"

PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b")  # not /Pages, the page tree
LATO_FONT = re.compile(rb"/FontName\s*/(?:[A-Z]{6}\+)?Lato")

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed"
)
needs_pdfinfo = pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="poppler's pdfinfo is not installed"
)


def test_long_organisation_is_150_characters():
    assert len(LONG_ORGANISATION) == 150


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


def pdftotext(pdf: bytes) -> list[str]:
    """The text of each page, read back by poppler."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    pages = result.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squeeze(text: str) -> str:
    """Text without whitespace, so that line wrapping does not matter when comparing."""
    return "".join(text.split())


def pdfinfo(pdf: bytes) -> dict[str, str]:
    result = subprocess.run(
        ["pdfinfo", "-enc", "UTF-8", "-"], input=pdf, capture_output=True, check=True
    )
    info = {}
    for line in result.stdout.decode("utf-8").splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


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


@needs_pdftotext
def test_the_signature_list_reads_back_in_polish(signature_list):
    pages = pdftotext(signature_list)
    text = squeeze("\n".join(pages))
    for value in SIGNATURE_LIST.values():
        assert squeeze(value) in text
    for row in signature_rows():
        assert squeeze(row.name) in text
    assert squeeze(LONG_ORGANISATION) in text
    assert squeeze(ESCAPED_ORGANISATION) in text
    assert "Zażółćgęśląjaźń" in text
    assert "Łódź" in text


@needs_pdftotext
def test_the_header_row_and_the_footer_repeat_on_every_page(signature_list):
    pages = pdftotext(signature_list)
    assert len(pages) == page_count(signature_list) >= 4
    with translation.override("pl"):
        labels = [gettext(label) for label in ("No.", "Full name", "Organisation", "Signature")]
        header = " ".join(labels)
        assert gettext("Organisation") == "Organizacja"
    for number, page in enumerate(pages, start=1):
        assert header in page, f"no header row on page {number}"
        assert f"Strona {number} z {len(pages)}" in page
        assert SIGNATURE_LIST["organiser"] in page
    # Each row is printed once, in order, across the pages.
    numbers = [
        int(n) for n in re.findall(r"^(\d+)\.(?:\s|$)", "\n".join(pages), flags=re.MULTILINE)
    ]
    assert numbers == list(range(1, 121))


@needs_pdfinfo
def test_the_signature_list_carries_its_title_and_author(signature_list):
    info = pdfinfo(signature_list)
    assert SIGNATURE_LIST["event_title"] in info["Title"]
    assert info["Author"] == SIGNATURE_LIST["organiser"]
    assert info["Pages"] == str(page_count(signature_list))


# --- certificate ------------------------------------------------------------------------------


def test_the_certificate_is_one_landscape_page_in_lato(certificate):
    assert_lato_only(certificate)
    assert page_count(certificate) == 1
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in certificate


def test_the_verification_address_is_a_link(certificate):
    # One link on the printed address, one on the QR code.
    assert certificate.count(b"/URI (" + VERIFY_URL.encode() + b")") == 2


def test_a_very_long_certificate_still_fits_one_page():
    pdf = certificate_pdf(
        **{
            **CERTIFICATE,
            "holder_name": "Żaneta Maria Gęślińska-Jaźwińska-Źdźbłowska " * 3,
            "title": (PANGRAM + " – ") * 15,
            "issuer": LONG_ORGANISATION,
        }
    )
    assert_lato_only(pdf)
    assert page_count(pdf) == 1


@needs_pdftotext
def test_the_certificate_reads_back_in_polish(certificate):
    (page,) = pdftotext(certificate)
    text = squeeze(page)
    for value in CERTIFICATE.values():
        assert squeeze(value) in text
    with translation.override("pl"):
        assert squeeze(gettext("Certificate of participation")) in text
        assert squeeze(gettext("awarded to")) in text
        code_line = gettext("Verification code: %(code)s") % {"code": CERTIFICATE["code"]}
    assert squeeze(code_line) in text


@needs_pdfinfo
def test_the_certificate_carries_its_title_and_author(certificate):
    info = pdfinfo(certificate)
    assert CERTIFICATE["holder_name"] in info["Title"]
    assert info["Author"] == CERTIFICATE["issuer"]

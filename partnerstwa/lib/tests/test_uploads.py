import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerstwa.lib.uploads import safe_name, storage_path, validate_document

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [("strategia.pdf", PDF), ("mapa.png", PNG), ("plan.docx", docx()), ("PLAN.PDF", PDF)],
)
def test_documents_of_the_allowed_types_pass(name, content):
    validate_document(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("strategia.pdf", b"MZ\x90\x00" + b"\x00" * 100, "bad_type"),  # a program named .pdf
        ("skrypt.pdf", b"#!/bin/sh\nrm -rf /\n", "bad_type"),
        ("strona.pdf", b"<html><script>alert(1)</script></html>", "bad_type"),
        ("obraz.pdf", PNG, "disguised"),  # a real image pretending to be a PDF
        ("plan.pdf", docx(), "disguised"),
        ("pusty.pdf", b"", "bad_type"),
    ],
)
def test_disguised_or_unknown_files_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("duzy.pdf", PDF + b"0" * 2048))
    assert error.value.code == "too_large"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Strategia Łódź 2020.pdf", "strategia-lodz-2020.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("<script>.pdf", "script.pdf"),
        ("....pdf", "plik.pdf"),
    ],
)
def test_stored_names_are_safe(name, expected):
    assert safe_name(name) == expected
    path = storage_path("deliverables", name)
    assert path.startswith("deliverables/") and path.endswith("/" + expected) and ".." not in path

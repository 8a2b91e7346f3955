"""Point 1: a document's file is checked by its content, in the back office as anywhere."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerstwa.library.models import LibraryDocument
from partnerstwa.library.tests.factories import docx_bytes, odt_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("redakcja", "r@example.org", "x")


def _upload(client, name: str, content: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Uchwała",
            "file": SimpleUploadedFile(name, content),
            "collection": 1,
            "published_on": "2016-10-18",
            "language": "pl",
            "is_public": "on",
        },
    )


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "nie dokument")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("stanowisko.pdf", _zip_bytes()),  # a ZIP named .pdf
        ("stanowisko.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows program
        ("stanowisko.docx", pdf_bytes("tekst")),  # a PDF named .docx
        ("stanowisko.odt", docx_bytes("tekst")),  # a DOCX named .odt
    ],
)
def test_a_document_disguised_as_another_type_is_refused_in_the_cms(client, editor, name, content):
    client.force_login(editor)
    response = _upload(client, name, content)
    assert response.status_code == 200  # the form again, with the error
    assert not LibraryDocument.objects.exists()
    errors = response.context["form"].errors["file"]
    assert errors and ("zawartość" in errors[0].lower() or "nie jest dokumentem" in errors[0]), (
        errors
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("stanowisko.pdf", pdf_bytes("Stanowisko zarządu")),
        ("stanowisko.docx", docx_bytes("Stanowisko zarządu")),
        ("stanowisko.odt", odt_bytes("Stanowisko zarządu")),
    ],
)
def test_a_genuine_document_is_accepted_in_the_cms(
    client, editor, name, content, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, name, content)
    assert response.status_code == 302, response.context["form"].errors
    document = LibraryDocument.objects.get()
    assert "Stanowisko zarządu" in document.extracted_text


def test_a_document_file_is_stored_outside_the_web_servers_media(settings, client, editor):
    client.force_login(editor)
    _upload(client, "raport.pdf", pdf_bytes("Raport"))
    path = LibraryDocument.objects.get().file.path
    assert path.startswith(str(settings.PRIVATE_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))

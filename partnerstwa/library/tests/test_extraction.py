"""Point 3: the text inside a file is read on upload and searched; an unreadable file is still
found by its title and flagged for staff."""

import io

import pytest
from django.urls import reverse

from partnerstwa.lib.extract import UnreadableFile, text_of
from partnerstwa.library import services
from partnerstwa.library.models import Extraction, LibraryDocument
from partnerstwa.library.tests.factories import docx_bytes, odt_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

TEXT = "Sprawozdanie z działalności\nZwiązek Miast Polskich wspiera współpracę gmin."


def test_letters_written_decomposed_are_read_composed_and_found(
    client, django_capture_on_commit_callbacks
):
    """A file may write "ó" as "o" and a combining accent: read composed, the word is indexed
    and its passage marked as a query types it."""
    decomposed = "Dalej: wspo\u0301łpraca gmin."
    assert text_of(io.BytesIO(docx_bytes(decomposed)), "docx") == "Dalej: współpraca gmin."
    with django_capture_on_commit_callbacks(execute=True):
        services.document_create(
            title="Notatka", content=docx_bytes(decomposed), filename="notatka.docx"
        )
    html = client.get(reverse("library:search"), {"q": "współpracy"}).content.decode()
    assert "<mark>współpraca</mark>" in html


@pytest.mark.parametrize(
    ("extension", "build"), [("pdf", pdf_bytes), ("docx", docx_bytes), ("odt", odt_bytes)]
)
def test_text_is_extracted_on_upload_into_the_search_index(
    client, extension, build, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        doc = services.document_create(
            title="Sprawozdanie", content=build(TEXT), filename=f"sprawozdanie.{extension}"
        )
    doc.refresh_from_db()
    assert doc.extraction_status == Extraction.DONE
    assert "Związek Miast Polskich wspiera współpracę gmin." in doc.extracted_text
    # A word found only inside the file, in another form and without Polish letters.
    response = client.get(reverse("library:search"), {"q": "wspolpraca"})
    assert [hit.record.pk for hit in response.context["page"].object_list] == [doc.pk]


def test_an_unreadable_file_is_still_found_by_title_and_flagged_for_staff(
    client, django_user_model, django_capture_on_commit_callbacks
):
    # A PDF by its first bytes, damaged after them.
    damaged = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog" + b"\x00garbage" * 50
    with django_capture_on_commit_callbacks(execute=True):
        doc = services.document_create(
            title="Uszkodzony protokół", content=damaged, filename="protokol.pdf"
        )
    doc.refresh_from_db()
    assert doc.extraction_status == Extraction.FAILED
    response = client.get(reverse("library:search"), {"q": "protokół"})
    assert [hit.record.pk for hit in response.context["page"].object_list] == [doc.pk]
    staff = django_user_model.objects.create_superuser("redakcja", "r@example.org", "x")
    client.force_login(staff)
    report = client.get(reverse("library_text_report"), {"extraction_status": "failed"})
    assert report.status_code == 200
    assert "Uszkodzony protokół" in report.content.decode()


def test_a_replaced_file_is_read_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        doc = services.document_create(
            title="Stanowisko", content=pdf_bytes("Pierwsza wersja"), filename="s.pdf"
        )
    from django.core.files.base import ContentFile

    doc.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        doc.file.save("s2.pdf", ContentFile(pdf_bytes("Druga wersja")), save=False)
        doc._set_document_file_metadata()
        doc.save()
        doc.file.close()
    assert "Druga wersja" in LibraryDocument.objects.get(pk=doc.pk).extracted_text


@pytest.mark.parametrize(
    "content",
    [b"", b"PK\x03\x04broken zip", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>"],
)
def test_a_reader_raises_only_unreadable_file(content):
    import io

    for extension in ("pdf", "docx", "odt", "ods", "pptx", "xlsx"):
        with pytest.raises(UnreadableFile):
            text_of(io.BytesIO(content), extension)

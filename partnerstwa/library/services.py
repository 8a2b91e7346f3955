"""Writes of the library: documents added, their files read for search, downloads counted."""

import datetime
from pathlib import PurePath

from django.core.files import File
from django.db import transaction
from django.db.models import F

from partnerstwa.lib import freshness
from partnerstwa.library import tasks
from partnerstwa.library.models import Extraction, LibraryDocument


def document_file_saved(document: LibraryDocument) -> None:
    """A document whose file has not been read yet (new, or replaced) is marked pending and its
    text is read in the background once the upload is committed."""
    if not document.file_hash or document.file_hash == document.extracted_hash:
        return
    if document.extraction_status != Extraction.PENDING:
        LibraryDocument.objects.filter(pk=document.pk).update(extraction_status=Extraction.PENDING)
        document.extraction_status = Extraction.PENDING
    pk = document.pk
    transaction.on_commit(lambda: tasks.extract_document_text.enqueue(pk))


@transaction.atomic
def document_create(
    *,
    title: str,
    content: bytes,
    filename: str,
    published_on: datetime.date | None = None,
    uploaded_by=None,
    **fields,
) -> LibraryDocument:
    """A document from bytes (the demo, imports), checked as an upload in the back office is."""
    from django.core.files.base import ContentFile

    document = LibraryDocument(title=title, uploaded_by_user=uploaded_by, **fields)
    if published_on is not None:
        document.published_on = published_on
    document.file = File(ContentFile(content), name=PurePath(filename).name)
    document.full_clean()
    document._set_document_file_metadata()
    document.save()
    document.file.close()
    return document


def document_count_download(document: LibraryDocument) -> None:
    """One more download, counted in the database so simultaneous downloads all count. No page
    shows the count: cached pages stay valid (lib.freshness)."""
    with freshness.quiet():
        LibraryDocument.objects.filter(pk=document.pk).update(
            download_count=F("download_count") + 1
        )

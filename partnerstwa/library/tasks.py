"""Background work of the library: reading the text inside an uploaded file for search.

Tasks take primary keys. The text is read from the file the document has when the task runs, and
stored only if the file is still that one (a file replaced meanwhile is read by its own task)."""

import logging

from django.db import connection, transaction
from django_tasks import task

from partnerstwa.lib.extract import UnreadableFile, text_of

log = logging.getLogger(__name__)


@task()
def extract_document_text(document_id: int) -> None:
    from partnerstwa.library.models import Extraction, LibraryDocument

    document = LibraryDocument.objects.filter(pk=document_id).first()
    if document is None or not document.file:
        return
    file_hash = document.file_hash
    if file_hash and file_hash == document.extracted_hash:
        return  # already read
    try:
        with document.open_file() as source:
            text = text_of(source, document.extension)
        status = Extraction.DONE
    except (UnreadableFile, OSError) as error:
        # Still found by its title; staff see the flag in the back office.
        log.info("document %s: text not read: %s", document_id, error)
        text, status = "", Extraction.FAILED
    with transaction.atomic():
        current = LibraryDocument.objects.select_for_update().filter(pk=document_id).first()
        if current is None or current.file_hash != file_hash:
            return
        current.extracted_text = text
        current.extraction_status = status
        current.extracted_hash = file_hash
        # A save, not an update: the search index follows saves.
        current.save(update_fields=["extracted_text", "extraction_status", "extracted_hash"])
    _planner_statistics()


def _planner_statistics() -> None:
    """SQLite plans the search's full-text join well only with statistics (bench/search.py:
    500 ms against 2 ms at 2,000 documents); a sampled ANALYZE keeps them fresh at a fixed cost
    however large the library. PostgreSQL's autovacuum keeps its own."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=400")
        cursor.execute("ANALYZE wagtailsearch_indexentry")

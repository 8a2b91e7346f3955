"""Wagtail's document views (one upload, many at once, a replaced file) save documents with no
hook of their own after the save: this receiver is the one place all of them pass, and it only
queues the text extraction of a file not yet read (services.document_file_saved)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from partnerstwa.library import services
from partnerstwa.library.models import LibraryDocument


@receiver(post_save, sender=LibraryDocument, dispatch_uid="library-extract-on-upload")
def _file_saved(sender, instance: LibraryDocument, raw: bool = False, **kwargs) -> None:
    if not raw:
        services.document_file_saved(instance)

"""Uploaded documents: type checked by content, size limited, stored under a random safe name."""

import uuid
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.downloads import content_disposition
from partnerstwa.lib.text import fold

# What the content must be (filetype's detected extension) -> the extensions a name may carry.
DOCUMENT_TYPES = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "pptx": {"pptx"},
    "odt": {"odt"},
    "ods": {"ods"},
    "odp": {"odp"},
    "png": {"png"},
    "jpg": {"jpg", "jpeg"},
}


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def validate_document(upload) -> None:
    """Refuse a file that is too large, of a type we do not take, or not what its name says."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            code="too_large",
            params={"size": round(upload.size / 2**20, 1), "limit": limit // 2**20},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(position)
    kind = filetype.guess(head) if head else None
    detected = kind.extension if kind else None
    allowed = ", ".join(sorted({ext for exts in DOCUMENT_TYPES.values() for ext in exts}))
    if detected not in DOCUMENT_TYPES:
        raise ValidationError(
            _("This file is not a document we accept (allowed: %(allowed)s)."),
            code="bad_type",
            params={"allowed": allowed},
        )
    if _extension(upload.name) not in DOCUMENT_TYPES[detected]:
        raise ValidationError(
            _("The file's content (%(detected)s) does not match its name “%(name)s”."),
            code="disguised",
            params={"detected": detected.upper(), "name": upload.name},
        )


def safe_name(name: str) -> str:
    """A name fit to store and to offer for download: no path, no odd characters."""
    stem = slugify(fold(PurePath(name).stem))[:80] or "plik"
    extension = get_valid_filename(_extension(name))[:10]
    return f"{stem}.{extension}" if extension else stem


def storage_path(prefix: str, filename: str) -> str:
    """Where an upload is stored: a random folder, so names never collide nor can be guessed."""
    return f"{prefix}/{uuid.uuid4().hex}/{safe_name(filename)}"


def attachment_response(field_file) -> FileResponse:
    """Serve a stored file as a download, never rendered inline by the browser."""
    name = PurePath(field_file.name).name
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=name)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

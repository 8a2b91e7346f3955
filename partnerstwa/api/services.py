"""Writes of the API app: tokens (created, revoked, their uses recorded) and the attendance import
a token may run (through activities' own import)."""

import hashlib
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from partnerstwa.activities.attendance_import import ImportReport, attendance_import
from partnerstwa.activities.models import Session
from partnerstwa.api.models import ApiToken, TokenUse

TOKEN_PREFIX = "ptk_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


@transaction.atomic
def token_create(
    *, name: str, user, read_personal: bool, write_attendance: bool, event_ids: list[int]
) -> IssuedToken:
    """A new token; its text is returned once and only its SHA-256 is kept."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 8],
        digest=digest(secret),
        read_personal=read_personal,
        write_attendance=write_attendance,
        created_by=user,
    )
    token.events.set(event_ids)
    return IssuedToken(token, secret)


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_use_record(*, token_id: int, method: str, path: str, status: int) -> None:
    TokenUse.objects.create(token_id=token_id, method=method[:10], path=path[:500], status=status)


def attendance_import_by_token(
    *, token: ApiToken, session: Session, content: bytes
) -> ImportReport:
    """The activities app's attendance import, all or nothing, on the bytes a client sent; the
    attendance is recorded as by the staff account that created the token."""
    suffix = ".xlsx" if content[:4] == b"PK\x03\x04" else ".csv"
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"attendance{suffix}"
        path.write_bytes(content)
        return attendance_import(path, session=session, user=token.created_by, commit=True)

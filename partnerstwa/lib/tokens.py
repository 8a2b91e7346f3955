"""Signed link tokens that name one record (cancel, evaluate, edit, download links)."""

from django.core import signing


def record_token(pk: int, salt: str) -> str:
    """A signed token naming one record; each purpose has its own salt."""
    return signing.dumps(pk, salt=salt)


def record_pk(token: str, salt: str, model) -> int:
    """The primary key a token names (raises model.DoesNotExist for a bad or forged token)."""
    try:
        return signing.loads(token, salt=salt)
    except signing.BadSignature:
        raise model.DoesNotExist from None

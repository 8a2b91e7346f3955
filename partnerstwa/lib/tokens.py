"""Signed link tokens that name one record (cancel, evaluate, edit, download links).

Every kind of link is declared once with its own salt and lifetime (README: "Link lifetimes");
a token carries the time it was signed, so an old link stops working without any stored state.
The record's own state (an event that has started, a call that has closed) is checked by the
service that uses the link.
"""

import datetime
from dataclasses import dataclass

from django.core import signing


class LinkExpired(Exception):
    """A genuine link that is older than its kind's lifetime."""


@dataclass(frozen=True)
class LinkKind:
    salt: str
    lifetime: datetime.timedelta

    def token(self, pk: int) -> str:
        return signing.dumps(pk, salt=self.salt)

    def pk(self, token: str, model) -> int:
        """The primary key a token names: model.DoesNotExist for a bad or forged token,
        LinkExpired for a genuine one past its lifetime."""
        try:
            return signing.loads(token, salt=self.salt, max_age=self.lifetime)
        except signing.SignatureExpired:
            raise LinkExpired from None
        except signing.BadSignature:
            raise model.DoesNotExist from None

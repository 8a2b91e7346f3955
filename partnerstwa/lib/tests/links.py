"""Signed links of a given age, for the tests of every link kind's lifetime."""

import datetime
import time
from unittest import mock

from partnerstwa.lib.tokens import LinkKind


def signed_ago(kind: LinkKind, pk: int, age: datetime.timedelta) -> str:
    """A genuine link of `kind` for record `pk`, as if signed `age` ago."""
    with mock.patch(
        "django.core.signing.time.time", return_value=time.time() - age.total_seconds()
    ):
        return kind.token(pk)


def expired(kind: LinkKind, pk: int) -> str:
    """A genuine link an hour past its kind's lifetime."""
    return signed_ago(kind, pk, kind.lifetime + datetime.timedelta(hours=1))

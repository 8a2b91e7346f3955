"""Reads of the privacy app: who may not be mailed or listed."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from partnerstwa.privacy.models import Restriction


def restricted_emails() -> set[str]:
    """The lower-cased addresses under a restriction or an objection now in force."""
    return {
        email.lower()
        for email in Restriction.objects.filter(lifted_at__isnull=True).values_list(
            "email", flat=True
        )
    }


def restricted(addresses: Iterable[str]) -> set[str]:
    """Those of the addresses (as given) whose owner restricted or objected: registered with
    lib.suppression, so nothing in the system mails them."""
    addresses = list(addresses)
    if not addresses:
        return set()
    held = restricted_emails()
    return {address for address in addresses if address.strip().lower() in held}


def without_restricted(queryset: QuerySet, *email_fields: str) -> QuerySet:
    """The queryset less the rows whose e-mail (any of email_fields, e.g. "email",
    "person__email") belongs to a restricted person: exports use it (Art. 18 GDPR: the data is
    stored, not used)."""
    held = restricted_emails()
    if not held:
        return queryset
    where = Q()
    for field in email_fields:
        for email in held:
            where |= Q(**{f"{field}__iexact": email})
    return queryset.exclude(where)

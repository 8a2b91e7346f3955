"""Reads of the rights app: the data held about a subject, the staff queue."""

import datetime
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from partnerstwa.privacy import holders
from partnerstwa.rights.models import DataSubjectRequest, RequestKind, RequestState


def data_held(email: str, *, provided_only: bool = False) -> dict[str, Any]:
    """Everything every app holds about the address (access, Art. 15), or only what the person
    provided (portability, Art. 20), per app and model, JSON-ready."""
    subject = holders.subject_for(email)
    found: dict[str, Any] = {}
    for holder in holders.holders():
        for label, rows in holder.export(subject).items():
            if not rows or (provided_only and label not in holder.provided):
                continue
            found[label] = rows
    return found


def data_sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The access page's sections: each model's verbose name, columns and rows."""
    sections = []
    for label, rows in data.items():
        model = apps.get_model(label)
        columns = [name for name in rows[0] if name != "id"]
        headers = []
        for name in columns:
            try:
                headers.append(model._meta.get_field(name.split("__")[0]).verbose_name)
            except Exception:
                headers.append(name)
        sections.append(
            {
                "label": label,
                "title": model._meta.verbose_name_plural,
                "headers": headers,
                "rows": [
                    [(header, row[name]) for header, name in zip(headers, columns, strict=True)]
                    for row in rows
                ],
            }
        )
    return sections


def queue() -> QuerySet:
    """Requests whose address is confirmed and that are not yet answered, the soonest due first."""
    return DataSubjectRequest.objects.filter(state=RequestState.OPEN).order_by("due_on", "pk")


def recently_closed(days: int = 90) -> QuerySet:
    since = timezone.now() - datetime.timedelta(days=days)
    return DataSubjectRequest.objects.filter(
        state__in=[RequestState.DONE, RequestState.REFUSED], closed_at__gte=since
    ).order_by("-closed_at")


def consent_proof(email: str) -> dict[str, Any]:
    """The consents the person gave: the records that hold a consent's text, time and way."""
    data = data_held(email)
    proof = {}
    for label in (
        "activities.Registration",
        "newsletter.ConsentRecord",
        "contests.Application",
        "advocacy.BarrierReport",
    ):
        if label in data:
            proof[label] = data[label]
    return proof


SELF_SERVICE = {RequestKind.ACCESS, RequestKind.PORTABILITY, RequestKind.WITHDRAWAL}

"""Reads of the operations app: the audit trail's entries and the background tasks."""

import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partnerstwa.lib.models import SentMail
from partnerstwa.operations.audit import TRACKED

# Tasks shown, newest first, per state: enough for a day's trouble, not a history.
TASKS_SHOWN = 100
# A message recorded but never marked sent this long after: its task failed while sending.
MAIL_GRACE = datetime.timedelta(minutes=5)


def trail_models() -> list[ContentType]:
    """The kinds of record the trail holds: the tracked models and the CMS pages."""
    from django.apps import apps

    types = ContentType.objects.get_for_models(
        *(apps.get_model(label) for label in TRACKED), for_concrete_models=False
    )
    page_types = ContentType.objects.filter(app_label="content").exclude(
        pk__in=[kind.pk for kind in types.values()]
    )
    return sorted([*types.values(), *page_types], key=lambda kind: str(kind))


def changes(
    *,
    content_type: ContentType | None = None,
    actor_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    record: str = "",
) -> QuerySet[LogEntry]:
    """Entries of the trail, newest first, narrowed by each filter given."""
    entries = LogEntry.objects.select_related("content_type", "actor").order_by("-timestamp", "-pk")
    if content_type is not None:
        entries = entries.filter(content_type=content_type)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if since is not None:
        entries = entries.filter(timestamp__date__gte=since)
    if until is not None:
        entries = entries.filter(timestamp__date__lte=until)
    if record:
        entries = entries.filter(object_pk=record)
    return entries


def source_of(entry: LogEntry) -> str:
    """The page or command a change came from."""
    data = entry.additional_data or {}
    return data.get("page") or data.get("command") or data.get("task") or ""


def tasks(status: str) -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(status=status)
        .defer("return_value")
        .order_by("-enqueued_at")[:TASKS_SHOWN]
    )


def unsent_mail() -> QuerySet[SentMail]:
    """Messages a task began to send and never recorded as sent (lib.mail.send_once)."""
    return SentMail.objects.filter(
        sent_at__isnull=True, created_at__lt=timezone.now() - MAIL_GRACE
    ).order_by("-created_at")

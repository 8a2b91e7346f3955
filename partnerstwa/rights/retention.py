"""Retention: every holder's rules and the stores beside the apps' tables, from
settings.PRIVACY_RETENTION_DAYS (python manage.py apply_retention)."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partnerstwa.lib.models import SentMail
from partnerstwa.privacy import holders
from partnerstwa.privacy.holders import RetentionResult


def apply_retention(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> list[RetentionResult]:
    """Remove or anonymise what has outlived its rule; a second run finds nothing."""
    now = now or timezone.now()
    rules = settings.PRIVACY_RETENTION_DAYS
    results: list[RetentionResult] = []
    with transaction.atomic():
        for holder in holders.holders():
            results += holder.retention(rules, now=now, dry_run=dry_run)
        finished = DBTaskResult.objects.filter(
            finished_at__lt=now - datetime.timedelta(days=rules["task_results"])
        )
        sessions = Session.objects.filter(expire_date__lt=now)
        # lib.mail keeps its send records 30 days (a task is never rerun later than that).
        sent = SentMail.objects.filter(created_at__lt=now - datetime.timedelta(days=30))
        for category, queryset in (
            ("task_results", finished),
            ("sessions", sessions),
            ("sent_mail", sent),
        ):
            count = queryset.count()
            if not dry_run:
                queryset.delete()
            results.append(RetentionResult(category, count))
        if dry_run:
            transaction.set_rollback(True)
    return results

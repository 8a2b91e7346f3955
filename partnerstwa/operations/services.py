"""Writes of the operations app: erasing a person from the audit trail."""

import json
import re
from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.db import models, transaction
from django.db.models import Q
from wagtail.models import ModelLogEntry, PageLogEntry

# What stands where an erased value was: the entry still says a field changed, not to what.
ERASED = "***"

# Every kind of audit entry and its fields that may hold a person's data (text or JSON).
_TRAIL: tuple[tuple[type[models.Model], tuple[str, ...]], ...] = (
    (
        LogEntry,
        (
            "object_repr",
            "changes",
            "changes_text",
            "serialized_data",
            "additional_data",
            "actor_email",
        ),
    ),
    (PageLogEntry, ("label", "data")),
    (ModelLogEntry, ("label", "data")),
    (AdminLogEntry, ("object_repr", "change_message")),
)


def _spellings(value: str) -> set[str]:
    # JSON columns hold "Ł" as \u0141 on SQLite (Django writes ASCII JSON) and as Ł in jsonb.
    return {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}


def _scrub(data: Any, pattern: re.Pattern) -> Any:
    if isinstance(data, str):
        return pattern.sub(ERASED, data)
    if isinstance(data, list):
        return [_scrub(item, pattern) for item in data]
    if isinstance(data, dict):
        return {_scrub(key, pattern): _scrub(item, pattern) for key, item in data.items()}
    return data


def erase_from_trail(values: Iterable[str]) -> int:
    """Remove every occurrence of the given strings (an e-mail address, names, a phone number)
    from every audit entry - django-auditlog's (changes, representation, serialized data,
    additional data, actor's e-mail), Wagtail's page and model log and Django's admin log -
    ignoring letter case. Returns how many entries changed. Called by the data-subject erasure.

    The database picks the candidate entries (LIKE, which on SQLite folds the case of ASCII
    letters only); each candidate is then scrubbed in Python. Entries are written with
    QuerySet.update so no audit signal fills them with the current request's details."""
    wanted = sorted({value.strip() for value in values if value and value.strip()}, key=len)
    if not wanted:
        return 0
    # Longest first, so "Anna Kowalska" goes whole before "Anna" would split it.
    pattern = re.compile("|".join(re.escape(value) for value in reversed(wanted)), re.IGNORECASE)
    changed = 0
    with transaction.atomic():
        for model, fields in _TRAIL:
            where = Q()
            for value in wanted:
                for spelling in _spellings(value):
                    for field in fields:
                        where |= Q(**{f"{field}__icontains": spelling})
            for entry in model.objects.filter(where).only("pk", *fields).iterator():
                scrubbed = {}
                for field in fields:
                    before = getattr(entry, field)
                    after = _scrub(before, pattern)
                    if after != before:
                        scrubbed[field] = after
                if scrubbed:
                    model.objects.filter(pk=entry.pk).update(**scrubbed)
                    changed += 1
    return changed


def task_retry(*, task_id: str) -> None:
    """A failed task enqueued again with its arguments (a new result, as the worker expects);
    the failed record goes, so the page lists what still fails."""
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        failed = DBTaskResult.objects.select_for_update().get(pk=task_id, status="FAILED")
        arguments = failed.args_kwargs
        failed.task.enqueue(*arguments["args"], **arguments["kwargs"])
        failed.delete()

"""The audit trail: which programme records are tracked, and who and what a change came from.

django-auditlog records each change to a tracked model (its before and after per field) from
the model signals; every tracked model is declared here, so no other app's code knows of the
trail. What the signals cannot see is given here too: the request's page (AuditMiddleware),
the management command that ran (command_context), a CMS page publish (record_page_publish),
and lib.bulk's multi-row imports write their own entries (partnerstwa/lib/bulk.py).
"""

import contextlib
import threading
from collections.abc import Iterator

from auditlog.context import set_extra_data
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand

from partnerstwa.lib.bulk import audit_context

# Programme records tracked, with fields left out of the trail: derived text (a document's
# extracted text, kept slugs) that nobody edits and that would swell every entry.
TRACKED: dict[str, tuple[str, ...]] = {
    "registry.Organisation": (),
    "registry.Association": (),
    "registry.AssociationMembership": (),
    "registry.Person": (),
    "registry.Affiliation": (),
    "programme.Programme": (),
    "partnerships.Partnership": (),
    "partnerships.PartnershipMember": (),
    "partnerships.FundingProgramme": (),
    "partnerships.Project": (),
    "partnerships.Deliverable": (),
    "partnerships.SupportEngagement": (),
    "activities.EventSeries": (),
    "activities.Event": (),
    "activities.EventMaterial": (),
    "activities.Session": (),
    "activities.Registration": (),
    "activities.Attendance": (),
    "activities.EvaluationQuestion": (),
    "activities.Certificate": (),
    "contests.ContestEdition": (),
    "contests.Category": (),
    "contests.Criterion": (),
    "contests.Question": (),
    "contests.JuryMember": (),
    "contests.Application": (),
    "contests.ConflictDeclaration": (),
    "contests.Score": (),
    "indicators.IndicatorTarget": (),
    "advocacy.AreaOfLaw": (),
    "advocacy.Addressee": (),
    "advocacy.LegalBarrier": (),
    "advocacy.LegalActReference": (),
    "advocacy.StatusChange": (),
    "advocacy.Recommendation": (),
    "advocacy.BarrierReport": (),
    "library.DocumentCategory": (),
    "library.LibraryDocument": ("extracted_text", "extracted_hash", "file_hash", "file_size"),
    "library.DocumentNotice": (),
    "newsletter.Topic": (),
    "newsletter.ConsentText": (),
    "newsletter.Campaign": (),
    "content.Identity": (),
}


def register_tracked_models() -> None:
    for label, excluded in TRACKED.items():
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=list(excluded))


def show_trail_in_admin() -> None:
    """Each tracked model's history page in the back office lists its trail entries: set on
    the registered admins here, so no app's admin.py knows of the trail."""
    from django.contrib import admin

    for label in TRACKED:
        model_admin = admin.site._registry.get(apps.get_model(label))
        if model_admin is not None:
            model_admin.object_history_template = "operations/admin/object_history.html"


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware (the signed-in user is the actor) that also stores the page a
    change came from. No client address: it is personal data and the trail does not need it."""

    def get_extra_data(self, request) -> dict:
        data = super().get_extra_data(request)
        data["additional_data"] = {"page": f"{request.method} {request.path}"}
        return data


@contextlib.contextmanager
def source(**details: str) -> Iterator[None]:
    """Changes made inside are marked with these details (command=..., task=...), unless a
    request's page already marks them (a task run at once inside a request)."""
    if (audit_context().get("additional_data") or {}).get("page"):
        yield
        return
    with set_extra_data(context_data={"additional_data": dict(details)}):
        yield


_original_execute = BaseCommand.execute


def _execute_with_source(self, *args, **options):
    name = type(self).__module__.rsplit(".", 1)[-1]
    with source(command=name):
        return _original_execute(self, *args, **options)


_running = threading.local()


def _task_started(sender, task_result, **kwargs) -> None:
    marking = source(task=task_result.task.module_path)
    marking.__enter__()
    _running.__dict__.setdefault("stack", []).append(marking)


def _task_finished(sender, task_result, **kwargs) -> None:
    stack = _running.__dict__.get("stack")
    if stack:
        stack.pop().__exit__(None, None, None)


def mark_tasks() -> None:
    """A background task's changes carry the task's name (the worker's command would say only
    db_worker)."""
    from django_tasks.signals import task_finished, task_started

    task_started.connect(_task_started, dispatch_uid="operations-audit-task-started")
    task_finished.connect(_task_finished, dispatch_uid="operations-audit-task-finished")


def mark_commands() -> None:
    """Every management command's changes carry the command's name (an import, a purge)."""
    BaseCommand.execute = _execute_with_source


def _content_of(revision) -> dict:
    content = dict(revision.content or {}) if revision else {}
    # Bookkeeping Wagtail keeps in every revision, not what the editor changed.
    for key in (
        "latest_revision",
        "latest_revision_created_at",
        "live_revision",
        "last_published_at",
        "first_published_at",
        "has_unpublished_changes",
        "draft_title",
        "live",
        "path",
        "depth",
        "numchild",
        "url_path",
        "locked",
        "locked_at",
        "locked_by",
        "owner",
    ):
        content.pop(key, None)
    return content


def record_page_publish(sender, instance, revision, **kwargs) -> None:
    """A CMS page published: one entry with the fields that changed since the last publish
    (Wagtail's own log says that it was published, not what changed)."""
    from wagtail.models import PageLogEntry

    previous = (
        PageLogEntry.objects.filter(
            page_id=instance.pk, action="wagtail.publish", revision__isnull=False
        )
        .exclude(revision=revision)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    before = _content_of(previous.revision if previous else None)
    after = _content_of(revision)
    changes = {
        key: [_text(before.get(key)), _text(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_pk=str(instance.pk),
        object_id=instance.pk,
        object_repr=str(instance)[:1000],
        action=LogEntry.Action.UPDATE if previous else LogEntry.Action.CREATE,
        changes=changes,
        changes_text="",
        actor=revision.user if revision else None,
    )
    entry.save()
    extra = dict(entry.additional_data or {})
    extra["cms"] = "publish"
    LogEntry.objects.filter(pk=entry.pk).update(additional_data=extra)


def _text(value) -> str:
    if value is None:
        return "None"
    return value if isinstance(value, str) else str(value)

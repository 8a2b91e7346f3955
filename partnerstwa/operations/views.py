"""Staff pages: the changes of the audit trail (/biuro/zmiany/) and background tasks
(/biuro/zadania/)."""

import tablib
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tasks_db.models import DBTaskResult

from partnerstwa.lib.downloads import download
from partnerstwa.operations import selectors, services
from partnerstwa.operations.forms import ChangesFilter

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
# The trail holds personal data (names, addresses as they were changed) and tasks hold their
# arguments: each page needs its permission besides being staff.
VIEW_TRAIL = permission_required("auditlog.view_logentry", raise_exception=True)
VIEW_TASKS = permission_required("django_tasks_database.view_dbtaskresult", raise_exception=True)
RETRY_TASKS = permission_required("django_tasks_database.change_dbtaskresult", raise_exception=True)


@staff_member_required
@VIEW_TRAIL
@require_GET
def change_list(request: HttpRequest) -> HttpResponse:
    form = ChangesFilter(request.GET or None)
    entries = selectors.changes(**form.filters()) if form.is_valid() else selectors.changes()
    if request.GET and not form.is_valid():
        entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.source = selectors.source_of(entry)
    return render(request, "operations/changes.html", {"form": form, "page": page})


def _rows(entries) -> list[tuple]:
    rows = []
    for entry in entries.iterator(chunk_size=2000):
        for field, (before, after) in sorted((entry.changes_dict or {}).items()):
            rows.append(
                (
                    timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
                    str(entry.actor) if entry.actor_id else "",
                    selectors.source_of(entry),
                    str(entry.content_type),
                    entry.object_pk,
                    entry.object_repr,
                    entry.get_action_display(),
                    field,
                    before,
                    after,
                )
            )
    return rows


@staff_member_required
@VIEW_TRAIL
@require_GET
def change_export(request: HttpRequest, file_type: str) -> HttpResponse:
    if file_type not in ("csv", "xlsx"):
        raise Http404
    form = ChangesFilter(request.GET or None)
    if request.GET and not form.is_valid():
        entries = selectors.changes().none()
    else:
        entries = selectors.changes(**form.filters()) if form.is_valid() else selectors.changes()
    dataset = tablib.Dataset(
        *_rows(entries[:EXPORT_LIMIT]),
        headers=[
            _("When"),
            _("Changed by"),
            _("Page or command"),
            _("Kind of record"),
            _("Record number"),
            _("Record"),
            _("Action"),
            _("Field"),
            _("Before"),
            _("After"),
        ],
        title=_("Changes"),
    )
    if file_type == "csv":
        return download(dataset.export("csv"), "zmiany.csv", "text/csv; charset=utf-8")
    return download(
        dataset.export("xlsx"),
        "zmiany.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@staff_member_required
@VIEW_TASKS
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "operations/tasks.html",
        {
            "pending": selectors.tasks("READY"),
            "running": selectors.tasks("RUNNING"),
            "failed": selectors.tasks("FAILED"),
            "unsent_mail": selectors.unsent_mail(),
        },
    )


@staff_member_required
@RETRY_TASKS
@require_POST
def task_retry(request: HttpRequest, task_id: str) -> HttpResponse:
    try:
        services.task_retry(task_id=task_id)
    except (DBTaskResult.DoesNotExist, ValueError):
        raise Http404 from None
    messages.success(request, _("The task is queued again."))
    return redirect("operations:tasks")

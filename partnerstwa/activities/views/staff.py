"""Staff pages: staff accounts holding the permission the page needs (personal data is in them)."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerstwa.activities import attendance_import, exports, pdf, selectors, services
from partnerstwa.activities.forms import AttendanceImportForm, session_label
from partnerstwa.activities.models import (
    Attendance,
    Certificate,
    Event,
    Registration,
    RegistrationState,
    Session,
)
from partnerstwa.lib import spreadsheets
from partnerstwa.lib.downloads import PDF, XLSX, download
from partnerstwa.lib.text import parse_int
from partnerstwa.registry.models import Person


def staff_with(permission: str):
    def decorator(view):
        return staff_member_required(permission_required(permission, raise_exception=True)(view))

    return decorator


def _staff_event(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug)


@staff_with("activities.view_registration")
@require_GET
def staff_event(request: HttpRequest, slug: str) -> HttpResponse:
    event = _staff_event(slug)
    respondents, results, comments = selectors.evaluation_results(event)
    return render(
        request,
        "activities/staff/event.html",
        {
            "event": event,
            "counts": selectors.registration_counts(event),
            "sessions": selectors.attendance_by_session(event),
            "respondents": respondents,
            "results": results,
            "comments": comments,
            "certificates": Certificate.objects.filter(event=event).count(),
            "ended": event.ends_at <= timezone.now(),
        },
    )


@staff_with("activities.add_attendance")
@require_http_methods(["GET", "POST"])
def staff_checkin(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    event = _staff_event(slug)
    session = get_object_or_404(Session, event=event, number=number)
    if request.method == "POST":
        person = get_object_or_404(
            Person,
            pk=parse_int(request.POST.get("person")) or 0,
        )
        if (
            not Registration.objects.filter(event=event, person=person)
            .exclude(state=RegistrationState.CANCELLED)
            .exists()
        ):
            raise Http404
        services.attendance_toggle(session=session, person=person, user=request.user)
        if request.htmx:
            row = selectors.checkin_rows(session).get(person=person)
            # The row that was tapped, and the counter swapped out of band so it stays true.
            return render(
                request,
                "activities/staff/_checkin_toggled.html",
                {
                    "row": row,
                    "session": session,
                    "event": event,
                    "present": Attendance.objects.filter(session=session).count(),
                },
            )
        query = request.POST.get("q", "").strip()[:100]
        url = reverse("activities:staff_checkin", args=[slug, number])
        search = f"?{urlencode({'q': query})}" if query else ""
        return redirect(f"{url}{search}#osoba-{person.pk}")
    query = request.GET.get("q", "").strip()[:100]
    rows = selectors.checkin_rows(session, query)
    return render(
        request,
        "activities/staff/checkin.html",
        {
            "event": event,
            "session": session,
            "session_label": session_label(session),
            "rows": rows,
            "query": query,
            "present": Attendance.objects.filter(session=session).count(),
        },
    )


@staff_with("activities.add_attendance")
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1: upload and preview (nothing is written). Step 2: confirm (all or nothing)."""
    event = _staff_event(slug)
    confirming = request.method == "POST" and "confirm" in request.POST
    # A confirmation carries no upload: the form stays unbound rather than "required" errors.
    form = AttendanceImportForm(
        None if confirming else request.POST or None,
        None if confirming else request.FILES or None,
        event=event,
    )
    step = attendance_import.ImportStep()
    stale_preview = confirming and not attendance_import.preview_is_current(
        request.session, event=event, token=request.POST.get("token")
    )
    if confirming and not stale_preview:
        try:
            step = attendance_import.attendance_import_confirm(
                request.session, event=event, user=request.user
            )
        except attendance_import.PreviewGone:
            raise Http404 from None
        if step.report is not None and step.report.ok:
            messages.success(
                request,
                _(
                    "Imported: %(attendances)s attendances recorded, %(created)s people added, "
                    "%(matched)s matched."
                )
                % {
                    "attendances": step.report.attendances_created,
                    "created": step.report.persons_created,
                    "matched": step.report.persons_matched,
                },
            )
            return redirect("activities:staff_event", slug=slug)
    elif request.method == "POST" and form.is_valid():
        session = get_object_or_404(Session, event=event, number=form.cleaned_data["session"])
        step = attendance_import.attendance_import_preview(
            request.session, session=session, upload=form.cleaned_data["file"], user=request.user
        )
    return render(
        request,
        "activities/staff/import.html",
        {
            "event": event,
            "form": form,
            "report": step.report,
            "file_error": step.file_error,
            "stale_preview": stale_preview,
            "token": attendance_import.preview_token(request.session),
        },
        status=400 if step.failed else 200,
    )


@staff_with("activities.add_attendance")
@require_GET
def staff_import_template(request: HttpRequest) -> HttpResponse:
    return download(attendance_import.template_workbook(), _("attendance-list.xlsx"), XLSX)


@staff_with("activities.view_registration")
@require_GET
def staff_registrations_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = _staff_event(slug)
    return download(
        spreadsheets.xlsx_book([exports.registrations_dataset(event)]),
        f"zgloszenia-{slug}.xlsx",
        XLSX,
    )


@staff_with("activities.view_attendance")
@require_GET
def staff_attendance_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = _staff_event(slug)
    return download(
        spreadsheets.xlsx_book([exports.attendance_dataset(event)]),
        f"obecnosc-{slug}.xlsx",
        XLSX,
    )


@staff_with("activities.view_registration")
@require_GET
def staff_signature_list(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    event = _staff_event(slug)
    session = get_object_or_404(Session.objects.select_related("event"), event=event, number=number)
    return download(
        pdf.signature_list_document(session), f"lista-obecnosci-{slug}-{number}.pdf", PDF
    )


@staff_with("activities.change_registration")
@require_POST
def staff_send_evaluations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _staff_event(slug)
    try:
        sent = services.evaluation_links_send(event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Evaluation links sent: %(count)s.") % {"count": sent})
    return redirect("activities:staff_event", slug=slug)


@staff_with("activities.add_certificate")
@require_POST
def staff_issue_certificates(request: HttpRequest, slug: str) -> HttpResponse:
    event = _staff_event(slug)
    run = services.certificates_issue_for_event(event=event)
    messages.success(
        request,
        _("Certificates issued: %(issued)s (already issued before: %(already)s).")
        % {"issued": run.issued, "already": run.already},
    )
    return redirect("activities:staff_event", slug=slug)

import datetime
import uuid
from pathlib import Path

import tablib
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from partnerstwa.activities import calendar as ical
from partnerstwa.activities import pdf, selectors, services
from partnerstwa.activities.attendance_import import (
    ImportFileError,
    attendance_import,
    file_to_path,
)
from partnerstwa.activities.forms import (
    AttendanceImportForm,
    EventFilterForm,
    RegistrationConfirmForm,
    RegistrationForm,
    session_label,
)
from partnerstwa.activities.models import (
    Attendance,
    Certificate,
    Event,
    EventKind,
    EventMaterial,
    Registration,
    RegistrationRequest,
    RegistrationState,
    Session,
)
from partnerstwa.lib import spreadsheets
from partnerstwa.lib.forms import add_validation_error
from partnerstwa.lib.text import parse_int
from partnerstwa.lib.tokens import LinkExpired
from partnerstwa.lib.uploads import attachment_response
from partnerstwa.portal.selectors import programme_current
from partnerstwa.registry.models import Organisation, Person

PAGE_SIZE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def consent_text() -> str:
    programme = programme_current()
    controller = programme.operator if programme else _("the association running the programme")
    return _(
        "I agree that %(controller)s processes the personal data I give in this form to handle my "
        "registration and participation in the event, to send me messages about it and to account "
        "for the programme to its funder. I can withdraw this consent at any time; see the privacy "
        "notice."
    ) % {"controller": controller}


# Public pages


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(selectors.event_list(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "activities/event_list.html",
        {"form": form, "page": page, "past": filters.past, "month": today},
    )


@require_GET
def event_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    form = EventFilterForm(request.GET or None)
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "activities/event_month.html",
        {
            "form": form,
            "month": first,
            "weeks": selectors.month_grid(year, month, form.filters()),
            "previous": previous,
            "following": following,
            "today": timezone.localdate(),
        },
    )


@require_GET
def event_month_current(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return redirect("activities:month", year=today.year, month=today.month)


def _event_or_404(slug: str) -> Event:
    try:
        return selectors.event_get(slug)
    except Event.DoesNotExist:
        raise Http404 from None


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    form = RegistrationForm(
        consent_text=consent_text(), initial={"language": request.LANGUAGE_CODE}
    )
    return _detail(request, event, form)


def _detail(request, event, form, status=200) -> HttpResponse:
    seats_left = None
    if event.capacity is not None:
        seats_left = max(event.capacity - event.seats_taken, 0)
    return render(
        request,
        "activities/event_detail.html",
        {
            "event": event,
            "form": form,
            "registration_open": event.registration_is_open(),
            "seats_left": seats_left,
            "kind_label": EventKind(event.kind).label,
        },
        status=status,
    )


@ratelimit(
    key="ip", rate=lambda group, request: settings.REGISTRATION_RATE, method="POST", block=True
)
@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    form = RegistrationForm(request.POST, consent_text=consent_text())
    if form.is_valid():
        try:
            services.registration_request(
                event_id=event.pk, email=form.cleaned_data["email"], **form.details()
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            # The same answer whether or not the address is known (the owner's mailbox learns
            # which): nobody can use this page to find out who has registered.
            messages.success(request, SENT)
            return redirect(reverse("activities:detail", args=[slug]) + "#rejestracja")
    return _detail(request, event, form, status=400)


SENT = gettext_lazy(
    "Thank you. We have sent a message to the address you gave: confirm your registration with "
    "the link in it. Your seat is booked only when you confirm. We send at most one such "
    "message an hour to an address, so if it has not arrived, check your spam folder first."
)

CONFIRMED = {
    RegistrationState.CONFIRMED: gettext_lazy("Your registration is confirmed."),
    RegistrationState.PENDING: gettext_lazy(
        "Your registration awaits the organisers' approval; we will write to you."
    ),
    RegistrationState.WAITLISTED: gettext_lazy(
        "All seats are taken, so you are on the waiting list. If a seat frees up, it goes to "
        "the first person on the list and we will write to you."
    ),
    RegistrationState.CANCELLED: gettext_lazy("This registration is cancelled."),
}


def _link_expired(request: HttpRequest, message: str) -> HttpResponse:
    """A genuine link past its lifetime: a page that says so (410 Gone), never an error."""
    return render(request, "activities/link_expired.html", {"message": message}, status=410)


@require_http_methods(["GET", "POST"])
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed by the public form: its page shows the details typed into the form as
    an editable form, since whoever typed them need not own the address; the registration is
    made with the details the owner sends. Opening it (as mail scanners do) books nothing; the
    button does. Once confirmed, the link (clicked again, or in a second tab) says so and shows
    the registration's state until it expires."""
    try:
        pending = services.registration_request_from_token(token)
    except LinkExpired:
        return _link_expired(
            request,
            _(
                "This confirmation link has expired and nothing more will be booked with it. "
                "If you still want to come and have not confirmed, register again on the "
                "event's page."
            ),
        )
    except RegistrationRequest.DoesNotExist:
        raise Http404 from None
    form = None
    if pending.confirmed_at is None:
        form = RegistrationConfirmForm(
            request.POST if request.method == "POST" else None,
            consent_text=consent_text(),
            initial=RegistrationConfirmForm.initial_from(pending),
        )
        if form.is_bound and form.is_valid():
            try:
                registration = services.registration_confirm(
                    request_id=pending.pk, **form.details()
                )
            except ValidationError as refused:
                add_validation_error(form, refused)
            else:
                messages.success(request, CONFIRMED[registration.state])
                return redirect(
                    reverse("activities:detail", args=[registration.event.slug]) + "#rejestracja"
                )
    return render(
        request,
        "activities/confirm.html",
        {"pending": pending, "registration": pending.registration, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_GET
def organisation_options(request: HttpRequest) -> HttpResponse:
    """Suggestions for the organisation field (htmx fills the field's datalist)."""
    query = request.GET.get("organisation", "").strip()[:100]
    organisations = []
    if len(query) >= 2:
        organisations = list(
            Organisation.objects.filter(name__icontains=query)
            .order_by("name")
            .values_list("name", flat=True)[:15]
        )
    return render(
        request, "activities/_organisation_options.html", {"organisations": organisations}
    )


@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = services.registration_from_cancel_token(token)
    except LinkExpired:
        return _link_expired(
            request,
            _(
                "This cancellation link has expired. If you cannot come, please write to the "
                "organisers."
            ),
        )
    except Registration.DoesNotExist:
        raise Http404 from None
    error = None
    if request.method == "POST" and registration.state != RegistrationState.CANCELLED:
        try:
            services.registration_cancel(registration_id=registration.pk, by_owner=True)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request, _("Your registration has been cancelled. Thank you for letting us know.")
            )
            return redirect("activities:cancel", token=token)
    return render(
        request,
        "activities/cancel.html",
        {
            "registration": registration,
            "cancellable": registration.can_be_cancelled_by_owner(),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_GET
def material_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    material = get_object_or_404(
        EventMaterial, pk=pk, event__slug=slug, event__in=Event.objects.published()
    )
    return attachment_response(material.file)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    events = selectors.event_feed(form.filters())
    return _ics_response(
        ical.events_calendar(events, site_url=settings.SITE_URL, name=_("Partnerstwa – events")),
        "wydarzenia.ics",
    )


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    return _ics_response(
        ical.events_calendar([event], site_url=settings.SITE_URL, name=event.title), f"{slug}.ics"
    )


@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = services.registration_from_evaluation_token(token)
    except LinkExpired:
        return _link_expired(
            request,
            _("This evaluation link has expired: the evaluation of the event is closed."),
        )
    except Registration.DoesNotExist:
        raise Http404 from None
    questions = list(registration.event.questions.all())
    already = hasattr(registration, "evaluation")
    is_open = registration.evaluation_is_open()
    errors = []
    if request.method == "POST" and not already and not is_open:
        errors = [_("The evaluation of this event is not open.")]
    elif request.method == "POST" and not already:
        ratings = {}
        for question in questions:
            value = parse_int(request.POST.get(f"q{question.pk}"), max_digits=1)
            if value is not None:
                ratings[question.pk] = value
        try:
            services.evaluation_submit(
                registration=registration,
                ratings=ratings,
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("activities:evaluation", token=token)
    return render(
        request,
        "activities/evaluation.html",
        {
            "registration": registration,
            "questions": questions,
            "already": hasattr(registration, "evaluation") or already,
            "is_open": is_open,
            "errors": errors,
            "submitted": request.POST,
            "scale": range(1, 6),
        },
        status=400 if errors else 200,
    )


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    wanted = code.strip().upper()
    certificate = None
    # Only something that could be a code reaches the database.
    if 0 < len(wanted) <= 16 and all(ch in services.CODE_ALPHABET for ch in wanted):
        certificate = (
            Certificate.objects.select_related("event", "series").filter(code=wanted).first()
        )
    checked_name = request.GET.get("nazwisko", "").strip()[:255]
    name_matches = None
    if certificate is not None and checked_name:
        name_matches = " ".join(checked_name.casefold().split()) == " ".join(
            certificate.holder_name.casefold().split()
        )
    return render(
        request,
        "activities/certificate_verify.html",
        {
            "certificate": certificate,
            "code": code,
            "checked_name": checked_name,
            "name_matches": name_matches,
        },
        status=200 if certificate else 404,
    )


def _certificate_pdf(certificate: Certificate) -> bytes:
    subject = certificate.event or certificate.series
    if certificate.event:
        when = _event_period(certificate.event)
        kind_label = str(EventKind(certificate.event.kind).label)
    else:
        dates = certificate.series.events.order_by("starts_at")
        first, last = dates.first(), dates.last()
        when = (
            f"{timezone.localtime(first.starts_at):%d.%m.%Y} – "
            f"{timezone.localtime(last.ends_at):%d.%m.%Y}"
            if first
            else ""
        )
        kind_label = _("series of events")
    programme = programme_current()
    return pdf.certificate_pdf(
        holder_name=certificate.holder_name,
        title=subject.title,
        kind_label=kind_label,
        when=when,
        issuer=programme.operator if programme else "Partnerstwa",
        code=certificate.code,
        verify_url=settings.SITE_URL
        + reverse("activities:certificate_verify", args=[certificate.code]),
        issued_on=f"{timezone.localtime(certificate.issued_at):%d.%m.%Y}",
    )


def _event_period(event: Event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return f"{start:%d.%m.%Y}"
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"


@require_GET
def certificate_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        certificate = services.certificate_from_token(token)
    except LinkExpired:
        return _link_expired(
            request,
            _(
                "This download link has expired. Write to the organisers for a new one; the "
                "certificate itself stays valid and can be verified by its code."
            ),
        )
    except Certificate.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(_certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certyfikat-{certificate.code}.pdf"'
    return response


# Staff pages: staff accounts holding the permission the page needs (personal data is in them).


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
            return render(
                request,
                "activities/staff/_checkin_row.html",
                {"row": row, "session": session, "event": event},
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


def _import_directory() -> Path:
    return Path(settings.PRIVATE_ROOT) / "attendance-imports"


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
    report = None
    file_error = None
    pending = request.session.get("attendance_import")
    stale_preview = confirming and not (
        pending
        and pending.get("event") == event.pk
        # The preview on this page, not one opened later in another tab.
        and request.POST.get("token") == pending.get("token")
    )
    if confirming and not stale_preview:
        session = get_object_or_404(Session, event=event, number=pending["session"])
        path = _import_directory() / pending["file"]
        if not path.is_file():
            raise Http404
        try:
            report = attendance_import(path, session=session, user=request.user, commit=True)
        except ImportFileError as error:
            file_error = str(error)
        if report is not None and report.ok:
            path.unlink(missing_ok=True)
            del request.session["attendance_import"]
            messages.success(
                request,
                _(
                    "Imported: %(attendances)s attendances recorded, %(created)s people added, "
                    "%(matched)s matched."
                )
                % {
                    "attendances": report.attendances_created,
                    "created": report.persons_created,
                    "matched": report.persons_matched,
                },
            )
            return redirect("activities:staff_event", slug=slug)
    elif request.method == "POST" and form.is_valid():
        session = get_object_or_404(Session, event=event, number=form.cleaned_data["session"])
        if pending:  # a new preview replaces the one not confirmed
            (_import_directory() / pending["file"]).unlink(missing_ok=True)
            del request.session["attendance_import"]
        path = file_to_path(form.cleaned_data["file"], _import_directory())
        try:
            report = attendance_import(path, session=session, user=request.user, commit=False)
        except ImportFileError as error:
            file_error = str(error)
        finally:
            # A list with personal data stays on disk only while it waits for confirmation.
            if report is None or not report.ok:
                path.unlink(missing_ok=True)
        if report is not None and report.ok:
            request.session["attendance_import"] = {
                "event": event.pk,
                "session": session.number,
                "file": path.name,
                "token": uuid.uuid4().hex,
            }
    pending = request.session.get("attendance_import")
    return render(
        request,
        "activities/staff/import.html",
        {
            "event": event,
            "form": form,
            "report": report,
            "file_error": file_error,
            "stale_preview": stale_preview,
            "token": pending["token"] if pending else "",
        },
        status=400 if file_error or (report is not None and not report.ok) else 200,
    )


@staff_with("activities.view_registration")
@require_GET
def staff_registrations_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = _staff_event(slug)
    dataset = tablib.Dataset(
        headers=[
            _("Registered at"),
            _("First name"),
            _("Last name"),
            _("E-mail"),
            _("Phone"),
            _("Organisation"),
            _("Organisation to review"),
            _("Position"),
            _("Accessibility needs"),
            _("State"),
        ],
        title=_("Registrations")[:31],
    )
    for registration in event.registrations.select_related("organisation").order_by(
        "created_at", "pk"
    ):
        dataset.append(
            [
                timezone.localtime(registration.created_at).replace(tzinfo=None),
                registration.first_name,
                registration.last_name,
                registration.email,
                registration.phone,
                registration.organisation_label,
                _("yes") if registration.needs_review else "",
                registration.position,
                registration.accessibility_needs,
                str(RegistrationState(registration.state).label),
            ]
        )
    return _xlsx(dataset, f"zgloszenia-{slug}.xlsx")


@staff_with("activities.view_attendance")
@require_GET
def staff_attendance_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = _staff_event(slug)
    sessions = list(event.sessions.order_by("number"))
    present = set(
        Attendance.objects.filter(session__event=event).values_list("person_id", "session_id")
    )
    people = (
        Person.objects.filter(attendances__session__event=event)
        .distinct()
        .order_by("last_name", "first_name")
    )
    dataset = tablib.Dataset(
        headers=[_("First name"), _("Last name"), _("E-mail")]
        + [session_label(s) for s in sessions],
        title=_("Attendance")[:31],
    )
    for person in people:
        dataset.append(
            [person.first_name, person.last_name, person.email]
            + [_("present") if (person.pk, s.pk) in present else "" for s in sessions]
        )
    return _xlsx(dataset, f"obecnosc-{slug}.xlsx")


def _xlsx(dataset: tablib.Dataset, filename: str) -> HttpResponse:
    response = HttpResponse(spreadsheets.xlsx_book([dataset]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_with("activities.view_registration")
@require_GET
def staff_signature_list(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    event = _staff_event(slug)
    session = get_object_or_404(Session, event=event, number=number)
    rows = [
        pdf.SignatureRow(
            number=index, name=f"{r.last_name} {r.first_name}", organisation=r.organisation_label
        )
        for index, r in enumerate(selectors.checkin_rows(session), start=1)
    ]
    place = session.place or ", ".join(
        part for part in [event.venue_name, event.venue_address] if part
    )
    programme = programme_current()
    content = pdf.signature_list_pdf(
        event_title=event.title,
        session_label=session_label(session),
        when=(
            f"{timezone.localtime(session.starts_at):%d.%m.%Y %H:%M} – "
            f"{timezone.localtime(session.ends_at):%H:%M}"
        ),
        place=place,
        rows=rows,
        organiser=event.organisers or (programme.operator if programme else ""),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lista-obecnosci-{slug}-{number}.pdf"'
    return response


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

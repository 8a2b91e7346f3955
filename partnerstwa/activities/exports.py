"""Staff spreadsheets of an event, as tablib datasets (lib.spreadsheets writes the XLSX)."""

from types import SimpleNamespace

import tablib
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.activities.forms import session_label
from partnerstwa.activities.models import Attendance, Event, RegistrationState
from partnerstwa.lib import illustrative
from partnerstwa.lib.collation import polish
from partnerstwa.privacy.selectors import restricted_emails
from partnerstwa.registry.models import Person


def _made_up(*records) -> str:
    """The illustrative cell of a row that is made up when any record it shows is."""
    flag = any(getattr(record, "is_illustrative", False) for record in records)
    return illustrative.cell(SimpleNamespace(is_illustrative=flag))


def _restricted_mark() -> str:
    return _("processing restricted (Art. 18 GDPR)")


def registrations_dataset(event: Event) -> tablib.Dataset:
    """Every registration; a person who restricted or objected to processing keeps the row
    (the count stays true) without their details."""
    held = restricted_emails()
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
            illustrative.COLUMN,
        ],
        title=_("Registrations")[:31],
    )
    for registration in event.registrations.select_related("organisation", "person").order_by(
        "created_at", "pk"
    ):
        details = [
            registration.first_name,
            registration.last_name,
            registration.email,
            registration.phone,
        ]
        extra = [registration.position, registration.accessibility_needs]
        if held and {registration.email.lower(), registration.person.email.lower()} & held:
            details = [_restricted_mark(), "", "", ""]
            extra = ["", ""]
        dataset.append(
            [
                timezone.localtime(registration.created_at).replace(tzinfo=None),
                *details,
                registration.organisation_label,
                _("yes") if registration.needs_review else "",
                *extra,
                str(RegistrationState(registration.state).label),
                _made_up(event, registration.person, registration.organisation),
            ]
        )
    return dataset


def attendance_dataset(event: Event) -> tablib.Dataset:
    """One row per person present at any session, one column per session, by last name in
    Polish order; a row is marked illustrative when the event, the person or any of their
    attendances is made up."""
    sessions = list(event.sessions.order_by("number"))
    present = set(
        Attendance.objects.filter(session__event=event).values_list("person_id", "session_id")
    )
    people = (
        Person.objects.filter(attendances__session__event=event)
        .distinct()
        .annotate(
            illustrative_attendance=Exists(
                Attendance.objects.filter(
                    session__event=event, person=OuterRef("pk"), is_illustrative=True
                )
            )
        )
        .order_by(polish("last_name"), polish("first_name"), "pk")
    )
    dataset = tablib.Dataset(
        headers=[_("First name"), _("Last name"), _("E-mail")]
        + [session_label(s) for s in sessions]
        + [illustrative.COLUMN],
        title=_("Attendance")[:31],
    )
    held = restricted_emails()
    for person in people:
        attendance = SimpleNamespace(is_illustrative=person.illustrative_attendance)
        names = [person.first_name, person.last_name, person.email]
        if person.email.lower() in held:
            names = [_restricted_mark(), "", ""]
        dataset.append(
            names
            + [_("present") if (person.pk, s.pk) in present else "" for s in sessions]
            + [_made_up(event, person, attendance)]
        )
    return dataset

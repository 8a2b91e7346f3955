"""Staff spreadsheets of an event, as tablib datasets (lib.spreadsheets writes the XLSX)."""

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.activities.forms import session_label
from partnerstwa.activities.models import Attendance, Event, RegistrationState
from partnerstwa.registry.models import Person


def registrations_dataset(event: Event) -> tablib.Dataset:
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
    return dataset


def attendance_dataset(event: Event) -> tablib.Dataset:
    """One row per person present at any session, one column per session."""
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
    return dataset

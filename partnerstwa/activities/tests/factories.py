import datetime
import re
from zoneinfo import ZoneInfo

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.services import event_create

WARSAW = ZoneInfo("Europe/Warsaw")
_counter = iter(range(1, 10**6))


def event(**fields):
    """A published event a week from now, open for registration, one session."""
    number = next(_counter)
    starts = fields.pop("starts_at", timezone.now().astimezone(WARSAW) + datetime.timedelta(days=7))
    defaults = {
        "title": f"Szkolenie {number}",
        "slug": f"szkolenie-{number}",
        "kind": "training",
        "starts_at": starts,
        "ends_at": fields.pop("ends_at", starts + datetime.timedelta(hours=6)),
        "status": "published",
    }
    defaults.update(fields)
    return event_create(**defaults)


def held(title: str, day: datetime.date, **fields):
    """A published event held on a past day, 10:00 to 16:00 in Warsaw, one session."""
    starts = datetime.datetime.combine(day, datetime.time(10), tzinfo=WARSAW)
    return event(
        title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=6), **fields
    )


def attend(ev, organisation, person=None):
    """Someone (a new person unless given) representing the organisation came to the event's
    session, as an attendance import records it."""
    from partnerstwa.activities.models import Attendance
    from partnerstwa.registry.tests.factories import PersonFactory

    return Attendance.objects.create(
        session=ev.sessions.get(),
        person=person or PersonFactory(),
        organisation=organisation,
        method="import",
    )


def register(event, number: int = 0, **fields):
    from partnerstwa.activities.services import registration_create

    data = {
        "event_id": event.pk,
        "first_name": "Anna",
        "last_name": f"Nowak{number}",
        "email": f"anna.nowak{number}@example.org",
        "consent_text": "Zgoda",
    }
    data.update(fields)
    return registration_create(**data)


def register_through_the_form(client, event, data: dict, capture_on_commit):
    """What a visitor does: send the public form, then confirm with the link mailed to them.
    Returns the form's response."""
    with capture_on_commit(execute=True):
        response = client.post(reverse("activities:register", args=[event.slug]), data)
    assert response.status_code == 302, response.status_code
    message = [m for m in mail.outbox if m.to == [data["email"].strip()]][-1]
    path = re.search(r"https?://[^/\s]+(/wydarzenia/potwierdzenie/\S+/)", message.body).group(1)
    with capture_on_commit(execute=True):
        client.post(path, confirmation(client.get(path).context["pending"]))
    return response


def confirmation(request, **changes) -> dict:
    """What the owner sends from the confirmation page: the details prefilled from the request
    (RegistrationRequest), with any changes, and their consent."""
    from partnerstwa.activities.forms import RegistrationConfirmForm

    return {**RegistrationConfirmForm.initial_from(request), "consent": "on", **changes}

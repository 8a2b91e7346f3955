import datetime
from zoneinfo import ZoneInfo

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

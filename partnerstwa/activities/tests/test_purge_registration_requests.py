"""purge_registration_requests: what the public forms keep goes once it no longer serves
(review of issue 9, finding 3): requests whose confirmation link has expired, confirmed or not,
and throttle marks older than the interval. Running it again deletes nothing more."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.links import CONFIRM_LINK, confirm_token
from partnerstwa.activities.models import MailThrottle, Registration, RegistrationRequest
from partnerstwa.activities.services import MAIL_INTERVAL
from partnerstwa.activities.tests.factories import event, register

pytestmark = pytest.mark.django_db


def request(training, age: datetime.timedelta, **fields) -> RegistrationRequest:
    return RegistrationRequest.objects.create(
        event=training,
        first_name="Jan",
        last_name="Kowalski",
        email="jan@example.org",
        consent_text="Zgoda",
        created_at=timezone.now() - age,
        **fields,
    )


def purge() -> str:
    out = StringIO()
    call_command("purge_registration_requests", stdout=out)
    return out.getvalue()


def test_the_purge_deletes_expired_requests_and_old_marks_and_nothing_else():
    training = event()
    registration = register(training, 1)
    minute = datetime.timedelta(minutes=1)
    expired = CONFIRM_LINK.lifetime + minute
    fresh = CONFIRM_LINK.lifetime - minute
    kept = {
        request(training, fresh).pk,
        request(training, fresh, confirmed_at=timezone.now(), registration=registration).pk,
    }
    request(training, expired)
    request(training, expired, confirmed_at=timezone.now(), registration=registration)
    now = timezone.now()
    MailThrottle.objects.create(address_key="a" * 64, mailed_at=now - MAIL_INTERVAL - minute)
    MailThrottle.objects.create(address_key="b" * 64, mailed_at=now - MAIL_INTERVAL + minute)

    assert purge() == (
        "Usunięto zgłoszenia z wygasłym linkiem: 2, stare znaczniki limitu wiadomości: 1.\n"
    )
    assert set(RegistrationRequest.objects.values_list("pk", flat=True)) == kept
    assert list(MailThrottle.objects.values_list("address_key", flat=True)) == ["b" * 64]
    registration.refresh_from_db()  # a request's registration is never touched

    assert purge() == (
        "Usunięto zgłoszenia z wygasłym linkiem: 0, stare znaczniki limitu wiadomości: 0.\n"
    )
    assert set(RegistrationRequest.objects.values_list("pk", flat=True)) == kept


def test_a_confirmation_link_whose_request_was_purged_says_it_has_expired(client):
    """Purging removes only requests past the link's lifetime, so a genuine link naming a
    missing request has expired (410 with its page), even if the mail went out late."""
    training = event()
    late = request(training, CONFIRM_LINK.lifetime + datetime.timedelta(minutes=1))
    url = reverse("activities:confirm", args=[confirm_token(late)])
    assert client.get(url).status_code == 410  # signed just now, but the request is too old
    purge()
    response = client.post(url)
    assert response.status_code == 410
    assert "wygasł" in response.content.decode()
    assert not Registration.objects.exists()

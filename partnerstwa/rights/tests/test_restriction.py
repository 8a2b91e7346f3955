import pytest
from django.core import mail
from django.urls import reverse

from partnerstwa.activities import exports
from partnerstwa.lib.mail import send_once
from partnerstwa.newsletter.models import Subscriber, SubscriberStatus
from partnerstwa.privacy.models import Restriction
from partnerstwa.rights.models import DataSubjectRequest
from partnerstwa.rights.tests.factories import EMAIL, ask, confirm, person_everywhere

pytestmark = pytest.mark.django_db


def test_a_restricted_person_is_mailed_nothing_and_left_out_of_exports_until_lifted(
    client, django_capture_on_commit_callbacks
):
    registration = person_everywhere()
    ask(client, django_capture_on_commit_callbacks, kind="restriction")
    confirm(client, django_capture_on_commit_callbacks)
    assert Restriction.objects.filter(email=EMAIL, lifted_at__isnull=True).exists()
    mail.outbox.clear()
    assert send_once("task-1", "Temat", "Treść", [EMAIL]) is False
    assert mail.outbox == []
    rows = exports.registrations_dataset(registration.event).dict
    assert len(rows) == 1  # still counted
    assert EMAIL not in str(rows) and "Wróbel" not in str(rows)
    attendance = exports.attendance_dataset(registration.event).dict
    assert len(attendance) == 1 and "Wróbel" not in str(attendance)
    # Staff refuse the restriction: its effect ends.
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin", password="haslo-admina-1")
    client.force_login(admin)
    subject_request = DataSubjectRequest.objects.get(kind="restriction")
    client.post(
        reverse("rights:staff_close", args=[subject_request.pk]),
        {"outcome": "Dane są prawidłowe.", "refuse": "1"},
    )
    assert not Restriction.objects.filter(email=EMAIL, lifted_at__isnull=True).exists()
    assert send_once("task-2", "Temat", "Treść", [EMAIL]) is True
    assert "Wróbel" in str(exports.registrations_dataset(registration.event).dict)


def test_an_objection_stops_mail_at_once(client, django_capture_on_commit_callbacks):
    person_everywhere()
    ask(client, django_capture_on_commit_callbacks, kind="objection", details="Nie chcę.")
    confirm(client, django_capture_on_commit_callbacks)
    assert Restriction.objects.get(email=EMAIL).kind == "objection"
    assert send_once("task-3", "Temat", "Treść", [EMAIL]) is False


def test_withdrawing_consent_ends_the_subscription_at_once(
    client, django_capture_on_commit_callbacks
):
    person_everywhere()
    ask(client, django_capture_on_commit_callbacks, kind="withdrawal")
    confirm(client, django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get(email=EMAIL)
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert not subscriber.consents.filter(withdrawn_at__isnull=True).exists()
    assert DataSubjectRequest.objects.get().state == "done"

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.models import Registration
from partnerstwa.contests.models import Application
from partnerstwa.registry.models import Person
from partnerstwa.rights.models import DataSubjectRequest, RequestState, RequestStep
from partnerstwa.rights.services import add_months
from partnerstwa.rights.tests.factories import EMAIL, ask, confirm, person_everywhere

pytestmark = pytest.mark.django_db


def _staff(client, *codenames):
    user = get_user_model().objects.create_user("rodo", password="haslo-rodo-1", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="rights", codename__in=codenames)
    )
    client.force_login(user)
    return user


def _confirmed(client, capture, kind: str, details: str = "") -> DataSubjectRequest:
    ask(client, capture, kind=kind, details=details)
    confirm(client, capture)
    return DataSubjectRequest.objects.get(kind=kind)


def test_the_queue_is_for_staff_with_the_permission_only(client):
    assert client.get(reverse("rights:staff_queue")).status_code == 302  # to sign in
    _staff(client)
    assert client.get(reverse("rights:staff_queue")).status_code == 403


def test_every_action_checks_its_own_permission_and_the_request_state(
    client, django_capture_on_commit_callbacks
):
    subject_request = _confirmed(client, django_capture_on_commit_callbacks, "rectification")
    client.logout()
    _staff(client, "view_datasubjectrequest")
    assert client.get(reverse("rights:staff_detail", args=[subject_request.pk])).status_code == 200
    for name in ("staff_extend", "staff_rectify", "staff_erase", "staff_close"):
        url = reverse("rights:" + name, args=[subject_request.pk])
        assert client.post(url, {"reason": "x", "outcome": "x"}).status_code == 403, name
    assert RequestStep.objects.filter(actor__isnull=False).count() == 0
    unverified = DataSubjectRequest.objects.create(
        email="x@example.org", kind="access", created_at=timezone.now()
    )
    assert client.get(reverse("rights:staff_detail", args=[unverified.pk])).status_code == 404


def test_the_deadline_is_a_month_and_extends_once_by_two_months_with_the_reason_told(
    client, django_capture_on_commit_callbacks
):
    subject_request = _confirmed(client, django_capture_on_commit_callbacks, "erasure")
    today = timezone.localdate()
    assert subject_request.due_on == add_months(today, 1)
    user = _staff(client, "view_datasubjectrequest", "change_datasubjectrequest")
    mail.outbox.clear()
    url = reverse("rights:staff_extend", args=[subject_request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Dane w archiwum papierowym projektu."})
    subject_request.refresh_from_db()
    assert subject_request.due_on == add_months(today, 3)
    [message] = mail.outbox
    assert message.to == [EMAIL] and "Dane w archiwum papierowym projektu." in message.body
    client.post(url, {"reason": "Jeszcze raz"})
    subject_request.refresh_from_db()
    assert subject_request.due_on == add_months(today, 3)
    step = RequestStep.objects.get(action="extended")
    assert (step.actor, step.detail) == (user, "Dane w archiwum papierowym projektu.")
    queue = client.get(reverse("rights:staff_queue")).content.decode()
    assert str(subject_request) in queue


def test_an_overdue_request_is_marked_in_the_queue(client, django_capture_on_commit_callbacks):
    subject_request = _confirmed(client, django_capture_on_commit_callbacks, "erasure")
    DataSubjectRequest.objects.filter(pk=subject_request.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    _staff(client, "view_datasubjectrequest")
    assert "overdue" in client.get(reverse("rights:staff_queue")).content.decode() or (
        "po terminie" in client.get(reverse("rights:staff_queue")).content.decode()
    )


def test_rectification_reaches_every_app_holding_the_person_and_is_logged(
    client, django_capture_on_commit_callbacks
):
    person_everywhere()
    subject_request = _confirmed(
        client, django_capture_on_commit_callbacks, "rectification", "Nazywam się Wróblewska."
    )
    user = _staff(client, "view_datasubjectrequest", "change_datasubjectrequest")
    client.post(
        reverse("rights:staff_rectify", args=[subject_request.pk]),
        {"last_name": "Wróblewska", "phone": "+48 600 000 001"},
    )
    assert Person.objects.get(email=EMAIL).last_name == "Wróblewska"
    registration = Registration.objects.get(email=EMAIL)
    assert (registration.last_name, registration.phone) == ("Wróblewska", "+48 600 000 001")
    assert Application.objects.get(contact_email=EMAIL).contact_name == "Zofia Wróblewska"
    step = RequestStep.objects.get(action="rectified")
    assert step.actor == user and "activities.Registration: 1" in step.detail
    assert "Wróblewska" not in step.detail  # the log says what changed, not to what


def test_closing_answers_the_person_and_logs_who(client, django_capture_on_commit_callbacks):
    subject_request = _confirmed(client, django_capture_on_commit_callbacks, "rectification")
    user = _staff(client, "view_datasubjectrequest", "change_datasubjectrequest")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("rights:staff_close", args=[subject_request.pk]),
            {"outcome": "Poprawiliśmy nazwisko."},
        )
    subject_request.refresh_from_db()
    assert subject_request.state == RequestState.DONE
    assert "Poprawiliśmy nazwisko." in mail.outbox[0].body
    assert RequestStep.objects.get(action="done").actor == user

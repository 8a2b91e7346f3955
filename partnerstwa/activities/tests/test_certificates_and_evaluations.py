import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.links import certificate_token, evaluation_token
from partnerstwa.activities.models import Attendance, Certificate, EventSeries, Session
from partnerstwa.activities.services import (
    certificates_issue_for_event,
    certificates_issue_for_series,
    evaluation_links_send,
)
from partnerstwa.activities.tests.factories import event, register

pytestmark = pytest.mark.django_db


def attend(registration, *sessions):
    for session in sessions:
        Attendance.objects.create(session=session, person=registration.person, method="check_in")


def two_day_training(**fields):
    training = event(**fields)
    first = training.sessions.get()
    second = Session.objects.create(
        event=training,
        number=2,
        starts_at=first.starts_at + datetime.timedelta(days=1),
        ends_at=first.ends_at + datetime.timedelta(days=1),
    )
    return training, first, second


def test_an_event_certificate_goes_to_those_present_at_every_session(
    django_capture_on_commit_callbacks,
):
    training, first, second = two_day_training()
    full = register(training, 1)
    half = register(training, 2)
    attend(full, first, second)
    attend(half, first)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = certificates_issue_for_event(event=training)
    assert run.issued == 1
    certificate = Certificate.objects.get()
    assert certificate.person == full.person and certificate.holder_name == "Anna Nowak1"
    assert len(certificate.code) == 10
    assert [message.to for message in mail.outbox] == [[full.email]]
    assert "/certyfikaty/pobierz/" in mail.outbox[0].body
    assert certificates_issue_for_event(event=training).issued == 0  # issuing again adds none


def test_a_series_certificate_needs_the_required_share_of_sessions():
    series = EventSeries.objects.create(
        title="Warsztaty strategiczne", slug="ws", required_attendance_share=Decimal("0.75")
    )
    meetings = [event(series=series, series_number=n) for n in range(1, 5)]
    sessions = [meeting.sessions.get() for meeting in meetings]
    regular = register(meetings[0], 1)
    occasional = register(meetings[0], 2)
    attend(regular, *sessions[:3])  # 3 of 4 = 75 %
    attend(occasional, *sessions[:2])  # 2 of 4 = 50 %
    run = certificates_issue_for_series(series=series)
    assert run.issued == 1
    assert Certificate.objects.get().person == regular.person


def test_the_verification_page_confirms_a_code_without_showing_the_name(client):
    training = event(title="Szkolenie z zamówień")
    registration = register(training, 1)
    attend(registration, training.sessions.get())
    certificates_issue_for_event(event=training)
    certificate = Certificate.objects.get()
    url = reverse("activities:certificate_verify", args=[certificate.code])

    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Szkolenie z zamówień" in content and "Nowak1" not in content
    assert "zgadza się" in client.get(url, {"nazwisko": " anna  NOWAK1 "}).content.decode()
    assert "nie zgadza się" in client.get(url, {"nazwisko": "Jan Nowak"}).content.decode()
    assert (
        client.get(reverse("activities:certificate_verify", args=["XXXXXXXXXX"])).status_code == 404
    )


def test_the_certificate_pdf_is_downloaded_with_the_holders_link_only(client):
    training = event()
    registration = register(training, 1)
    attend(registration, training.sessions.get())
    certificates_issue_for_event(event=training)
    certificate = Certificate.objects.get()
    response = client.get(
        reverse("activities:certificate_pdf", args=[certificate_token(certificate)])
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        client.get(reverse("activities:certificate_pdf", args=[certificate.code])).status_code
        == 404
    )


def test_evaluation_links_go_out_after_the_event_and_work_once(
    client, django_capture_on_commit_callbacks
):
    now = timezone.now()
    workshop = event(
        starts_at=now - datetime.timedelta(days=2), ends_at=now - datetime.timedelta(days=1)
    )
    upcoming = event()
    with pytest.raises(ValidationError):
        evaluation_links_send(event=upcoming)
    registration = register_past(workshop, sent=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluation_links_send(event=workshop) == 1
    assert evaluation_links_send(event=workshop) == 0  # nobody gets it twice
    assert "/ewaluacja/" in mail.outbox[0].body

    url = reverse("activities:evaluation", args=[evaluation_token(registration)])
    questions = list(workshop.questions.all())
    answers = {f"q{question.pk}": str(5 - index % 2) for index, question in enumerate(questions)}
    assert client.post(url, {**answers, "comment": "Bardzo dobre"}).status_code == 302
    assert client.post(url, {**answers, "comment": "Drugi raz"}).status_code == 200
    assert (
        registration.__class__.objects.get(pk=registration.pk).evaluation.comment == "Bardzo dobre"
    )


def test_an_incomplete_evaluation_is_refused(client):
    now = timezone.now()
    workshop = event(
        starts_at=now - datetime.timedelta(days=2), ends_at=now - datetime.timedelta(days=1)
    )
    registration = register_past(workshop)
    url = reverse("activities:evaluation", args=[evaluation_token(registration)])
    first = workshop.questions.first()
    response = client.post(url, {f"q{first.pk}": "5"})
    assert response.status_code == 400
    assert not hasattr(registration.__class__.objects.get(pk=registration.pk), "evaluation")
    assert client.get(reverse("activities:evaluation", args=["zly-token"])).status_code == 404


def test_staff_see_the_mean_of_each_question_and_its_distribution(client, admin_client):
    now = timezone.now()
    workshop = event(
        starts_at=now - datetime.timedelta(days=2), ends_at=now - datetime.timedelta(days=1)
    )
    questions = list(workshop.questions.all())
    for number, rating in enumerate([5, 4, 4], start=1):
        registration = register_past(workshop, number)
        client.post(
            reverse("activities:evaluation", args=[evaluation_token(registration)]),
            {f"q{question.pk}": str(rating) for question in questions},
        )
    response = admin_client.get(reverse("activities:staff_event", args=[workshop.slug]))
    first = response.context["results"][0]
    assert (first.answers, first.average, first.distribution) == (3, 4.33, [0, 0, 0, 2, 1])
    assert response.context["respondents"] == 3


def register_past(past_event, number: int = 1, *, sent: bool = True):
    """A confirmed registration for an event that has already happened, its evaluation link
    sent."""
    from partnerstwa.activities.models import Registration
    from partnerstwa.registry.tests.factories import PersonFactory

    person = PersonFactory(email=f"uczestnik{number}@example.org")
    return Registration.objects.create(
        event=past_event,
        person=person,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        state="confirmed",
        consent_text="Zgoda",
        consent_given_at=timezone.now(),
        evaluation_sent_at=timezone.now() if sent else None,
    )

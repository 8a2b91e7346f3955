"""Issue 9 ("Hardening"), the activities part: each test names the finding it reproduces."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities import tasks
from partnerstwa.activities.models import (
    Attendance,
    Certificate,
    EvaluationResponse,
    Registration,
    RegistrationRequest,
)
from partnerstwa.activities.services import (
    CANCEL_LINK,
    CERTIFICATE_LINK,
    CONFIRM_LINK,
    EVALUATION_LINK,
    cancel_token,
    certificate_token,
    certificates_issue_for_event,
    confirm_token,
    evaluation_links_send,
    evaluation_token,
    event_create,
    registration_approve,
    registration_cancel,
    registration_request,
)
from partnerstwa.activities.tests.factories import WARSAW, event, register
from partnerstwa.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Anna",
    "last_name": "Nowak",
    "email": "anna@example.org",
    "language": "pl",
    "consent": "on",
}


def seats_line(client, training) -> str:
    page = client.get(reverse("activities:detail", args=[training.slug])).content.decode()
    return re.search(r"\d+ łącznie, \d+ wolnych", page).group(0)


@pytest.fixture
def post_form(client, django_capture_on_commit_callbacks):
    """Send the public form as a visitor does; the mail queued on commit goes out."""

    def post(training, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("activities:register", args=[training.slug]),
                {**FORM, **fields},
                follow=True,
            )

    return post


def main_part(response) -> str:
    return response.content.decode().split("<main", 1)[1]


def page_answer(response) -> tuple:
    return (
        response.status_code,
        response.redirect_chain,
        [str(message) for message in response.context["messages"]],
    )


def link_in(message, path: str) -> str:
    return re.search(rf"https?://\S+{path}\S+/", message.body).group(0)


# Finding 3: the public form answers alike for a known and a new address


def test_finding_3_the_seat_counter_reads_the_same_after_a_known_and_a_new_address(
    client, post_form
):
    training = event(capacity=26)
    register(training, 1, email="known@example.org")
    before = seats_line(client, training)

    known = post_form(training, email="known@example.org")
    after_known = seats_line(client, training)
    new = post_form(training, email="new@example.org")
    after_new = seats_line(client, training)

    assert before == after_known == after_new == "26 łącznie, 25 wolnych"
    assert page_answer(known) == page_answer(new)
    assert Registration.objects.count() == 1


def test_finding_3_a_seat_is_taken_only_when_the_address_owner_confirms(
    client, post_form, django_capture_on_commit_callbacks
):
    training = event(capacity=26)
    post_form(training, email="new@example.org")
    assert Registration.objects.count() == 0
    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    confirm_url = link_in(message, "/wydarzenia/potwierdzenie/")

    assert client.get(confirm_url).status_code == 200
    assert Registration.objects.count() == 0  # a mail scanner opening the link books nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url, follow=True)
    assert response.status_code == 200
    assert "Zgłoszenie potwierdzone" in main_part(response)
    registration = Registration.objects.get()
    assert (registration.email, registration.state) == ("new@example.org", "confirmed")
    assert [m.subject for m in mail.outbox[1:]] == [f"Rejestracja potwierdzona: {training.title}"]
    assert seats_line(client, training) == "26 łącznie, 25 wolnych"
    assert client.post(confirm_url).status_code == 404  # the link works once


def test_finding_3_an_address_gets_at_most_one_message_an_hour_from_the_public_form(post_form):
    from partnerstwa.activities.models import MailThrottle

    first = event(capacity=26)
    second = event()
    register(first, 1, email="known@example.org")
    mail.outbox.clear()

    for training in (first, first, second):
        post_form(training, email="KNOWN@example.org ")
        post_form(training, email="stranger@example.org")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "known@example.org",
        "stranger@example.org",
    ]

    MailThrottle.objects.update(mailed_at=timezone.now() - datetime.timedelta(minutes=61))
    post_form(first, email="known@example.org")
    post_form(first, email="stranger@example.org")
    assert len(mail.outbox) == 4


# Finding 5: signed links expire with a clear page, and the record's state is checked


def expired(kind, pk: int) -> str:
    then = time.time() - kind.lifetime.total_seconds() - 3600
    with mock.patch("django.core.signing.time.time", return_value=then):
        return kind.token(pk)


def test_finding_5_an_expired_link_answers_with_a_translated_page_not_an_error(client):
    training = event()
    registration = register(training, 1)
    Attendance.objects.create(
        session=training.sessions.get(), person=registration.person, method="check_in"
    )
    certificates_issue_for_event(event=training)
    certificate = Certificate.objects.get()
    registration_request(
        event_id=training.pk,
        first_name="Jan",
        last_name="Kowalski",
        email="jan@example.org",
        consent_text="Zgoda",
    )
    pending = RegistrationRequest.objects.get()
    for name, kind, pk in [
        ("confirm", CONFIRM_LINK, pending.pk),
        ("cancel", CANCEL_LINK, registration.pk),
        ("evaluation", EVALUATION_LINK, registration.pk),
        ("certificate_pdf", CERTIFICATE_LINK, certificate.pk),
    ]:
        url = reverse(f"activities:{name}", args=[expired(kind, pk)])
        for response in (client.get(url), client.post(url)):
            assert response.status_code in (405, 410), name
        page = client.get(url)
        assert page.status_code == 410
        assert "wygasł" in page.content.decode()
    registration.refresh_from_db()
    assert registration.state == "confirmed"
    assert Registration.objects.count() == 1


def test_finding_5_a_confirmation_after_registration_closed_books_nothing(client):
    training = event()
    registration_request(
        event_id=training.pk,
        first_name="Jan",
        last_name="Kowalski",
        email="jan@example.org",
        consent_text="Zgoda",
    )
    url = reverse("activities:confirm", args=[confirm_token(RegistrationRequest.objects.get())])
    type(training).objects.filter(pk=training.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(url)
    assert response.status_code == 400
    assert "Rejestracja na to wydarzenie jest zamknięta" in main_part(response)
    assert not Registration.objects.exists()


def past_registration(*, ended: bool = True, sent: bool = True) -> Registration:
    now = timezone.now()
    starts = now - datetime.timedelta(days=2) if ended else now + datetime.timedelta(days=2)
    training = event(starts_at=starts, ends_at=starts + datetime.timedelta(hours=6))
    person = PersonFactory(email="uczestniczka@example.org")
    return Registration.objects.create(
        event=training,
        person=person,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        state="confirmed",
        consent_text="Zgoda",
        consent_given_at=now,
        evaluation_sent_at=now if sent else None,
    )


def answers(registration) -> dict:
    return {f"q{question.pk}": "4" for question in registration.event.questions.all()}


@pytest.mark.parametrize(
    ("ended", "sent"), [(False, False), (True, False)], ids=["before-the-end", "link-never-sent"]
)
def test_finding_5_an_evaluation_is_refused_until_the_event_ended_and_its_link_was_sent(
    client, ended, sent
):
    registration = past_registration(ended=ended, sent=sent)
    url = reverse("activities:evaluation", args=[evaluation_token(registration)])
    assert "<form" not in main_part(client.get(url))
    assert client.post(url, answers(registration)).status_code == 400
    assert not EvaluationResponse.objects.exists()


def test_finding_5_an_evaluation_is_taken_once_the_event_ended_and_its_link_was_sent(client):
    registration = past_registration()
    url = reverse("activities:evaluation", args=[evaluation_token(registration)])
    assert client.post(url, answers(registration)).status_code == 302
    assert EvaluationResponse.objects.get().registration == registration


def test_finding_5_a_cancel_link_does_nothing_once_the_event_has_started(client):
    now = timezone.now()
    training = event(capacity=1)
    registration = register(training, 1)
    waiting = register(training, 2)
    type(training).objects.filter(pk=training.pk).update(
        starts_at=now - datetime.timedelta(hours=1)
    )
    url = reverse("activities:cancel", args=[cancel_token(registration)])
    assert "<form" not in main_part(client.get(url))
    assert client.post(url).status_code == 400
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.state, waiting.state) == ("confirmed", "waitlisted")


def test_finding_5_every_link_kind_has_a_lifetime_suited_to_its_use():
    assert CONFIRM_LINK.lifetime == datetime.timedelta(days=2)
    assert CANCEL_LINK.lifetime == datetime.timedelta(days=365)
    assert EVALUATION_LINK.lifetime == datetime.timedelta(days=30)
    assert CERTIFICATE_LINK.lifetime == datetime.timedelta(days=730)
    assert len({CONFIRM_LINK.salt, CANCEL_LINK.salt, EVALUATION_LINK.salt}) == 3


# Finding 10: a message describes the state that caused it, or is not sent


def test_finding_10_a_registration_cancelled_before_its_mail_went_out_is_not_told_it_waits(
    django_capture_on_commit_callbacks,
):
    training = event(title="Warsztat", capacity=1)
    register(training, 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        waiting = register(training, 2)
        assert waiting.state == "waitlisted"
        registration_cancel(registration_id=waiting.pk)
    for callback in pending:
        callback()
    assert [message.subject for message in mail.outbox] == ["Zgłoszenie anulowane: Warsztat"]


@pytest.mark.parametrize(
    "kind",
    [
        tasks.RECEIVED,
        tasks.CONFIRMED,
        tasks.PROMOTED,
        tasks.REMINDER,
        tasks.EVALUATION,
    ],
)
def test_finding_10_no_message_goes_out_about_a_state_the_registration_has_left(kind):
    registration = past_registration()
    registration_cancel(registration_id=registration.pk)
    mail.outbox.clear()
    tasks.send_registration_email.enqueue(registration.pk, kind)
    assert mail.outbox == []


def test_finding_10_a_cancellation_message_goes_out_only_for_a_cancelled_registration():
    training = event()
    registration = register(training, 1)
    mail.outbox.clear()
    tasks.send_registration_email.enqueue(registration.pk, tasks.CANCELLED)
    assert mail.outbox == []


def test_finding_10_an_approval_message_needs_a_confirmed_registration(
    django_capture_on_commit_callbacks,
):
    training = event(title="Warsztat", requires_approval=True)
    pending = register(training, 1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration_approve(registration_id=pending.pk)
        registration_cancel(registration_id=pending.pk)
    for callback in callbacks:
        callback()
    assert [message.subject for message in mail.outbox] == ["Zgłoszenie anulowane: Warsztat"]


def test_finding_10_evaluation_links_still_reach_those_confirmed_once_the_event_ended(
    django_capture_on_commit_callbacks,
):
    registration = past_registration(sent=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluation_links_send(event=registration.event) == 1
    assert [message.to for message in mail.outbox] == [[registration.email]]


# Finding 9: bounds on what activities keep


def test_finding_9_the_registration_form_refuses_line_breaks_in_names(client):
    training = event()
    for field in ("first_name", "last_name", "phone", "organisation", "position"):
        response = client.post(
            reverse("activities:register", args=[training.slug]),
            {**FORM, "first_name": "Anna", field: "Anna\r\nBcc: ofiara@example.org"},
        )
        assert response.status_code == 400, field
        assert response.context["form"].errors[field], field
    assert mail.outbox == []
    assert not Registration.objects.exists()


def test_finding_9_events_keep_only_plausible_values():
    start = datetime.datetime(2027, 5, 10, 9, 0, tzinfo=WARSAW)
    valid = {"slug": "w", "kind": "training", "starts_at": start, "ends_at": start}
    cases = {
        "title": {"title": "Szkolenie\r\nBcc: x"},
        "description": {"title": "S", "description": "x" * 20_001},
        "online_url": {"title": "S", "online_url": "javascript:alert(1)"},
        "venue_name": {"title": "S", "venue_name": "Sala\n2"},
        "starts_at": {
            "title": "S",
            "starts_at": datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
        },
        "ends_at": {
            "title": "S",
            "ends_at": datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC),
        },
    }
    for field, values in cases.items():
        with pytest.raises(ValidationError) as error:
            event_create(**{**valid, **values})
        assert field in error.value.message_dict, field


def test_finding_9_a_name_with_a_line_break_never_reaches_a_mail(
    django_capture_on_commit_callbacks,
):
    training = event(title="Warsztat")
    registration = register(training, 1)
    Registration.objects.filter(pk=registration.pk).update(first_name="Anna\r\nBcc: x@example.org")
    type(training).objects.filter(pk=training.pk).update(title="Warsztat\nBcc: y@example.org")
    mail.outbox.clear()
    tasks.send_registration_email.enqueue(registration.pk, tasks.REMINDER)
    (message,) = mail.outbox
    assert not re.search(r"^Bcc:", message.body, re.MULTILINE)
    assert "\n" not in message.subject and "\r" not in message.subject
    Attendance.objects.create(
        session=training.sessions.get(), person=registration.person, method="check_in"
    )
    with django_capture_on_commit_callbacks(execute=True):
        certificates_issue_for_event(event=training)
    certificate = Certificate.objects.get()
    Certificate.objects.filter(pk=certificate.pk).update(holder_name="Anna\nBcc: z@example.org")
    mail.outbox.clear()
    tasks.send_certificate_email.enqueue(certificate.pk)
    (message,) = mail.outbox
    assert not re.search(r"^Bcc:", message.body, re.MULTILINE)
    assert certificate_token(certificate)

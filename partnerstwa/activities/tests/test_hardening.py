"""Issue 9 ("Hardening"), the activities part: each test names the finding it reproduces."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities import tasks
from partnerstwa.activities.links import (
    CANCEL_LINK,
    CERTIFICATE_LINK,
    CONFIRM_LINK,
    EVALUATION_LINK,
    cancel_token,
    certificate_token,
    confirm_token,
    evaluation_token,
)
from partnerstwa.activities.models import (
    Attendance,
    Certificate,
    EvaluationResponse,
    Registration,
    RegistrationRequest,
)
from partnerstwa.activities.services import (
    certificates_issue_for_event,
    evaluation_links_send,
    event_create,
    registration_approve,
    registration_cancel,
    registration_request,
)
from partnerstwa.activities.tests.factories import WARSAW, confirmation, event, register
from partnerstwa.lib.tests.links import expired, signed_ago
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
    found = re.search(
        r"Liczba miejsc</dt><dd>(\d+)</dd></div><div><dt>Wolne miejsca</dt><dd>(\d+)<", page
    )
    return f"{found.group(1)} in all, {found.group(2)} free"


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


def confirm(client, url: str, **kwargs):
    """Press the button on a confirmation page with the details it shows."""
    return client.post(url, confirmation(client.get(url).context["pending"]), **kwargs)


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

    assert before == after_known == after_new == "26 in all, 25 free"
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
        response = confirm(client, confirm_url, follow=True)
    assert response.status_code == 200
    assert "Zgłoszenie potwierdzone" in main_part(response)
    registration = Registration.objects.get()
    assert (registration.email, registration.state) == ("new@example.org", "confirmed")
    assert [m.subject for m in mail.outbox[1:]] == [f"Zgłoszenie potwierdzone: {training.title}"]
    assert seats_line(client, training) == "26 in all, 25 free"


def test_finding_3_a_confirmation_link_clicked_again_says_the_registration_is_confirmed(
    client, post_form, django_capture_on_commit_callbacks
):
    """Review of finding 3: the second click (or a second tab) answers with the registration's
    state, not 404, and books nothing more."""
    training = event(capacity=1)
    register(training, 1)
    post_form(training, email="new@example.org")
    confirm_url = link_in(mail.outbox[-1], "/wydarzenia/potwierdzenie/")
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, confirm_url)
    mail.outbox.clear()

    for response in (client.get(confirm_url), client.post(confirm_url)):
        assert response.status_code == 200
        page = main_part(response)
        assert "To zgłoszenie zostało już potwierdzone." in page
        assert "Stan zgłoszenia: na liście rezerwowej." in page
        assert "<form" not in page
    assert Registration.objects.filter(email="new@example.org").count() == 1
    assert mail.outbox == []

    registration_cancel(registration_id=Registration.objects.get(email="new@example.org").pk)
    assert "Stan zgłoszenia: anulowane." in main_part(client.get(confirm_url))


def test_finding_3_an_address_gets_at_most_one_message_an_hour_per_event_from_the_public_form(
    post_form,
):
    from partnerstwa.activities.models import MailThrottle

    first = event(capacity=26)
    second = event()
    register(first, 1, email="known@example.org")
    mail.outbox.clear()

    for training in (first, first, second, second):
        post_form(training, email="KNOWN@example.org ")
        post_form(training, email="stranger@example.org")
    assert sorted((message.to[0].lower(), message.subject) for message in mail.outbox) == sorted(
        [
            ("known@example.org", f"Ten adres jest już zgłoszony: {first.title}"),
            ("known@example.org", f"Zgłoszenie do potwierdzenia: {second.title}"),
            ("stranger@example.org", f"Zgłoszenie do potwierdzenia: {first.title}"),
            ("stranger@example.org", f"Zgłoszenie do potwierdzenia: {second.title}"),
        ]
    )

    MailThrottle.objects.update(mailed_at=timezone.now() - datetime.timedelta(minutes=61))
    post_form(first, email="known@example.org")
    post_form(first, email="stranger@example.org")
    assert len(mail.outbox) == 6


def test_finding_3_registering_for_a_second_event_within_the_hour_gets_its_link_and_its_seat(
    client, post_form, django_capture_on_commit_callbacks
):
    """Review of finding 3: the throttle is per address and event, so a person registering for
    event A and then B gets B's link, not silence behind "check your spam folder"."""
    first, second = event(title="Warsztat A"), event(title="Warsztat B")
    post_form(first, email="anna@example.org")
    post_form(second, email="anna@example.org")
    assert [message.subject for message in mail.outbox] == [
        "Zgłoszenie do potwierdzenia: Warsztat A",
        "Zgłoszenie do potwierdzenia: Warsztat B",
    ]
    for message in list(mail.outbox):
        with django_capture_on_commit_callbacks(execute=True):
            confirm(client, link_in(message, "/wydarzenia/potwierdzenie/"))
    assert sorted(
        Registration.objects.filter(email="anna@example.org").values_list("event__title", "state")
    ) == [("Warsztat A", "confirmed"), ("Warsztat B", "confirmed")]


# Finding 5: signed links expire with a clear page, and the record's state is checked


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
    response = client.post(url, confirmation(RegistrationRequest.objects.get()))
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


@pytest.mark.parametrize("name", ["confirm", "cancel", "evaluation", "certificate_pdf"])
def test_finding_5_a_link_works_until_the_end_of_its_lifetime_and_answers_410_after(client, name):
    """For each link kind: signed a minute short of its lifetime it opens its page; signed a
    minute beyond, the same URL says it has expired."""
    registration = past_registration()
    if name == "confirm":
        registration_request(
            event_id=event().pk,
            first_name="Jan",
            last_name="Kowalski",
            email="jan@example.org",
            consent_text="Zgoda",
        )
        kind, pk = CONFIRM_LINK, RegistrationRequest.objects.get().pk
    elif name == "cancel":
        registration = register(event(), 1)
        kind, pk = CANCEL_LINK, registration.pk
    elif name == "evaluation":
        kind, pk = EVALUATION_LINK, registration.pk
    else:
        Attendance.objects.create(
            session=registration.event.sessions.get(),
            person=registration.person,
            method="check_in",
        )
        certificates_issue_for_event(event=registration.event)
        kind, pk = CERTIFICATE_LINK, Certificate.objects.get().pk
    minute = datetime.timedelta(minutes=1)

    fresh = client.get(
        reverse(f"activities:{name}", args=[signed_ago(kind, pk, kind.lifetime - minute)])
    )
    stale = client.get(
        reverse(f"activities:{name}", args=[signed_ago(kind, pk, kind.lifetime + minute)])
    )

    assert fresh.status_code == 200
    assert stale.status_code == 410
    assert "wygasł" in stale.content.decode()


def test_finding_5_every_link_kind_in_the_project_has_its_own_salt():
    """A token of one kind must never open another kind's page: each LinkKind declared in any
    app's services has a salt of its own."""
    import importlib

    from django.apps import apps

    from partnerstwa.lib.tokens import LinkKind

    kinds = {}  # by identity: an import of another app's kind is the same declaration
    for config in apps.get_app_configs():
        if config.name.startswith("partnerstwa."):
            try:
                module = importlib.import_module(f"{config.name}.services")
            except ModuleNotFoundError:
                continue
            for attribute, value in vars(module).items():
                if isinstance(value, LinkKind):
                    kinds.setdefault(id(value), (f"{config.name}.{attribute}", value))
    names = dict(kinds.values())
    assert {
        "partnerstwa.activities.CONFIRM_LINK",
        "partnerstwa.activities.CANCEL_LINK",
        "partnerstwa.activities.EVALUATION_LINK",
        "partnerstwa.activities.CERTIFICATE_LINK",
        "partnerstwa.contests.EDIT_LINK",
    } <= set(names)
    salts = [kind.salt for kind in names.values()]
    assert len(set(salts)) == len(salts), names


def test_a_cancel_link_works_for_an_event_announced_two_years_ahead(client):
    """Review of finding 5: the event's start ends a cancel link, not a fixed year after it was
    sent (a link mailed two years before the event still cancels the day before)."""
    training = event(capacity=1)
    registration = register(training, 1)
    waiting = register(training, 2)
    token = signed_ago(CANCEL_LINK, registration.pk, datetime.timedelta(days=2 * 365))
    url = reverse("activities:cancel", args=[token])
    assert "<form" in main_part(client.get(url))
    assert client.post(url).status_code == 302
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.state, waiting.state) == ("cancelled", "confirmed")


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

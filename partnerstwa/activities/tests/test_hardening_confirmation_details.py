"""Issue 9, finding 3 (outside review): someone else could block an address from registering
for an event and choose the name it was booked under. They sent the public form with the
victim's address and their own text as the name; the victim's own form within the hour was
throttled and thrown away, and the only working link booked the typed name (and created the
registry person with it). Now the confirmation page shows the typed details as an editable form
and the registration takes the details the address's owner confirms; the mail that link arrives
in repeats nothing typed but the address."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from partnerstwa.activities.models import Registration, RegistrationRequest
from partnerstwa.activities.tests.factories import confirmation, event
from partnerstwa.registry.models import Person

pytestmark = pytest.mark.django_db

VICTIM = "ofiara@example.org"
ATTACKER = {
    "first_name": "Kliknij",
    "last_name": "http://evil.example/x",
    "email": VICTIM,
    "organisation": "Zła Fundacja",
    "position": "http://evil.example/y",
    "phone": "+48 500 000 000",
    "accessibility_needs": "http://evil.example/z",
    "language": "en",
    "consent": "on",
}


@pytest.fixture
def post_form(client, django_capture_on_commit_callbacks):
    def post(training, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("activities:register", args=[training.slug]), data)

    return post


def confirm_url(message) -> str:
    return re.search(r"https?://[^/\s]+(/wydarzenia/potwierdzenie/\S+/)", message.body).group(1)


def test_finding_3_the_owner_corrects_the_typed_name_on_the_confirmation_page_and_is_registered_under_it(  # noqa: E501
    client, post_form, django_capture_on_commit_callbacks
):
    training = event(title="Warsztat")
    post_form(training, ATTACKER)
    # The owner sends the form within the hour: throttled, and the waiting request keeps what
    # was typed first (a later post could as well be the attacker's).
    post_form(training, {**ATTACKER, "first_name": "Zofia", "last_name": "Wiśniewska"})
    (message,) = mail.outbox
    url = confirm_url(message)

    page = client.get(url)
    assert page.context["form"]["first_name"].value() == "Kliknij"  # the owner sees what was typed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            confirmation(
                RegistrationRequest.objects.get(),
                first_name="Zofia",
                last_name="Wiśniewska",
                organisation="",
                position="sekretarz gminy",
                phone="",
                accessibility_needs="",
                language="pl",
                email="atakujacy@example.org",  # not a field: the link proves the address
            ),
        )

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (
        registration.first_name,
        registration.last_name,
        registration.email,
        registration.organisation_name,
        registration.position,
        registration.phone,
        registration.accessibility_needs,
        registration.language,
    ) == ("Zofia", "Wiśniewska", VICTIM, "", "sekretarz gminy", "", "", "pl")
    person = Person.objects.get()
    assert (person.first_name, person.last_name, person.email) == ("Zofia", "Wiśniewska", VICTIM)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("first_name", "", "To pole jest wymagane."),
        ("last_name", "   ", "To pole jest wymagane."),
        ("last_name", "Nowak\x07", "Wpisz jeden wiersz tekstu bez znaków sterujących."),
        (
            "first_name",
            "Anna\r\nBcc: x@example.org",
            "Wpisz jeden wiersz tekstu bez znaków sterujących.",
        ),
        ("position", "a\x00b", "Wpisz jeden wiersz tekstu bez znaków sterujących."),
        ("consent", "", "To pole jest wymagane."),
    ],
)
def test_finding_3_the_confirmation_form_refuses_bad_details_with_a_translated_error_and_books_nothing(  # noqa: E501
    client, post_form, field, value, error
):
    training = event()
    post_form(training, {**ATTACKER, "first_name": "Anna", "last_name": "Nowak"})
    url = confirm_url(mail.outbox[0])
    data = confirmation(RegistrationRequest.objects.get())
    data[field] = value

    response = client.post(url, data)

    assert response.status_code == 400
    assert any(error in message for message in response.context["form"].errors[field])
    assert error in response.content.decode()
    assert not Registration.objects.exists()
    assert not Person.objects.exists()
    assert RegistrationRequest.objects.get().confirmed_at is None


def test_finding_3_the_confirmation_mail_repeats_nothing_typed_but_the_address(post_form):
    training = event(title="Warsztat")
    post_form(training, {**ATTACKER, "language": "pl"})
    (message,) = mail.outbox
    assert message.to == [VICTIM]
    assert message.body.startswith("Dzień dobry,\n")
    for typed in ("Kliknij", "evil.example", "Zła Fundacja", "500 000 000"):
        assert typed not in message.body
        assert typed not in message.subject


def test_finding_3_opening_the_link_shows_the_typed_details_to_correct_and_books_nothing(
    client, post_form
):
    training = event()
    post_form(training, ATTACKER)
    url = confirm_url(mail.outbox[0])

    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    for name, value in [
        ("first_name", "Kliknij"),
        ("last_name", "http://evil.example/x"),
        ("organisation", "Zła Fundacja"),
        ("phone", "+48 500 000 000"),
        ("position", "http://evil.example/y"),
    ]:
        assert re.search(rf'<input[^>]*name="{name}"[^>]*value="{re.escape(value)}"', page), name
    assert re.search(r'<textarea[^>]*name="accessibility_needs"[^>]*>\s*http://evil', page)
    assert re.search(r'<input[^>]*name="language"[^>]*value="en"[^>]*checked', page)
    assert 'name="email"' not in page  # the address is what the link proves
    assert VICTIM in page
    assert not re.search(r'name="consent"[^>]*checked', page)  # the owner agrees for themselves
    assert not Registration.objects.exists()
    assert not Person.objects.exists()
    assert RegistrationRequest.objects.get().confirmed_at is None


def test_finding_3_the_link_clicked_after_confirming_shows_the_confirmed_name_and_no_form(
    client, post_form, django_capture_on_commit_callbacks
):
    training = event()
    post_form(training, ATTACKER)
    url = confirm_url(mail.outbox[0])
    pending = RegistrationRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, confirmation(pending, first_name="Zofia", last_name="Wiśniewska"))

    for response in (client.get(url), client.post(url, confirmation(pending))):
        assert response.status_code == 200
        page = response.content.decode().split("<main", 1)[1]
        assert "To zgłoszenie zostało już potwierdzone." in page
        assert "Zofia Wiśniewska" in page
        assert "Kliknij" not in page
        assert "<form" not in page
    assert Registration.objects.get().first_name == "Zofia"

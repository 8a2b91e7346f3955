"""The sign-up form with nothing entered is made once per change of the newsletter's records and
per language ({% keep %}): it is the form made afresh, a new topic or consent wording shows on
it at once, each visitor's CSRF token stays their own, and a refused sign-up shows its own
entries and errors."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from partnerstwa.newsletter.models import ConsentText, Topic

pytestmark = pytest.mark.django_db
FORM = reverse("newsletter:signup")
TOKEN = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">')


def form_markup(page: str) -> str:
    """The sign-up form without its CSRF token (a new mask on every page)."""
    form = re.search(r'<form method="post" class="stacked".*?</form>', page, re.S).group(0)
    return TOKEN.sub("", form)


def test_the_kept_blank_form_is_the_form_made_afresh(client, kept, settings):
    made = form_markup(client.get(FORM).content.decode())
    again = form_markup(client.get(FORM).content.decode())
    settings.READ_CACHE = False
    afresh = form_markup(client.get(FORM).content.decode())
    assert made == again == afresh
    assert 'name="email"' in made and 'name="consent"' in made


def test_the_kept_form_is_made_per_language(client, kept):
    polish = form_markup(client.get(FORM, HTTP_ACCEPT_LANGUAGE="pl").content.decode())
    client.cookies.load({"django_language": "en"})
    english = form_markup(client.get(FORM).content.decode())
    assert re.search(r'name="language" value="pl"[^>]*checked', polish)
    assert re.search(r'name="language" value="en"[^>]*checked', english)


def test_a_new_topic_and_a_new_consent_wording_show_on_the_kept_form_at_once(
    client, kept, django_capture_on_commit_callbacks
):
    assert "Samorządowe finanse" not in form_markup(client.get(FORM).content.decode())
    # Committed as a request would: the newsletter's version moves, nothing kept is dropped.
    with django_capture_on_commit_callbacks(execute=True):
        Topic.objects.create(slug="finanse", name="Samorządowe finanse", position=9)
        ConsentText.objects.create(version=99, text="Nowe brzmienie zgody.")
    form = form_markup(client.get(FORM).content.decode())
    assert "Samorządowe finanse" in form
    assert "Nowe brzmienie zgody." in form


def test_each_visitor_signs_up_with_their_own_token_beside_the_kept_form(
    kept, django_capture_on_commit_callbacks
):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(FORM)  # the blank form is kept from the first visitor's page
    page = second.get(FORM).content.decode()
    form = re.search(r'<form method="post" class="stacked".*?</form>', page, re.S).group(0)
    (token,) = TOKEN.findall(form)
    topic = re.search(r'name="topics" value="(\d+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post(
            FORM,
            {
                "csrfmiddlewaretoken": token,
                "email": "osoba@example.org",
                "topics": [topic],
                "language": "pl",
                "consent": "on",
            },
        )
    assert response.status_code == 302


def test_a_refused_sign_up_shows_its_own_entries_and_errors_not_the_kept_form(client, kept):
    client.get(FORM)
    response = client.post(FORM, {"email": "nie-adres", "language": "pl"})
    assert response.status_code == 400
    form = form_markup(response.content.decode())
    assert 'value="nie-adres"' in form
    assert 'class="error"' in form

"""The event list's filter form with nothing chosen is made once per change of the
voivodeships and per language (lib.freshness.kept), and is the form a visitor gets."""

import pytest
from django.urls import reverse

from partnerstwa.lib import freshness
from partnerstwa.lib.tests.pages import filter_form
from partnerstwa.registry.tests.factories import voivodeship

pytestmark = pytest.mark.django_db
LIST = reverse("activities:list")


def test_the_kept_blank_form_is_the_one_made_with_nothing_chosen(client, kept):
    blank = client.get(LIST).content.decode()
    chosen = client.get(LIST, {"rodzaj": ""}).content.decode()
    assert filter_form(blank) == filter_form(chosen)
    assert 'name="wojewodztwo"' in filter_form(blank)


def test_a_committed_voivodeship_shows_in_the_kept_blank_form(
    client, kept, django_capture_on_commit_callbacks
):
    assert "opolskie" not in filter_form(client.get(LIST).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        voivodeship("16", "OPOLSKIE")
    freshness.forget()
    assert "opolskie" in filter_form(client.get(LIST).content.decode())


def test_the_blank_form_follows_the_language(client, kept, settings):
    polish = filter_form(client.get(LIST).content.decode())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = filter_form(client.get(LIST).content.decode())
    assert polish != english and "Voivodeship" in english


def test_the_event_filters_list_voivodeships_in_polish_alphabetical_order(client):
    for code, name in [("10", "ŁÓDZKIE"), ("12", "MAŁOPOLSKIE"), ("08", "LUBUSKIE")]:
        voivodeship(code, name)
    form = filter_form(client.get(LIST, {"rodzaj": ""}).content.decode())
    positions = [form.index(name) for name in ("lubuskie", "łódzkie", "małopolskie")]
    assert positions == sorted(positions)

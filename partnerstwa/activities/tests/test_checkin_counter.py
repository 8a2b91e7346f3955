"""Issue 11, staff: the check-in counter of present people updates with each tap."""

import re

import pytest
from django.urls import reverse

from partnerstwa.activities.tests.factories import event, register

pytestmark = pytest.mark.django_db


def counter(html: str) -> str:
    match = re.search(r'<p id="obecni"[^>]*>([^<]*)</p>', html)
    assert match, html
    return match.group(1).strip()


def test_each_tap_under_htmx_returns_the_updated_counter_out_of_band(admin_client):
    training = event()
    people = [register(training, n).person for n in range(3)]
    url = reverse("activities:staff_checkin", args=[training.slug, 1])

    first = admin_client.post(url, {"person": people[0].pk}, HTTP_HX_REQUEST="true")
    second = admin_client.post(url, {"person": people[1].pk}, HTTP_HX_REQUEST="true")
    undone = admin_client.post(url, {"person": people[0].pk}, HTTP_HX_REQUEST="true")

    assert 'hx-swap-oob="true"' in first.content.decode()
    assert counter(first.content.decode()) == "1 osoba obecna."
    assert counter(second.content.decode()) == "2 osoby obecne."
    assert counter(undone.content.decode()) == "1 osoba obecna."


def test_without_javascript_the_reloaded_page_shows_the_same_counter(admin_client):
    training = event()
    people = [register(training, n).person for n in range(5)]
    url = reverse("activities:staff_checkin", args=[training.slug, 1])
    for person in people:
        assert admin_client.post(url, {"person": person.pk}).status_code == 302

    page = admin_client.get(url).content.decode()

    assert counter(page) == "5 osób obecnych."
    assert "hx-swap-oob" not in page

import datetime
import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from partnerstwa.privacy.personal_data import PERSONAL_DATA
from partnerstwa.rights.models import DataSubjectRequest, RequestState, RequestStep
from partnerstwa.rights.services import add_months
from partnerstwa.rights.tests.factories import EMAIL, ask, confirm, person_everywhere

pytestmark = pytest.mark.django_db


def _without_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_form_answers_the_same_for_a_known_and_an_unknown_address(
    client, django_capture_on_commit_callbacks
):
    person_everywhere()
    known = ask(client, django_capture_on_commit_callbacks)
    unknown = ask(client, django_capture_on_commit_callbacks, email="nikt@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert _without_token(client.get(known.url)) == _without_token(client.get(unknown.url))
    assert sorted(m.to[0] for m in mail.outbox if "/rodo/" in m.body) == [
        "nikt@example.org",
        EMAIL,
    ]


def test_an_address_gets_at_most_three_links_an_hour(client, django_capture_on_commit_callbacks):
    for _attempt in range(5):
        assert ask(client, django_capture_on_commit_callbacks).status_code == 302
    assert len([m for m in mail.outbox if m.to == [EMAIL]]) == 3
    assert DataSubjectRequest.objects.count() == 3


def test_nothing_is_shown_before_the_address_is_confirmed(
    client, django_capture_on_commit_callbacks
):
    person_everywhere()
    ask(client, django_capture_on_commit_callbacks)
    subject_request = DataSubjectRequest.objects.get()
    assert subject_request.state == RequestState.UNVERIFIED
    from partnerstwa.rights.links import REQUEST_LINK

    page = reverse("rights:request", args=[REQUEST_LINK.token(subject_request.pk)])
    assert client.get(page).status_code == 404
    assert client.get(reverse("rights:request", args=["forged"])).status_code == 404


def test_access_shows_and_exports_every_declared_field_of_every_app_holding_the_person(
    client, django_capture_on_commit_callbacks
):
    person_everywhere()
    ask(client, django_capture_on_commit_callbacks)
    page = confirm(client, django_capture_on_commit_callbacks)
    html = client.get(page).content.decode()
    assert "Wróbel" in html and "+48 601 202 303" in html
    response = client.get(page + "dane.json")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    records = data["records"]
    expected = {
        "registry.Person",
        "activities.Registration",
        "activities.Attendance",
        "contests.Application",
        "advocacy.BarrierReport",
        "newsletter.Subscriber",
        "newsletter.ConsentRecord",
        "rights.DataSubjectRequest",
    }
    assert expected <= set(records)
    for label, rows in records.items():
        # Beside the map's models a holder may add what copies their values (the audit trail).
        assert set(PERSONAL_DATA.get(label, ())) <= set(rows[0]), label
    assert records["activities.Registration"][0]["phone"] == "+48 601 202 303"
    assert records["activities.Registration"][0]["consent_text"] == "Zgoda"
    steps = list(RequestStep.objects.order_by("at", "pk").values_list("action", flat=True))
    assert steps == ["received", "verified", "answered", "done", "downloaded"]


def test_portability_gives_only_what_the_person_provided(
    client, django_capture_on_commit_callbacks
):
    person_everywhere()
    ask(client, django_capture_on_commit_callbacks, kind="portability")
    page = confirm(client, django_capture_on_commit_callbacks)
    records = json.loads(client.get(page + "dane.json").content)["records"]
    assert "activities.Registration" in records and "contests.Application" in records
    assert "activities.Attendance" not in records
    assert "rights.DataSubjectRequest" not in records


def test_the_month_of_article_12_counts_to_the_same_day_or_the_months_last():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 3, 15), 1) == datetime.date(2026, 4, 15)
    assert add_months(datetime.date(2026, 12, 31), 2) == datetime.date(2027, 2, 28)

"""Issue 11, staff: the back office's events start with upcoming ones, the event form shows
the fields of its kind and links to its staff page, and a draft says it is not public."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.tests.factories import event

pytestmark = pytest.mark.django_db

STUDY_VISIT_FIELDS = {"destination_country", "destination_city", "host_institutions"}


def form_fields(response) -> set[str]:
    return set(response.context["adminform"].form.fields)


def test_the_event_list_starts_with_upcoming_events_soonest_first_then_the_past_latest_first(
    admin_client,
):
    now = timezone.now()
    for title, days in [("dawne", -40), ("niedawne", -10), ("za miesiąc", 30), ("za trzy dni", 3)]:
        event(title=title, starts_at=now + datetime.timedelta(days=days))
    ongoing = event(
        title="trwa",
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
    )

    response = admin_client.get(reverse("admin:activities_event_changelist"))

    assert [e.title for e in response.context["cl"].result_list] == [
        ongoing.title,
        "za trzy dni",
        "za miesiąc",
        "niedawne",
        "dawne",
    ]


def test_the_event_list_filters_upcoming_and_past(admin_client):
    now = timezone.now()
    event(title="dawne", starts_at=now - datetime.timedelta(days=40))
    event(title="przyszłe", starts_at=now + datetime.timedelta(days=3))
    url = reverse("admin:activities_event_changelist")
    upcoming = admin_client.get(url, {"when": "upcoming"}).context["cl"].result_list
    past = admin_client.get(url, {"when": "past"}).context["cl"].result_list
    assert [e.title for e in upcoming] == ["przyszłe"]
    assert [e.title for e in past] == ["dawne"]


def test_a_training_form_has_no_study_visit_fields(admin_client):
    training = event(kind="training")
    response = admin_client.get(reverse("admin:activities_event_change", args=[training.pk]))
    assert response.status_code == 200
    assert not STUDY_VISIT_FIELDS & form_fields(response)
    assert 'name="destination_country"' not in response.content.decode()


def test_a_study_visit_form_has_its_fields(admin_client):
    visit = event(kind="study_visit")
    response = admin_client.get(reverse("admin:activities_event_change", args=[visit.pk]))
    assert form_fields(response) >= STUDY_VISIT_FIELDS


def test_the_add_form_offers_the_kind_first_and_then_shows_only_its_fields(admin_client):
    url = reverse("admin:activities_event_add")
    everything = admin_client.get(url)
    assert form_fields(everything) >= STUDY_VISIT_FIELDS
    page = everything.content.decode()
    assert "?kind=training" in page and "Tylko dla wizyty studyjnej" in page
    training = admin_client.get(url, {"kind": "training"})
    assert not STUDY_VISIT_FIELDS & form_fields(training)
    assert training.context["adminform"].form.initial["kind"] == "training"


def test_the_event_form_links_to_its_staff_page(admin_client):
    training = event()
    page = admin_client.get(reverse("admin:activities_event_change", args=[training.pk]))
    assert reverse("activities:staff_event", args=[training.slug]) in page.content.decode()


def test_a_draft_says_it_is_not_public(admin_client):
    draft = event(status="draft")
    published = event()

    def notice(pk) -> bool:
        page = admin_client.get(reverse("admin:activities_event_change", args=[pk]))
        return "nie jest publiczne" in page.content.decode()

    assert notice(draft.pk)
    assert not notice(published.pk)

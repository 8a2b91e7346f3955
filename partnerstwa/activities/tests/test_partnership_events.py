"""The partnership page lists the events its members' people attended, counted, never named."""

import datetime

import pytest
from django.urls import reverse

from partnerstwa.activities.selectors import events_attended_by_partnership
from partnerstwa.activities.tests.factories import attend, held
from partnerstwa.partnerships.services import member_add
from partnerstwa.partnerships.tests.factories import gmina_organisation, partnership_with_members
from partnerstwa.registry.models import OrganisationKind
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return partnership_with_members(slug="aglomeracja", member_codes=["0201022"])


# The read is prepared for up to _PREPARED_MEMBERSHIPS memberships and built afresh beyond.
@pytest.mark.parametrize("prepared_up_to", [64, 0])
def test_events_attended_while_a_member_are_listed_with_counts_and_no_names(
    client, partnership, monkeypatch, prepared_up_to
):
    monkeypatch.setattr("partnerstwa.activities.selectors._PREPARED_MEMBERSHIPS", prepared_up_to)
    leader, member = (m.organisation for m in partnership.members.order_by("role"))
    ngo = OrganisationFactory(kind=OrganisationKind.NGO)
    member_add(
        partnership=partnership,
        organisation=ngo,
        joined_on=datetime.date(2015, 1, 1),
        left_on=datetime.date(2015, 12, 31),
    )
    training = held("Szkolenie z planowania", datetime.date(2014, 5, 6))
    ada = PersonFactory(first_name="Ada", last_name="Wielgosz")
    attend(training, leader, ada)
    attend(training, member)
    attend(training, member)
    before_joining = held("Konferencja przed przystąpieniem", datetime.date(2014, 2, 1))
    attend(before_joining, ngo)
    while_member = held("Wizyta w czasie członkostwa", datetime.date(2015, 12, 31))
    attend(while_member, ngo)
    after_leaving = held("Warsztat po wystąpieniu", datetime.date(2016, 1, 1))
    attend(after_leaving, ngo)
    strangers = held("Obce wydarzenie", datetime.date(2014, 6, 1))
    attend(strangers, gmina_organisation("0201033"))
    draft = held("Szkic", datetime.date(2014, 7, 1), status="draft")
    attend(draft, leader)
    cancelled = held("Odwołane", datetime.date(2014, 8, 1), status="cancelled")
    attend(cancelled, leader)

    attended, total = events_attended_by_partnership(partnership)
    assert total == 2
    assert [(row.title, row.persons, row.organisations) for row in attended] == [
        ("Wizyta w czasie członkostwa", 1, 1),
        ("Szkolenie z planowania", 3, 2),
    ]

    content = client.get(reverse("partnerships:detail", args=["aglomeracja"])).content.decode()
    assert "Szkolenie z planowania" in content and "Wizyta w czasie członkostwa" in content
    assert reverse("activities:detail", args=[training.slug]) in content
    for absent in ("przed przystąpieniem", "po wystąpieniu", "Obce", "Szkic", "Odwołane"):
        assert absent not in content
    assert "Wielgosz" not in content


def test_a_partnership_without_attendance_says_so(client, partnership):
    content = client.get(reverse("partnerships:detail", args=["aglomeracja"])).content.decode()
    assert "Nie odnotowano jeszcze udziału" in content


def test_a_long_history_shows_the_newest_events_and_says_how_many_there_are(partnership):
    leader = partnership.members.get(role="leader").organisation
    for day in range(5):
        attend(held(f"Spotkanie {day}", datetime.date(2014, 1, 1 + day)), leader)
    attended, total = events_attended_by_partnership(partnership, limit=3)
    assert total == 5
    assert [row.title for row in attended] == ["Spotkanie 4", "Spotkanie 3", "Spotkanie 2"]


def test_the_partnership_events_section_names_each_kind_and_reads_no_long_texts(
    client, partnership
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leader = partnership.members.order_by("role").first().organisation
    attend(held("Szkolenie z opisem", datetime.date(2014, 5, 6), description="Opis " * 500), leader)
    with CaptureQueriesContext(connection) as queries:
        content = client.get(reverse("partnerships:detail", args=[partnership.slug])).content
    assert "Szkolenie z opisem" in content.decode() and "<td>szkolenie</td>" in content.decode()
    rows = [q["sql"] for q in queries if 'FROM "activities_event"' in q["sql"]]
    assert rows and not any('"activities_event"."description' in sql for sql in rows)

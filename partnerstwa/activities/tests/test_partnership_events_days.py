"""A membership counts attendance on the days it lasted, by the local (Warsaw) day of the
session, its first and last day included; and the partnership's events cost the same queries
however much attendance there is."""

import datetime

import pytest

from partnerstwa.activities.selectors import events_attended_by_partnership
from partnerstwa.activities.tests.factories import WARSAW, attend, event
from partnerstwa.partnerships.services import member_add
from partnerstwa.partnerships.tests.factories import partnership_with_members
from partnerstwa.registry.models import OrganisationKind
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
JOINED, LEFT = datetime.date(2015, 3, 29), datetime.date(2015, 10, 25)  # both DST change days


def at(day: datetime.date, hour: int, minute: int = 0):
    starts = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=WARSAW)
    return event(title=f"{day} {hour}:{minute:02d}", starts_at=starts, ends_at=starts)


@pytest.fixture
def member():
    partnership = partnership_with_members(slug="aglomeracja", member_codes=[])
    ngo = OrganisationFactory(kind=OrganisationKind.NGO)
    member_add(partnership=partnership, organisation=ngo, joined_on=JOINED, left_on=LEFT)
    return partnership, ngo


def test_a_membership_counts_sessions_from_its_first_local_day_to_its_last(member):
    partnership, ngo = member
    day = datetime.timedelta(days=1)
    for when in (
        at(JOINED - day, 23, 59),  # the evening before joining: not a member yet
        at(JOINED, 0, 0),
        at(LEFT, 23, 59),
        at(LEFT + day, 0, 0),  # the day after leaving
    ):
        attend(when, ngo)
    attended, total = events_attended_by_partnership(partnership)
    assert total == 2
    assert sorted(row.title for row in attended) == [
        f"{JOINED} 0:00",
        f"{LEFT} 23:59",
    ]


def test_the_partnerships_events_cost_the_same_queries_with_much_attendance(
    member, django_assert_num_queries
):
    partnership, ngo = member
    attend(at(JOINED + datetime.timedelta(days=3), 10), ngo)
    with django_assert_num_queries(3):
        few = events_attended_by_partnership(partnership)
    for number in range(20):
        attend(at(JOINED + datetime.timedelta(days=number + 10), 10), ngo)
    with django_assert_num_queries(3):
        many = events_attended_by_partnership(partnership)
    assert (few[1], many[1]) == (1, 21)

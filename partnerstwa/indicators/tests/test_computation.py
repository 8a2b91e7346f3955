"""Every indicator against the small programme of conftest.py, whose figures are counted by hand
in the comments there."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partnerstwa.indicators.computation import CODES, compute

D = datetime.date
AS_OF = D(2016, 10, 31)
pytestmark = pytest.mark.django_db


def test_every_indicator_matches_a_count_by_hand(programme):
    assert compute(AS_OF, "ZMP") == {
        "partnerships": 2,  # "Późne" is formed after D; "Drugie" has no date and counts
        "entities": 5,  # city, rural, ngo, town, county (late_city joins after D; city once)
        "local_governments": 4,  # city, rural, town, county
        "cities": 2,  # city (urban), town (urban-rural)
        "member_cities": 1,  # town left before D; rural is a member but no city
        "member_cities_share": Decimal("0.500"),
        "partnerships_led_by_members": 1,  # "Pierwsze" (city); "Drugie" is led by town
        "partnerships_led_by_members_share": Decimal("0.500"),
        "projects_value_pln": Decimal("1100.00"),
        "trainings": 1,  # the 2017 one is after D, the cancelled one does not count
        "strategy_workshop_sessions": 1,
        "cuw_workshops": 1,
        "capacity_building_participants": 3,  # anna, jan, ewa
        "conferences": 2,  # a conference and a congress
        "conference_participants": 3,  # anna; jan for the ngo; jan_twin for the county
        "conference_entities": 3,  # city, ngo, county
        "contest_editions": 1,
        "study_visits": 1,
        "study_visit_participants": 1,
    }


def test_the_report_command_prints_json_with_the_agreed_types(programme):
    out = StringIO()
    call_command("programme_report", "--as-of", "2016-10-31", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["as_of"] == "2016-10-31"
    assert list(report)[1:] == CODES
    assert report["member_cities_share"] == 0.5 and isinstance(report["partnerships"], int)
    assert report["projects_value_pln"] == "1100.00"


def test_a_later_date_counts_what_happened_since(programme):
    later = compute(D(2017, 12, 31), "ZMP")
    assert later["partnerships"] == 3 and later["trainings"] == 2 and later["contest_editions"] == 2
    assert later["member_cities"] == 2  # late_city joined ZMP in 2017


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        call_command("programme_report", "--as-of", "31.10.2016")

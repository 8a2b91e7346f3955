import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from partnerstwa.indicators.demo import SLUG_PREFIX, STORY
from partnerstwa.partnerships.models import Partnership
from partnerstwa.registry.models import AssociationMembership
from partnerstwa.registry.services import teryt_import

REGISTER = Path(settings.BASE_DIR) / "partnerstwa/data/teryt/TERC_Urzedowy_2022-01-01.csv"


@pytest.fixture
def demo(db):
    teryt_import(REGISTER)
    call_command("load_demo", stdout=StringIO())


def report() -> dict:
    out = StringIO()
    call_command("programme_report", "--as-of", "2016-10-31", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.slow
def test_the_demo_report_tells_the_source_pages_figures(demo):
    figures = report()
    assert figures["partnerships"] == 38
    assert 580 <= figures["entities"] < 600  # "almost 600"
    assert (figures["local_governments"], figures["cities"], figures["member_cities"]) == (
        446,
        194,
        87,
    )
    assert round(figures["member_cities_share"], 2) == 0.45  # 45 %
    assert figures["partnerships_led_by_members"] == 24
    assert round(figures["partnerships_led_by_members_share"], 2) == 0.63  # 63 %
    assert float(figures["projects_value_pln"]) > 66_500_000  # "over 66.5 million"
    assert {
        code: figures[code] for code in ["trainings", "strategy_workshop_sessions", "cuw_workshops"]
    } == {
        "trainings": 29,
        "strategy_workshop_sessions": 52,
        "cuw_workshops": 2,
    }
    assert figures["capacity_building_participants"] == 1610
    assert (figures["conferences"], figures["conference_participants"]) == (9, 465)
    assert 230 <= figures["conference_entities"] <= 250  # "about 240"
    assert figures["contest_editions"] == 2
    assert (figures["study_visits"], figures["study_visit_participants"]) == (6, 80)
    assert figures["entities"] == STORY["entities"]


@pytest.mark.slow
def test_the_story_is_told_once_and_marked_illustrative(demo):
    before = report()
    call_command("load_demo", stdout=StringIO())
    assert report() == before
    real = Partnership.objects.filter(is_illustrative=False)
    assert real.count() == 14
    assert not AssociationMembership.objects.filter(is_illustrative=False).exists()


@pytest.mark.django_db
def test_without_the_register_the_story_is_skipped_and_the_command_says_so():
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert not Partnership.objects.filter(slug__startswith=SLUG_PREFIX).exists()
    assert "import_teryt" in out.getvalue()

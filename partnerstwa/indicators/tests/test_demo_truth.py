"""Issue 11 (truth, English content): the demo flags every record it makes up and no record a
public source gives, draws each made-up partnership from one functional area (the leader's
powiat and the powiats next to it), leaves the sourced partnerships with exactly the members
their sources name, and reads in English. The demo is loaded once for the module: it is the
same for every test here, and loading it takes seconds."""

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from partnerstwa.activities.models import Attendance, Event, EventSeries, Session
from partnerstwa.contests.models import Category, ContestEdition, Criterion, Question
from partnerstwa.indicators.demo import SLUG_PREFIX
from partnerstwa.lib.geo import powiat_neighbours
from partnerstwa.partnerships.demo import resolve_unit
from partnerstwa.partnerships.models import (
    Deliverable,
    FundingProgramme,
    Partnership,
    PartnershipMember,
    Project,
)
from partnerstwa.programme.models import Programme
from partnerstwa.registry.models import AssociationMembership, Organisation, Person
from partnerstwa.registry.services import teryt_import

DATA = Path(settings.BASE_DIR) / "partnerstwa/data"
REGISTER = DATA / "teryt/TERC_Urzedowy_2022-01-01.csv"
REFERENCE = DATA / "programme/reference.yaml"
HINTS = DATA / "programme/teryt_hints.yaml"
ENGLISH = DATA / "programme/reference_en.yaml"
# The two events the sources name (reference.yaml: contest 2014's place, closing_conference).
REAL_EVENTS = {"i-kongres-partnerstw-samorzadowych-2014", "konferencja-podsumowujaca-projekt-2016"}

pytestmark = pytest.mark.slow


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Loaded once in a transaction rolled back after the module's tests.
    with django_db_blocker.unblock(), transaction.atomic():
        teryt_import(REGISTER)
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_every_record_the_demo_invents_is_flagged_and_no_sourced_one_is(demo, db):
    reference = REFERENCE.read_text(encoding="utf-8")
    real_partnerships = {entry["name"] for entry in _yaml(REFERENCE)["partnerships"]}
    for organisation in Organisation.objects.all():
        # Sourced: a local government of the TERYT register, or a name reference.yaml gives.
        sourced = organisation.territorial_unit_id is not None or organisation.name in reference
        assert organisation.is_illustrative is not sourced, organisation.name
    assert Organisation.objects.filter(is_illustrative=True).count() == 151
    # reference.yaml names no person and no attendance: every one of them is made up, also
    # at the two real conferences.
    assert Person.objects.exists() and not Person.objects.filter(is_illustrative=False).exists()
    assert not Attendance.objects.filter(is_illustrative=False).exists()
    assert Attendance.objects.filter(session__event__slug__in=REAL_EVENTS).count() > 0
    assert not AssociationMembership.objects.filter(is_illustrative=False).exists()
    for partnership in Partnership.objects.all():
        assert partnership.is_illustrative is (partnership.name not in real_partnerships)
    for event in Event.objects.all():
        assert event.is_illustrative is (event.slug not in REAL_EVENTS), event.slug
    assert set(ContestEdition.objects.filter(is_illustrative=False).values_list("slug", flat=True))
    assert {"slz-2014", "slz-2015"} == set(
        ContestEdition.objects.filter(is_illustrative=False).values_list("slug", flat=True)
    )


def _leader_code(partnership: Partnership) -> str:
    leader = partnership.members.select_related("organisation__territorial_unit").get(role="leader")
    return leader.organisation.territorial_unit.code


def test_each_made_up_partnership_is_one_functional_area_around_its_leader(demo, db):
    neighbours = powiat_neighbours()
    illustrative = Partnership.objects.filter(is_illustrative=True)
    assert illustrative.count() == 24
    held_by: dict[int, str] = {}
    for partnership in illustrative:
        powiat = _leader_code(partnership)[:4]
        area = {powiat, *neighbours[powiat]}
        for member in partnership.members.select_related("organisation__territorial_unit"):
            unit = member.organisation.territorial_unit
            if unit is not None:
                assert unit.code[:4] in area, (partnership.name, member.organisation.name)
            # No organisation is a member of two made-up partnerships.
            assert held_by.setdefault(member.organisation_id, partnership.slug) == partnership.slug
    # Nor of a made-up one and a sourced one.
    real = PartnershipMember.objects.filter(partnership__is_illustrative=False)
    assert not real.filter(organisation_id__in=held_by).exists()
    # Bolesławiec's example keeps to the area of powiat bolesławiecki (no Barczewo, Terespol…).
    bolesławiec = Partnership.objects.get(
        is_illustrative=True,
        members__role="leader",
        members__organisation__territorial_unit__code="0201011",
    )
    codes = set(
        bolesławiec.members.values_list("organisation__territorial_unit__code", flat=True)
    ) - {None}
    assert {code[:4] for code in codes} <= {"0201", *neighbours["0201"]}
    assert not codes & {"2814013", "0601162", "3203013"}  # Barczewo, Terespol, Czaplinek
    # The leaders are spread over the country: every voivodeship, at most two in each.
    per_voivodeship = Counter(_leader_code(partnership)[:2] for partnership in illustrative)
    assert len(per_voivodeship) == 16 and max(per_voivodeship.values()) == 2


def test_the_sourced_partnerships_have_exactly_the_members_their_sources_name(demo, db):
    hints = _yaml(HINTS)["partnerships"]
    for entry in _yaml(REFERENCE)["partnerships"]:
        voivodeship = hints.get(entry["name"], {}).get("voivodeship", "")
        named = [entry["leader"]] if entry.get("leader") else []
        units = {
            resolve_unit(name, voivodeship=voivodeship) for name in named + entry.get("members", [])
        }
        expected = {unit.code for unit in units if unit is not None}
        held = set(
            PartnershipMember.objects.filter(partnership__name=entry["name"]).values_list(
                "organisation__territorial_unit__code", flat=True
            )
        )
        assert held == expected, entry["name"]


# The demo's texts in both languages: every registered field with Polish has English too.
TRANSLATED = [
    (Programme, ["name", "operator", "partners", "funding"]),
    (Partnership, ["name", "description"]),
    (FundingProgramme, ["name"]),
    (Project, ["title"]),
    (Deliverable, ["title"]),
    (EventSeries, ["title", "description"]),
    (Event, ["title", "description", "venue_name", "host_institutions", "organisers"]),
    (Session, ["title", "place"]),
    (ContestEdition, ["name", "rules", "decided_where"]),
    (Category, ["name"]),
    (Criterion, ["name"]),
    (Question, ["text"]),
]


def test_the_demo_reads_in_english(demo, db, client):
    english = _yaml(ENGLISH)
    for model, fields in TRANSLATED:
        for row in model.objects.values(
            "pk", *(f"{f}_{lang}" for f in fields for lang in ["pl", "en"])
        ):
            for name in fields:
                assert not row[f"{name}_pl"] or row[f"{name}_en"], (model.__name__, name, row)
    with translation.override("en"):
        assert Programme.objects.get(is_current=True).name == english["programme"]["name"]
        assert Partnership.objects.get(slug="ziemia-olkuska").name == "Olkusz Land"
        example = Partnership.objects.get(slug=f"{SLUG_PREFIX}01")
        assert example.name == "Example: functional area no. 1"
        congress = Event.objects.get(slug="i-kongres-partnerstw-samorzadowych-2014")
        assert congress.title == "1st Congress of Local Government Partnerships"
        edition = ContestEdition.objects.get(slug="slz-2014")
        assert edition.name == "Local Government Management Leader – Together for Development 2014"
        # Inside the override: the request leaves English active, and the override's end
        # gives the next test the language it had.
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.get(f"/partnerstwa/{example.slug}/").content.decode()
    assert "Example: functional area no. 1" in page
    assert "Przykład: obszar funkcjonalny" not in page

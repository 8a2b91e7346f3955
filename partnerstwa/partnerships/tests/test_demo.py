from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from partnerstwa.partnerships.models import Partnership, PartnershipMember, Project
from partnerstwa.registry.services import teryt_import

REGISTER = Path(settings.BASE_DIR) / "partnerstwa/data/teryt/TERC_Urzedowy_2022-01-01.csv"


@pytest.fixture
def demo(db):
    teryt_import(REGISTER)
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_loads_the_partnerships_public_sources_name_with_their_sources(demo):
    real = Partnership.objects.filter(is_illustrative=False)
    assert real.count() == 14
    nysa = Partnership.objects.get(name="Nysa 2020")
    assert nysa.members.get(role="leader").organisation.territorial_unit.code == "1607053"
    assert nysa.members.count() == 17
    assert "eeagrants.org/node/6255" in nysa.sources
    project = Project.objects.get(partnership=nysa)
    assert (str(project.total_value), str(project.grant), str(project.own_contribution)) == (
        "2669830.28",
        "2269355.74",
        "400474.54",
    )
    assert project.reference == "PL06-0004"


def test_names_shared_by_several_units_are_resolved_within_the_partnerships_voivodeship(demo):
    leszno = Partnership.objects.get(name="Aglomeracja Leszczyńska")
    assert leszno.members.get(role="leader").organisation.territorial_unit.code == "3063011"
    nysa_members = PartnershipMember.objects.filter(partnership__name="Nysa 2020")
    assert nysa_members.filter(organisation__territorial_unit__code="1610013").exists()  # Biała


def test_a_leader_the_register_cannot_identify_stays_empty_and_is_said_so(demo, client):
    sobieski = Partnership.objects.get(name="Szlak Jana III Sobieskiego")
    assert not sobieski.members.exists()
    assert sobieski.leader_as_named == "Piaski"
    assert "Piaski" in demo
    assert "Piaski" in client.get(f"/partnerstwa/{sobieski.slug}/").content.decode()


def test_unknown_facts_stay_empty(demo):
    zaglebie = Project.objects.get(partnership__name="Zagłębiowski Park Linearny")
    assert zaglebie.total_value is None and zaglebie.own_contribution is None
    assert zaglebie.funding_programme is None
    assert Partnership.objects.get(name="NORDA").formed_on is None


def test_the_illustrative_partnership_is_marked_on_screen_and_in_the_admin(
    demo, client, admin_client
):
    illustrative = Partnership.objects.get(slug="przyklad-partnerstwo-ilustracyjne")
    page = client.get(f"/partnerstwa/{illustrative.slug}/").content.decode()
    assert "przykład ilustracyjny" in page
    assert "przykład ilustracyjny" in client.get("/partnerstwa/").content.decode()
    admin_list = admin_client.get("/admin/partnerships/partnership/").content.decode()
    assert "(przykład ilustracyjny)" in admin_list


def test_loading_the_demo_twice_changes_nothing(demo):
    before = (
        list(Partnership.objects.order_by("pk").values()),
        list(PartnershipMember.objects.order_by("pk").values()),
        list(Project.objects.order_by("pk").values()),
    )
    call_command("load_demo", stdout=StringIO())
    after = (
        list(Partnership.objects.order_by("pk").values()),
        list(PartnershipMember.objects.order_by("pk").values()),
        list(Project.objects.order_by("pk").values()),
    )
    for rows in (before[0], after[0]):
        for row in rows:
            row.pop("updated_at")
    assert before == after

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from partnerstwa.partnerships.models import Partnership
from partnerstwa.partnerships.services import (
    funding_programme_get_or_create,
    member_add,
    project_save,
    support_engagement_create,
)
from partnerstwa.partnerships.tests.factories import (
    gmina_organisation,
    partnership_with_members,
    powiat_organisation,
)
from partnerstwa.registry.models import Association, PopulationFigure
from partnerstwa.registry.services import membership_create
from partnerstwa.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
LIST = reverse("partnerships:list")


@pytest.fixture
def three():
    """Lower Silesian (ZMP leader, EEA project), Masovian (rural leader), Opole (thematic)."""
    eea = funding_programme_get_or_create("MF EOG 2009–2014")
    a = partnership_with_members(
        name="Aglomeracja",
        slug="aglomeracja",
        leader_code="0201011",
        member_codes=["0201022"],
        ngo=2,
        business=1,
        area_kind="urban_functional",
    )
    project_save(
        partnership=a,
        title="A1",
        funding_programme=eea,
        total_value=Decimal("1000.50"),
        grant=Decimal("800.50"),
    )
    project_save(partnership=a, title="A2", total_value=Decimal("99.50"), grant=Decimal("50"))
    b = partnership_with_members(
        name="Bliskie",
        slug="bliskie",
        leader_code="1421033",
        member_codes=["1421042"],
        area_kind="rural_urban",
    )
    project_save(
        partnership=b,
        title="B1",
        funding_programme=funding_programme_get_or_create("POPT 2007–2013"),
        total_value=Decimal("10"),
        grant=Decimal("10"),
    )
    c = partnership_with_members(
        name="Celowe", slug="celowe", leader_code="1607053", member_codes=[], area_kind="thematic"
    )
    membership_create(
        association=Association.objects.get(code="ZMP"),
        organisation=a.members.get(role="leader").organisation,
        joined_on=datetime.date(1991, 1, 1),
    )
    return {"a": a, "b": b, "c": c, "eea": eea}


def names(response):
    return [p.name for p in response.context["page"].object_list]


def test_the_list_shows_leader_members_by_sector_and_project_value(client, three):
    response = client.get(LIST)
    content = response.content.decode()
    assert names(response) == ["Aglomeracja", "Bliskie", "Celowe"]
    row = response.context["page"].object_list[0]
    assert (row.public_members, row.social_members, row.private_members) == (2, 2, 1)
    assert row.projects_value == Decimal("1100.00")
    assert row.leader_names == ["Miasto Gmina0201011"]
    assert "1\xa0100,00 zł" in content
    assert "3 partnerstwa" in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"wojewodztwo": "02"}, ["Aglomeracja"]),
        ({"wojewodztwo": "14"}, ["Bliskie"]),
        ({"rodzaj": "thematic"}, ["Celowe"]),
        ({"zwiazek": "ZMP"}, ["Aglomeracja"]),
        ({"zwiazek": "ZPP"}, []),
        ({"q": "blis"}, ["Bliskie"]),
        ({"sortuj": "-name"}, ["Celowe", "Bliskie", "Aglomeracja"]),
        ({"sortuj": "-value"}, ["Aglomeracja", "Bliskie", "Celowe"]),
        ({"sortuj": "-members"}, ["Aglomeracja", "Bliskie", "Celowe"]),
        (
            {"wojewodztwo": "99"},
            ["Aglomeracja", "Bliskie", "Celowe"],
        ),  # an invalid filter is ignored
    ],
)
def test_filters_and_sorting(client, three, params, expected):
    assert names(client.get(LIST, params)) == expected


def test_the_funding_programme_filter(client, three):
    assert names(client.get(LIST, {"program": three["eea"].pk})) == ["Aglomeracja"]


def test_the_list_is_paginated_with_a_count_of_all_results(client, three):
    for number in range(30):
        partnership_with_members(
            name=f"Zz {number:02d}", slug=f"zz-{number}", leader_code="3061011", member_codes=[]
        )
    response = client.get(LIST, {"page": 2})
    assert response.context["page"].paginator.count == 33
    assert len(response.context["page"].object_list) == 8


@pytest.mark.parametrize(
    "url", [LIST, reverse("partnerships:map"), reverse("partnerships:detail", args=["aglomeracja"])]
)
def test_list_detail_and_map_query_counts_do_not_grow_with_rows(
    client, three, url, django_assert_max_num_queries
):
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    partnership = Partnership.objects.get(slug="aglomeracja")
    for number in range(12):
        member_add(
            partnership=partnership, organisation=gmina_organisation(f"02{number + 10:02d}011")
        )
        project_save(partnership=partnership, title=f"Extra {number}", grant=Decimal("1"))
        partnership_with_members(
            name=f"Nowe {number}",
            slug=f"nowe-{number}",
            leader_code=f"12{number + 10:02d}011",
            member_codes=[],
            ngo=2,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_detail_groups_members_by_sector_and_shows_amounts(client, three):
    response = client.get(reverse("partnerships:detail", args=["aglomeracja"]))
    groups = {group.sector: len(group.members) for group in response.context["groups"]}
    assert groups == {"public": 2, "social": 2, "private": 1}
    content = response.content.decode()
    assert "1\xa0000,50 zł" in content and "800,50 zł" in content and "200,00 zł" in content


def test_territory_counts_each_gmina_once_and_sums_population(client, db):
    partnership = partnership_with_members(
        name="T", slug="t", leader_code="0201011", member_codes=["0201022"]
    )
    member_add(partnership=partnership, organisation=powiat_organisation("0201"))
    gmina_organisation("0201032")  # a third gmina of the same powiat, with no figure
    PopulationFigure.objects.bulk_create(
        [
            PopulationFigure(
                unit_code="0201011",
                year=2019,
                pre_working=10,
                working=60,
                post_working=30,
                total=100,
            ),
            PopulationFigure(
                unit_code="0201022", year=2019, pre_working=5, working=10, post_working=5, total=20
            ),
            PopulationFigure(
                unit_code="0201011",
                year=2018,
                pre_working=10,
                working=50,
                post_working=30,
                total=90,
            ),
        ]
    )
    response = client.get(reverse("partnerships:detail", args=["t"]))
    territory = response.context["territory"]
    assert territory.gminas == 3
    assert (territory.year, territory.population) == (2019, 120)
    assert [unit.code for unit in territory.gminas_without_figure] == ["0201032"]
    assert "Gmina0201032" in response.content.decode()
    older = client.get(reverse("partnerships:detail", args=["t"]), {"rok": "2018"}).context[
        "territory"
    ]
    assert (older.year, older.population) == (2018, 90)


def test_support_hours_by_form_and_experts_by_name_and_role_only(client, three):
    expert = PersonFactory(
        first_name="Ewa",
        last_name="Doradcza",
        email="ewa.doradcza@example.org",
        phone="+48 600 100 200",
    )
    for hours, form in [("2.5", "consulting"), ("3", "consulting"), ("6", "moderation")]:
        support_engagement_create(
            partnership=three["a"],
            date=datetime.date(2014, 1, 1),
            expert=expert,
            expert_role="ekspertka",
            hours=Decimal(hours),
            form=form,
            topic="Temat",
            notes="notatka wewnętrzna",
        )
    response = client.get(reverse("partnerships:detail", args=["aglomeracja"]))
    by_form = {row["form"]: row["hours"] for row in response.context["support"]}
    assert by_form == {"consulting": Decimal("5.5"), "moderation": Decimal("6")}
    content = response.content.decode()
    assert "Ewa Doradcza" in content and "ekspertka" in content
    assert "ewa.doradcza@example.org" not in content and "600 100 200" not in content
    assert "notatka wewnętrzna" not in content


def test_the_map_counts_partnerships_per_voivodeship_and_links_to_the_filtered_list(client, three):
    response = client.get(reverse("partnerships:map"))
    counts = {item["region"].code: item["count"] for item in response.context["regions"]}
    assert len(counts) == 16
    assert (counts["02"], counts["14"], counts["16"], counts["12"]) == (1, 1, 1, 0)
    content = response.content.decode()
    assert "<svg" in content and "<path" in content
    assert 'href="/partnerstwa/?wojewodztwo=02"' in content
    assert "<table" in content  # the text equivalent


def test_the_xlsx_export_holds_the_filtered_list(client, three):
    response = client.get(reverse("partnerships:export", args=["xlsx"]), {"wojewodztwo": "02"})
    assert response["Content-Disposition"].startswith('attachment; filename="partnerstwa-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Partnerstwo" and rows[0][4] == "Lider"
    assert len(rows) == 2
    assert rows[1][0] == "Aglomeracja"
    assert rows[1][4] == "Miasto Gmina0201011"
    assert rows[1][5:9] == (5, 2, 2, 1)
    assert Decimal(str(rows[1][9])) == Decimal("1100.00")


def test_the_csv_export_holds_every_partnership(client, three):
    response = client.get(reverse("partnerships:export", args=["csv"]), {"sortuj": "-name"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in rows[1:]] == ["Celowe", "Bliskie", "Aglomeracja"]


def test_an_unknown_export_format_is_not_found(client, three):
    assert client.get("/partnerstwa/eksport.exe").status_code == 404


def test_an_unknown_partnership_is_not_found(client, db):
    assert client.get(reverse("partnerships:detail", args=["nie-ma"])).status_code == 404


def test_the_public_page_never_reads_a_members_contact_person(client, three):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerstwa.partnerships.services import member_contact_set

    member = three["a"].members.get(role="leader")
    member_contact_set(
        member=member, first_name="Jan", last_name="Kontaktowy", email="jan.k@example.org"
    )
    with CaptureQueriesContext(connection) as queries:
        content = client.get(reverse("partnerships:detail", args=["aglomeracja"])).content
    assert "Kontaktowy" not in content.decode() and "jan.k@example.org" not in content.decode()
    # Experts are named (their names alone); no person's e-mail is even read.
    assert not [q["sql"] for q in queries if '"registry_person"."email"' in q["sql"]]


def test_the_projects_sums_leave_out_unstated_amounts_and_are_none_when_none_is_stated(
    client, three
):
    project_save(partnership=three["a"], title="A3")  # no amounts stated
    response = client.get(reverse("partnerships:detail", args=["aglomeracja"]))
    totals = response.context["totals"]
    assert (totals.total_value, totals.grant, totals.own_contribution) == (
        Decimal("1100.00"),
        Decimal("850.50"),
        Decimal("249.50"),
    )
    assert "1\xa0100,00 zł, dofinansowanie 850,50 zł" in response.content.decode()
    unstated = partnership_with_members(slug="bez-kwot", leader_code="3061011", member_codes=[])
    project_save(partnership=unstated, title="Bez kwot")
    totals = client.get(reverse("partnerships:detail", args=["bez-kwot"])).context["totals"]
    assert (totals.total_value, totals.grant, totals.own_contribution) == (None, None, None)

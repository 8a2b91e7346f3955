"""Issue 11 on the partnerships' pages: made-up records marked on the list, the page, the map
and in the export; members counted in words with Polish plural forms; periods written as Polish
writes them; names in Polish alphabetical and natural order; English content with the Polish
fallback marked lang="pl"."""

import csv
import datetime
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from partnerstwa.lib import illustrative
from partnerstwa.partnerships.models import Partnership, Project
from partnerstwa.partnerships.templatetags.periods import period
from partnerstwa.partnerships.tests.factories import PartnershipFactory, partnership_with_members
from partnerstwa.registry.models import Organisation

pytestmark = pytest.mark.django_db
MARK = "tag-illustrative"
D = datetime.date


@pytest.fixture
def real_and_made_up():
    real = partnership_with_members(name="Prawdziwe", slug="prawdziwe", leader_code="0201011")
    made_up = partnership_with_members(
        name="Przykład nr 1", slug="przyklad-1", leader_code="1421033", member_codes=["1421042"]
    )
    Partnership.objects.filter(pk=made_up.pk).update(is_illustrative=True)
    return real, made_up


def _row(content: str, name: str) -> str:
    start = content.index(f">{name}</a>")
    return content[start : content.index("</tr>", start)]


def test_the_list_marks_a_made_up_partnership_and_not_a_real_one(client, real_and_made_up):
    content = client.get(reverse("partnerships:list")).content.decode()
    assert MARK in _row(content, "Przykład nr 1")
    assert MARK not in _row(content, "Prawdziwe")


def test_the_page_marks_a_made_up_partnership_and_a_made_up_member(client, real_and_made_up):
    made_up_page = client.get(reverse("partnerships:detail", args=["przyklad-1"]))
    assert MARK in made_up_page.content.decode()
    real_page = client.get(reverse("partnerships:detail", args=["prawdziwe"]))
    assert MARK not in real_page.content.decode()
    # A made-up organisation among a real partnership's members is marked on its row.
    Organisation.objects.filter(partnership_memberships__partnership__slug="prawdziwe").filter(
        partnership_memberships__role="member"
    ).update(is_illustrative=True)
    content = client.get(reverse("partnerships:detail", args=["prawdziwe"])).content.decode()
    assert content.count(MARK) == 1


def test_the_map_says_how_many_counted_partnerships_are_made_up(client, real_and_made_up):
    response = client.get(reverse("partnerships:map"))
    rows = {item["region"].code: item for item in response.context["regions"]}
    assert (rows["02"]["count"], rows["02"]["illustrative"]) == (1, 0)
    assert (rows["14"]["count"], rows["14"]["illustrative"]) == (1, 1)
    assert MARK in response.content.decode()
    Partnership.objects.update(is_illustrative=False)
    assert MARK not in client.get(reverse("partnerships:map")).content.decode()


def test_the_export_marks_a_made_up_partnership_in_the_shared_column(client, real_and_made_up):
    made_up = Partnership.objects.get(slug="przyklad-1")
    with translation.override("pl"):
        column, cell = str(illustrative.COLUMN), illustrative.cell(made_up)
    response = client.get(reverse("partnerships:export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    marks = {row["Partnerstwo"]: row[column] for row in rows}
    assert marks == {"Prawdziwe": "", "Przykład nr 1": cell}
    assert cell == "przykład ilustracyjny"


@pytest.mark.parametrize(
    ("members", "heading"),
    [
        (1, "Sektor publiczny: 1 członek"),
        (2, "Sektor publiczny: 2 członkowie"),
        (5, "Sektor publiczny: 5 członków"),
        (12, "Sektor publiczny: 12 członków"),
        (22, "Sektor publiczny: 22 członkowie"),
        (25, "Sektor publiczny: 25 członków"),
    ],
)
def test_members_of_a_sector_are_counted_in_words_with_polish_plural_forms(members, heading):
    from partnerstwa.partnerships.selectors import MemberGroup

    group = MemberGroup("public", "public", members=[object()] * members)
    with translation.override("pl"):
        assert group.heading == heading
    with translation.override("en"):
        assert MemberGroup("social", "social", members=[object()]).heading == (
            "Social sector: 1 member"
        )


def test_the_page_heads_each_sector_with_its_count_in_words(client, real_and_made_up):
    content = client.get(reverse("partnerships:detail", args=["prawdziwe"])).content.decode()
    assert "<h3>Sektor publiczny: 2 członkowie</h3>" in content
    assert "(2)" not in content


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2016, 3, 3), D(2016, 3, 5), "3–5 marca 2016"),
        (D(2016, 7, 27), D(2016, 10, 31), "27 lipca – 31 października 2016"),
        (D(2016, 12, 30), D(2017, 1, 2), "30 grudnia 2016 – 2 stycznia 2017"),
        (D(2016, 3, 3), D(2016, 3, 3), "3 marca 2016"),
        (D(2016, 3, 3), None, "od 3 marca 2016"),
    ],
)
def test_a_period_is_written_as_polish_writes_it(start, end, expected):
    with translation.override("pl"):
        assert period(start, end) == expected


def test_a_projects_period_reads_as_polish_on_the_page(client, real_and_made_up):
    Project.objects.create(
        partnership=real_and_made_up[0],
        title="Projekt",
        starts_on=D(2014, 7, 27),
        ends_on=D(2016, 10, 31),
    )
    content = client.get(reverse("partnerships:detail", args=["prawdziwe"])).content.decode()
    assert "27 lipca 2014 – 31 października 2016" in content
    assert "Lipca" not in content and "Października" not in content


def test_the_list_sorts_names_in_polish_alphabetical_and_natural_order(client, db):
    for name in ["Przykład nr 10", "Łódzkie", "Lubuskie", "Przykład nr 2", "Małopolskie"]:
        PartnershipFactory(name=name)
    response = client.get(reverse("partnerships:list"))
    names = [p.name for p in response.context["page"].object_list]
    assert names == ["Lubuskie", "Łódzkie", "Małopolskie", "Przykład nr 2", "Przykład nr 10"]
    response = client.get(reverse("partnerships:list"), {"sortuj": "-name"})
    assert [p.name for p in response.context["page"].object_list] == list(reversed(names))


def test_the_voivodeship_filter_lists_voivodeships_in_polish_order(client, db):
    from partnerstwa.registry.tests.factories import voivodeship

    for code, name in [("10", "ŁÓDZKIE"), ("08", "LUBUSKIE"), ("12", "MAŁOPOLSKIE")]:
        voivodeship(code, name)
    response = client.get(reverse("partnerships:list"))
    choices = [label for code, label in response.context["form"].fields["wojewodztwo"].choices]
    assert choices[1:] == ["lubuskie", "łódzkie", "małopolskie"]


@override_settings(LANGUAGE_CODE="en")
def test_an_english_page_shows_english_content_and_marks_polish_fallback(client, db):
    english = PartnershipFactory(
        name_pl="Partnerstwo Mikołowskie", name_en="Mikołów Partnership", slug="mikolow"
    )
    english.description_pl = "Opis po polsku."
    english.save()
    client.cookies["django_language"] = "en"
    content = client.get(
        reverse("partnerships:detail", args=["mikolow"]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<h1>Mikołów Partnership</h1>" in content
    assert '<div class="prose" lang="pl"><p>Opis po polsku.</p></div>' in content


def test_the_back_office_edits_both_languages_side_by_side(admin_client, real_and_made_up):
    partnership = real_and_made_up[0]
    response = admin_client.get(
        reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    )
    fields = response.context["adminform"].form.fields
    assert {"name_pl", "name_en", "description_pl", "description_en"} <= set(fields)
    from partnerstwa.programme.models import Programme

    programme = Programme.objects.create(name="Program", operator="Operator")
    response = admin_client.get(reverse("admin:programme_programme_change", args=[programme.pk]))
    assert {"name_pl", "name_en", "operator_pl", "operator_en"} <= set(
        response.context["adminform"].form.fields
    )


def test_the_back_office_lists_partnerships_in_polish_natural_order(admin_client):
    for name in ["Przykład nr 10", "Łódzkie", "Lubuskie", "Przykład nr 2"]:
        PartnershipFactory(name=name)
    response = admin_client.get(reverse("admin:partnerships_partnership_changelist"))
    names = [p.name for p in response.context["cl"].result_list]
    assert names == ["Lubuskie", "Łódzkie", "Przykład nr 2", "Przykład nr 10"]

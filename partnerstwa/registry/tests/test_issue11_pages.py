"""Issue 11 on the register's pages and back office: made-up organisations and memberships
marked, the register's counts with plural forms on /samorzady/, "no organisation yet" said once,
and units in Polish alphabetical order."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from partnerstwa.registry.models import Association, AssociationMembership, Organisation
from partnerstwa.registry.services import membership_create, organisation_create
from partnerstwa.registry.tests.factories import PersonFactory, gmina, voivodeship

pytestmark = pytest.mark.django_db
MARK = "tag-illustrative"


@pytest.fixture
def units(db):
    return {
        "urban": gmina("0201011", "Bolesławiec"),
        "rural": gmina("0201022", "Bolesławiec"),
        "other": gmina("0201032", "Gromadka"),
    }


def _city(units, *, illustrative=False, membership_illustrative=False):
    city = organisation_create(kind="gmina", territorial_unit=units["urban"])
    Organisation.objects.filter(pk=city.pk).update(is_illustrative=illustrative)
    membership = membership_create(
        association=Association.objects.get(code="ZMP"),
        organisation=city,
        joined_on=datetime.date(1990, 5, 1),
    )
    AssociationMembership.objects.filter(pk=membership.pk).update(
        is_illustrative=membership_illustrative
    )
    return city


def test_a_unit_page_marks_a_made_up_membership_and_not_a_real_one(client, units):
    _city(units, membership_illustrative=True)
    content = client.get(reverse("registry:unit_detail", args=["0201011"])).content.decode()
    assert MARK in content
    AssociationMembership.objects.update(is_illustrative=False)
    content = client.get(reverse("registry:unit_detail", args=["0201011"])).content.decode()
    assert MARK not in content


def test_a_made_up_organisation_is_marked_on_its_unit_and_its_parents_list(client, units):
    _city(units, illustrative=True)
    for code in ("0201011", "0201"):
        content = client.get(reverse("registry:unit_detail", args=[code])).content.decode()
        assert content.count(MARK) == 1, code
    Organisation.objects.update(is_illustrative=False)
    for code in ("0201011", "0201"):
        content = client.get(reverse("registry:unit_detail", args=[code])).content.decode()
        assert MARK not in content, code


def test_search_results_mark_a_made_up_membership(client, units):
    _city(units, membership_illustrative=True)
    content = client.get(reverse("registry:unit_index"), {"q": "Bolesławiec"}).content.decode()
    assert content.count(MARK) == 1


def test_the_register_page_shows_its_counts_with_polish_plural_forms(client, units):
    gmina("0202011", "Chojnów")  # 2 powiats, 4 gminas
    voivodeship("04", "KUJAWSKO-POMORSKIE")  # 2 voivodeships
    content = client.get(reverse("registry:unit_index")).content.decode()
    assert "2 województwa" in content
    assert "2 powiaty" in content
    assert "4 gminy" in content
    assert "0 organizacji w rejestrze" in content


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 gmina"),
        (2, "2 gminy"),
        (5, "5 gmin"),
        (12, "12 gmin"),
        (22, "22 gminy"),
        (25, "25 gmin"),
    ],
)
def test_the_register_counts_read_as_polish_for_every_number(n, expected):
    from django.template import Context, Template

    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n with shown=n %}{{ shown }} gmina"
        "{% plural %}{{ shown }} gminas{% endblocktranslate %}"
    )
    with translation.override("pl"):
        assert template.render(Context({"n": n})) == expected


def test_a_unit_without_an_organisation_is_said_once_not_on_every_row(client, units):
    content = client.get(reverse("registry:unit_detail", args=["0201"])).content.decode()
    assert "nie ma jeszcze w rejestrze" in content
    assert content.count("nie ma jeszcze w rejestrze") == 1
    assert "brak w rejestrze" not in content and "nie w rejestrze" not in content


def test_units_below_are_in_polish_alphabetical_order(client, db):
    for code, name in [
        ("1061011", "Łódź"),
        ("1062011", "Lublinek"),
        ("1063011", "Mszczonów"),
        ("1064011", "Ldzań"),
    ]:
        gmina(code, name)
    response = client.get(reverse("registry:unit_detail", args=["10"]))
    names = [unit.name for unit in response.context["children"]]
    # Powiats named after their codes by the factory; sort_key orders them as the page does.
    from partnerstwa.lib.collation import sort_key

    assert names == sorted(names, key=sort_key)
    found = client.get(reverse("registry:unit_index"), {"q": "l"}).context["page"].object_list
    found_names = [unit.name for unit in found]
    assert found_names.index("Ldzań") < found_names.index("Lublinek") < found_names.index("Łódź")


def test_the_back_office_lists_and_filters_made_up_organisations_and_people(admin_client, units):
    _city(units, illustrative=True)
    organisation_create(kind="gmina", territorial_unit=units["rural"])
    PersonFactory(last_name="Prawdziwa")
    made_up = PersonFactory(last_name="Zmyślona")
    made_up.is_illustrative = True
    made_up.save()
    organisations = admin_client.get(
        reverse("admin:registry_organisation_changelist"), {"is_illustrative__exact": "1"}
    )
    assert [o.is_illustrative for o in organisations.context["cl"].result_list] == [True]
    assert "is_illustrative" in organisations.context["cl"].list_display
    people = admin_client.get(
        reverse("admin:registry_person_changelist"), {"is_illustrative__exact": "1"}
    )
    assert [p.last_name for p in people.context["cl"].result_list] == ["Zmyślona"]
    assert "is_illustrative" in people.context["cl"].list_display


def test_the_back_office_lists_organisations_and_people_in_polish_natural_order(admin_client):
    from partnerstwa.registry.tests.factories import OrganisationFactory

    for name in ["Maków", "Łódź", "Lublin", "Nr 10", "Nr 2"]:
        OrganisationFactory(name=name)
    for last_name in ["Łukasik", "Lis", "Mazur"]:
        PersonFactory(last_name=last_name)
    organisations = admin_client.get(reverse("admin:registry_organisation_changelist"))
    names = [o.name for o in organisations.context["cl"].result_list]
    assert names == ["Lublin", "Łódź", "Maków", "Nr 2", "Nr 10"]
    people = admin_client.get(reverse("admin:registry_person_changelist"))
    assert [p.last_name for p in people.context["cl"].result_list] == ["Lis", "Łukasik", "Mazur"]

"""Issue 11, staff: a typed organisation name the registry does not know gets the closest
registry organisations, office words set aside and the place's inflection stemmed."""

import pytest

from partnerstwa.registry.selectors import organisation_suggestions
from partnerstwa.registry.tests.factories import OrganisationFactory, gmina, powiat

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    return {
        "koszalin": OrganisationFactory(
            kind="gmina", name="Miasto Koszalin", territorial_unit=gmina("3261011", "Koszalin")
        ),
        "boleslawiec": OrganisationFactory(
            kind="gmina", name="Gmina Miejska Bolesławiec", territorial_unit=gmina()
        ),
        "boleslawiecki": OrganisationFactory(
            kind="powiat", name="Powiat bolesławiecki", territorial_unit=powiat()
        ),
        "ngo": OrganisationFactory(kind="ngo", name="Stowarzyszenie Koszalińskie Forum"),
    }


def names(found, typed):
    return [organisation.name for organisation in found[typed]]


def test_a_town_hall_in_the_genitive_suggests_the_city(organisations):
    found = organisation_suggestions(["Urząd Miasta Koszalina"])
    assert names(found, "Urząd Miasta Koszalina")[0] == "Miasto Koszalin"


def test_a_starostwo_suggests_the_powiat_before_the_town_of_the_same_stem(organisations):
    typed = "Starostwo Powiatowe w Bolesławcu"
    assert names(organisation_suggestions([typed]), typed)[:2] == [
        "Powiat bolesławiecki",
        "Gmina Miejska Bolesławiec",
    ]


def test_nothing_alike_suggests_nothing_and_blank_names_are_skipped(organisations):
    found = organisation_suggestions(["Zupełnie Inna Nazwa", "  ", "Urząd Gminy"])
    assert found == {"Zupełnie Inna Nazwa": []}


def test_many_names_cost_one_query(organisations, django_assert_num_queries):
    with django_assert_num_queries(1):
        organisation_suggestions([f"Urząd Miasta Koszalina {n}" for n in range(20)])

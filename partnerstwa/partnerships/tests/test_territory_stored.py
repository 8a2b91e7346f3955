"""A partnership's territory (the gminas its members cover and their population) is counted once
per change of the partnerships or the registry and stored (lib.figures): every later view reads
it, and a change shows at once after its commit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerstwa.lib.models import StoredFigures
from partnerstwa.partnerships.selectors import partnership_get, partnership_territory
from partnerstwa.partnerships.services import member_add, member_end
from partnerstwa.partnerships.tests.factories import (
    gmina_organisation,
    partnership_with_members,
    powiat_organisation,
)
from partnerstwa.registry.models import PopulationFigure

pytestmark = pytest.mark.django_db


def figure(code: str, total: int, year: int = 2019) -> PopulationFigure:
    return PopulationFigure(
        unit_code=code, year=year, pre_working=0, working=total, post_working=0, total=total
    )


@pytest.fixture
def covered(kept):
    """Two member gminas with figures for 2019, and a third gmina of their powiat without one:
    committed, with small reads kept, so the territory is stored as in production."""

    def write():
        partnership = partnership_with_members(
            name="T", slug="t", leader_code="0201011", member_codes=["0201022"]
        )
        gmina_organisation("0201032", "Żmigród")
        gmina_organisation("0201042", "Bardo")
        PopulationFigure.objects.bulk_create([figure("0201011", 100), figure("0201022", 20)])
        return partnership

    return kept(write)


def territory_of(slug: str = "t", year: int | None = None):
    return partnership_territory(partnership_get(slug), year=year)


def _territory_reads(queries) -> list[str]:
    """Reads of population figures: with reads kept (READ_CACHE), the years that have figures
    are kept between changes, and what is left is the covered gminas' figures."""
    return [query["sql"] for query in queries if '"registry_populationfigure"' in query["sql"]]


def test_the_territory_is_counted_once_and_then_read_from_the_stored_figures(covered):
    first = territory_of()
    assert (first.gminas, first.year, first.population) == (2, 2019, 120)
    assert StoredFigures.objects.filter(name=f"territory {covered.pk} 2019").count() == 1
    partnership = partnership_get("t")
    with CaptureQueriesContext(connection) as queries:
        again = partnership_territory(partnership)
    assert again == first
    assert not _territory_reads(queries)


def test_each_year_asked_for_is_stored_on_its_own(covered, commit):
    commit(lambda: PopulationFigure.objects.bulk_create([figure("0201011", 90, year=2018)]))
    assert (territory_of().year, territory_of().population) == (2019, 120)
    assert (territory_of(year=2018).year, territory_of(year=2018).population) == (2018, 90)
    names = set(StoredFigures.objects.values_list("name", flat=True))
    assert {f"territory {covered.pk} 2019", f"territory {covered.pk} 2018"} <= names


def test_a_member_added_shows_in_the_territory_at_once_after_it_is_committed(covered, commit):
    territory_of()
    commit(lambda: member_add(partnership=covered, organisation=powiat_organisation("0201")))
    territory = territory_of()
    assert territory.gminas == 4
    assert territory.population == 120
    # Gminas without a figure are named in Polish alphabetical order.
    assert [(unit.name, unit.code) for unit in territory.gminas_without_figure] == [
        ("Bardo", "0201042"),
        ("Żmigród", "0201032"),
    ]


def test_a_member_that_left_is_no_longer_counted_at_once(covered, commit):
    territory_of()
    member = covered.members.get(organisation__territorial_unit__code="0201022")
    commit(lambda: member_end(member=member, left_on=datetime.date(2020, 1, 1)))
    territory = territory_of()
    assert (territory.gminas, territory.population) == (1, 100)


def test_a_population_figure_added_to_the_register_shows_at_once(covered, commit):
    # Only the registry changes: the stored territory must be keyed on it too.
    territory_of()
    commit(
        lambda: PopulationFigure.objects.filter(unit_code="0201022").update(working=25, total=25)
    )
    assert territory_of().population == 125


def test_the_page_reads_the_stored_territory(client, covered):
    url = reverse("partnerships:detail", args=["t"])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert (response.context["territory"].gminas, response.context["territory"].population) == (
        2,
        120,
    )
    assert not _territory_reads(queries)

"""Malformed input gets a clear refusal, never a server error (on SQLite and PostgreSQL)."""

import pytest
from django.core.management import CommandError, call_command

from partnerstwa.activities.tests.factories import event
from partnerstwa.partnerships.tests.factories import PartnershipFactory, partnership_with_members
from partnerstwa.registry.models import PopulationFigure

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/samorzady/?q=a%00b",
        "/samorzady/a%00b/",
        "/certyfikaty/A%00B/",
        "/wydarzenia/organizacje/?organisation=ab%00c",
        "/partnerstwa/?q=%00",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request(client, url):
    assert client.get(url).status_code == 400


def _listed(response) -> list[str]:
    """The rows a list page shows, by name, in the order shown."""
    assert response.status_code == 200
    return [str(row) for row in response.context["page"].object_list]


def _territory(response) -> tuple:
    """What a partnership page says of its territory, the only part that reads ``rok``."""
    assert response.status_code == 200
    territory = response.context["territory"]
    return (
        territory.year,
        territory.population,
        territory.gminas,
        [unit.code for unit in territory.units],
        [unit.code for unit in territory.gminas_without_figure],
    )


def test_odd_digits_and_numbers_are_ignored_not_crashing(client):
    """An odd value is ignored: the page lists exactly what it lists without that parameter."""
    partnership = partnership_with_members(leader_code="0201011", member_codes=["0201022"])
    partnership_with_members(leader_code="1061011", member_codes=[])
    PartnershipFactory()
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            unit_code=code, year=year, pre_working=0, working=total, post_working=0, total=total
        )
        for code, year, total in [
            ("0201011", 2019, 100),
            ("0201022", 2019, 20),
            ("0201011", 2018, 90),
        ]
    )
    for _ in range(3):
        event()
    detail = f"/partnerstwa/{partnership.slug}/"
    plain = _territory(client.get(detail))
    assert plain[:2] == (2019, 120)  # the latest year, so a dropped "rok" is visible
    for query in ["rok=%C2%B2", "rok=99999999999999999999", "rok=abc"]:
        assert _territory(client.get(f"{detail}?{query}")) == plain, query
    # Each list fits on one page, so an odd page number leaves the same rows.
    for url in ["/partnerstwa/", "/wydarzenia/"]:
        plain = _listed(client.get(url))
        assert len(plain) == 3, url
        for query in ["page=abc", "page=999999", "page=-1", "program=xyz", "wojewodztwo=%C2%B2"]:
            assert _listed(client.get(f"{url}?{query}")) == plain, f"{url}?{query}"


def test_import_commands_reject_unreadable_csv_rows_cleanly(tmp_path):
    huge = tmp_path / "terc.csv"
    huge.write_text(
        'WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n02;;;;"' + "x" * 200_000 + '";;2022-01-01\n'
    )
    with pytest.raises(CommandError) as error:
        call_command("import_teryt", str(huge))
    assert "wiersz" in str(error.value)
    odd = tmp_path / "population.csv"
    groups = ["przedprodukcyjnym", "produkcyjnym", "poprodukcyjnym"]
    header = ";".join(['"Kod"', '"Nazwa"'] + [f'"w wieku {g};ogółem;2019;[osoba]"' for g in groups])
    odd.write_text(header + ';\n0201011;"B";²;1;1;\n', encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_population", str(odd))
    assert "wiersz 2" in str(error.value)

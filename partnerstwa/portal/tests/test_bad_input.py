"""Malformed input gets a clear refusal, never a server error (on SQLite and PostgreSQL)."""

import pytest
from django.core.management import CommandError, call_command

from partnerstwa.partnerships.tests.factories import PartnershipFactory

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


def test_odd_digits_and_numbers_are_ignored_not_crashing(client):
    partnership = PartnershipFactory()
    for query in ["rok=%C2%B2", "rok=99999999999999999999", "rok=abc"]:
        assert client.get(f"/partnerstwa/{partnership.slug}/?{query}").status_code == 200
    for query in ["page=abc", "page=999999", "page=-1", "program=xyz", "wojewodztwo=%C2%B2"]:
        assert client.get(f"/partnerstwa/?{query}").status_code == 200
        assert client.get(f"/wydarzenia/?{query}").status_code == 200


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

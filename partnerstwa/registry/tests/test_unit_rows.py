"""The rows of the table of units below a unit (registry.templatetags.unit_rows): written in
Python for speed, so every value is tested to be shown, translated and escaped as the template
loop showed it, and the organisations are read once whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerstwa.registry.tests.factories import (
    AssociationFactory,
    MembershipFactory,
    OrganisationFactory,
    gmina,
    local_government,
    powiat,
)

pytestmark = pytest.mark.django_db
POWIAT = reverse("registry:unit_detail", args=["0201"])


@pytest.fixture
def units():
    powiat()
    member = OrganisationFactory(
        kind="gmina",
        name='Miasto <b>"B"</b> & Co',
        territorial_unit=gmina("0201011", "Bolesławiec"),
    )
    MembershipFactory(
        association=AssociationFactory(code="ZMP", name="Związek Miast Polskich"),
        organisation=member,
        joined_on=datetime.date(2010, 1, 1),
    )
    local_government(gmina("0201022", "Gromadka"), is_illustrative=True)
    gmina("0201032", "Nowogrodziec")  # no organisation yet


def row_of(content: str, code: str) -> str:
    start = content.rindex("<tr>", 0, content.index(f">{code}</td>"))
    return content[start : content.index("</tr>", start) + 5]


def test_a_unit_row_links_the_unit_and_shows_its_organisation_and_memberships(client, units):
    content = client.get(POWIAT).content.decode()
    assert row_of(content, "0201011") == (
        '<tr><th scope="row"><a href="/samorzady/0201011/">Bolesławiec</a></th>'
        '<td data-label="kod TERC">0201011</td><td data-label="Rodzaj">gmina miejska</td>'
        '<td data-label="Organizacja">Miasto &lt;b&gt;&quot;B&quot;&lt;/b&gt; &amp; Co '
        '<span class="badge" title="Związek Miast Polskich">ZMP</span> </td></tr>'
    )


def test_a_made_up_organisation_is_marked_and_a_unit_without_one_shows_a_dash(client, units):
    content = client.get(POWIAT).content.decode()
    assert 'class="tag tag-illustrative"' in row_of(content, "0201022")
    assert row_of(content, "0201032").endswith(
        '<td data-label="Organizacja"><span class="muted" title="Brak organizacji">—</span>'
        "</td></tr>"
    )


def test_the_rows_are_in_english_for_an_english_visitor(client, units):
    client.cookies["django_language"] = "en"
    row = row_of(client.get(POWIAT).content.decode(), "0201032")
    assert '<td data-label="TERC code">0201032</td><td data-label="Type">' in row
    assert 'title="No organisation yet"' in row


def test_the_organisations_of_the_units_below_are_read_once_whatever_their_number(client, units):
    def organisation_reads() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(POWIAT).status_code == 200
        return [q["sql"] for q in queries if q["sql"].startswith('SELECT "registry_organisation"')]

    before = organisation_reads()
    for number in range(4, 10):
        OrganisationFactory(
            kind="gmina", territorial_unit=gmina(f"02010{number}2", f"Gmina {number}")
        )
    assert len(organisation_reads()) == len(before)

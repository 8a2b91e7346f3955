"""The rows of a partnership's members table and the list of its units
(partnerships.templatetags.partnership_rows): written in Python for speed, so every value is
tested to be shown, translated and escaped as the template loops showed it."""

import datetime

import pytest
from django.urls import reverse

from partnerstwa.partnerships.services import member_add
from partnerstwa.partnerships.tests.factories import (
    PartnershipFactory,
    gmina_organisation,
    powiat_organisation,
)
from partnerstwa.registry.services import organisation_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    partnership = PartnershipFactory(slug="p")
    member_add(
        partnership=partnership,
        organisation=gmina_organisation("0201011", "Bolesławiec"),
        role="leader",
        joined_on=datetime.date(2014, 5, 6),
    )
    member_add(
        partnership=partnership,
        organisation=organisation_create(kind="ngo", name='Stowarzyszenie <b>"Razem"</b> & Co'),
        joined_on=datetime.date(2014, 1, 2),
        left_on=datetime.date(2015, 12, 31),
    )
    made_up = organisation_create(kind="business", name="Firma Przykładowa")
    made_up.is_illustrative = True
    made_up.save()
    member_add(partnership=partnership, organisation=made_up)
    return partnership


def page(client, language: str = "pl") -> str:
    client.cookies["django_language"] = language
    return client.get(reverse("partnerships:detail", args=["p"])).content.decode()


def test_a_local_government_member_links_to_its_unit_with_its_role_and_dates_in_polish(
    client, members
):
    assert (
        '<tr><th scope="row"><a href="/samorzady/0201011/">Miasto Bolesławiec</a></th>'
        '<td data-label="Rola">lider</td><td data-label="Data przystąpienia">6 maja 2014</td>'
        '<td data-label="Data wystąpienia">—</td></tr>'
    ) in page(client)


def test_a_member_without_a_unit_is_named_unlinked_and_its_name_is_escaped(client, members):
    assert (
        '<tr><th scope="row">Stowarzyszenie &lt;b&gt;&quot;Razem&quot;&lt;/b&gt; &amp; Co</th>'
        '<td data-label="Rola">członek</td><td data-label="Data przystąpienia">2 stycznia 2014'
        '</td><td data-label="Data wystąpienia">31 grudnia 2015</td></tr>'
    ) in page(client)


def test_a_made_up_member_is_marked_and_an_unknown_date_is_a_dash(client, members):
    content = page(client)
    row = content[
        content.index("Firma Przykładowa") : content.index(
            "</tr>", content.index("Firma Przykładowa")
        )
    ]
    assert 'class="tag tag-illustrative"' in row
    assert '<td data-label="Data przystąpienia">—</td>' in row


def test_the_rows_are_in_english_for_an_english_visitor(client, members):
    assert (
        '<td data-label="Role">leader</td><td data-label="Joined on">6 May 2014</td>'
        '<td data-label="Left on">—</td>'
    ) in page(client, "en")


def test_each_unit_of_the_territory_is_linked_and_named_in_full(client, members):
    member_add(partnership=members, organisation=powiat_organisation("0201", "bolesławiecki"))
    assert (
        '<ul class="units"><li><a href="/samorzady/0201/">powiat bolesławiecki</a></li>'
        '<li><a href="/samorzady/0201011/">Bolesławiec (gmina miejska)</a></li></ul>'
    ) in page(client)
    assert (
        '<ul class="units"><li><a href="/samorzady/0201/">bolesławiecki powiat</a></li>'
        '<li><a href="/samorzady/0201011/">Bolesławiec (urban gmina)</a></li></ul>'
    ) in page(client, "en")


def test_the_public_forms_offer_every_partnership_in_polish_order_a_made_up_one_marked(client):
    named = ((10, "Partnerstwo nr 10"), (2, "Partnerstwo nr 2"), (1, "Łączy nas rzeka"))
    for number, name in named:
        PartnershipFactory(slug=f"p{number}", name=name, is_illustrative=number == 10)
    content = client.get(reverse("advocacy:report")).content.decode()
    options = content[content.index('<select name="partnership"') :]
    options = options[: options.index("</select>")]
    assert [line.split(">")[1].split("<")[0] for line in options.split("<option")[1:]] == [
        "---------",
        "Łączy nas rzeka",
        "Partnerstwo nr 2",
        "Partnerstwo nr 10 (przykład ilustracyjny)",
    ]

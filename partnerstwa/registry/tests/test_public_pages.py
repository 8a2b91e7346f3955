import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerstwa.registry.models import Association
from partnerstwa.registry.services import membership_create, organisation_create
from partnerstwa.registry.tests.factories import PersonFactory, gmina, powiat, voivodeship


@pytest.fixture
def register(db):
    units = {
        "urban": gmina("0201011", "Bolesławiec"),
        "rural": gmina("0201022", "Bolesławiec"),
        "lodz": gmina("1061011", "Łódź"),
        "zgierz": gmina("1020011", "Zgierz"),
    }
    city = organisation_create(kind="gmina", territorial_unit=units["urban"])
    membership_create(
        association=Association.objects.get(code="ZMP"),
        organisation=city,
        joined_on=datetime.date(1990, 5, 1),
    )
    return units


def test_the_register_starts_with_voivodeships(client, register):
    response = client.get(reverse("registry:unit_index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'href="/samorzady/02/"' in content and "dolnośląskie" in content


def test_a_powiat_lists_its_gminas_with_organisation_and_memberships(client, register):
    response = client.get(reverse("registry:unit_detail", args=["0201"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Miasto Bolesławiec" in content and ">ZMP<" in content
    assert 'href="/samorzady/0201022/"' in content


def test_a_gmina_page_shows_its_organisation_and_dated_memberships(client, register):
    response = client.get(reverse("registry:unit_detail", args=["0201011"]))
    content = response.content.decode()
    assert "Miasto Bolesławiec" in content
    assert "Związek Miast Polskich" in content and "1 maja 1990" in content
    assert 'href="/samorzady/0201/"' in content  # breadcrumbs up the hierarchy


def test_an_unknown_code_is_not_found(client, register):
    assert client.get("/samorzady/9999999/").status_code == 404


@pytest.mark.parametrize("query", ["lodz", "ŁÓDŹ", "łodz", "  Lódź "])
def test_search_ignores_polish_diacritics_and_case(client, register, query):
    response = client.get(reverse("registry:unit_index"), {"q": query})
    content = response.content.decode()
    assert 'href="/samorzady/1061011/"' in content
    assert 'href="/samorzady/1020011/"' not in content


def test_search_finds_both_gminas_of_the_same_name(client, register):
    content = client.get(reverse("registry:unit_index"), {"q": "boleslawiec"}).content.decode()
    assert 'href="/samorzady/0201011/"' in content and 'href="/samorzady/0201022/"' in content


def test_retired_units_are_left_out_of_lists_but_keep_their_page(client, register):
    rural = register["rural"]
    rural.retired_on = datetime.date(2022, 1, 1)
    rural.save()
    assert 'href="/samorzady/0201022/"' not in client.get("/samorzady/0201/").content.decode()
    page = client.get("/samorzady/0201022/")
    assert page.status_code == 200 and "2022" in page.content.decode()


def test_no_personal_data_reaches_the_public_register_pages(client, register):
    person = PersonFactory(first_name="Zofia", last_name="Tajna", email="zofia.tajna@example.org")
    organisation = register["urban"].organisations.get()
    person.affiliations.create(organisation=organisation, position="Sekretarz")
    for url in [
        "/",
        "/samorzady/",
        "/samorzady/0201/",
        "/samorzady/0201011/",
        "/samorzady/?q=tajna",
    ]:
        content = client.get(url).content.decode()
        assert "Tajna" not in content and "zofia.tajna@example.org" not in content, url


def _more_rows_on_every_list():
    """More voivodeships, more powiats of 02 and more gminas of 0201 whose names contain "bo",
    each gmina with an organisation and a membership: rows for each list page below."""
    zmp = Association.objects.get(code="ZMP")
    for code, name in [("04", "KUJAWSKO-POMORSKIE"), ("06", "LUBELSKIE"), ("08", "LUBUSKIE")]:
        voivodeship(code, name)
    for code, name in [("0202", "dzierżoniowski"), ("0203", "głogowski"), ("0204", "górowski")]:
        powiat(code, name)
    for code, name in [
        ("0201032", "Bobolice"),
        ("0201043", "Borów"),
        ("0201052", "Bogatynia"),
        ("0201062", "Bolków"),
    ]:
        organisation = organisation_create(kind="gmina", territorial_unit=gmina(code, name))
        membership_create(
            association=zmp, organisation=organisation, joined_on=datetime.date(2001, 1, 1)
        )


@pytest.mark.parametrize(
    "url", ["/samorzady/", "/samorzady/02/", "/samorzady/0201/", "/samorzady/?q=bo"]
)
def test_list_pages_make_a_constant_number_of_queries(
    client, register, url, django_assert_max_num_queries
):
    client.get(url)  # a first request may fill caches; measure a warm one
    with CaptureQueriesContext(connection) as few:
        rows_before = client.get(url).content.decode().count('href="/samorzady/')
    _more_rows_on_every_list()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('href="/samorzady/') > rows_before  # more rows shown


def test_public_pages_answer_only_get(client, register):
    assert client.post("/samorzady/").status_code == 405
    assert client.post("/").status_code in (403, 405)

import datetime

import pytest
from django.core.management import call_command

from partnerstwa.programme.models import Programme
from partnerstwa.registry.models import Association
from partnerstwa.registry.services import membership_create, organisation_create
from partnerstwa.registry.tests.factories import OrganisationFactory, gmina


@pytest.mark.django_db
def test_home_counts_come_from_the_records(client):
    city = organisation_create(kind="gmina", territorial_unit=gmina("0201011"))
    organisation_create(kind="gmina", territorial_unit=gmina("0201022"))
    OrganisationFactory()
    membership_create(
        association=Association.objects.get(code="ZMP"),
        organisation=city,
        joined_on=datetime.date(2000, 1, 1),
    )

    response = client.get("/")

    summary = response.context["summary"]
    assert (summary.organisations, summary.local_governments, summary.cities) == (3, 2, 1)
    assert summary.programme_association_members == 1
    assert (summary.voivodeships, summary.powiats, summary.gminas) == (1, 1, 2)


@pytest.mark.django_db
def test_home_describes_the_demo_programme_with_its_sources(client):
    call_command("load_demo", verbosity=0)
    content = client.get("/").content.decode()
    assert "Budowanie kompetencji do współpracy międzysamorządowej" in content
    assert "Związek Miast Polskich" in content
    assert "10\xa0622\xa0115,00" in content  # Polish grouping uses a no-break space
    assert "https://www.eog.gov.pl/" in content


@pytest.mark.django_db
def test_home_without_a_programme_says_so_and_still_counts(client):
    organisation_create(kind="gmina", territorial_unit=gmina("0201011"))
    response = client.get("/")
    content = response.content.decode()
    assert not Programme.objects.exists()
    assert (
        "Nie opisano jeszcze żadnego programu. Pracownicy mogą to zrobić w panelu administracyjnym."
    ) in content
    assert response.context["summary"].organisations == 1
    assert '<span class="stat-value">1</span> <span class="stat-label">organizacje' in content


@pytest.mark.django_db
def test_layout_has_a_skip_link_navigation_privacy_link_and_language_switch(client):
    content = client.get("/").content.decode()
    assert '<html lang="pl">' in content
    assert 'href="#main"' in content and 'id="main"' in content
    assert 'href="/prywatnosc/"' in content
    assert 'action="/i18n/setlang/"' in content and "csrfmiddlewaretoken" in content


@pytest.mark.django_db
def test_the_interface_switches_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = client.get("/").content.decode()
    assert '<html lang="en">' in content and "Local governments" in content


@pytest.mark.django_db
def test_privacy_notice_page_is_public(client):
    response = client.get("/prywatnosc/")
    assert response.status_code == 200
    assert "RODO" in response.content.decode() or "PUODO" in response.content.decode()


@pytest.mark.django_db
def test_finding_9_a_programme_website_saved_before_the_link_rule_shows_as_text(client):
    call_command("load_demo", verbosity=0)
    Programme.objects.update(website="javascript:alert(1)")
    content = client.get("/").content.decode()
    assert "javascript:alert(1)" in content
    assert 'href="javascript:' not in content

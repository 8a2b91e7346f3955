import datetime

import pytest
from django.core.management import call_command

from partnerstwa.activities.tests.factories import event
from partnerstwa.content.models import Identity
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.portal.tests import sample_site
from partnerstwa.programme.models import Programme

# The home is the editors' Wagtail page: the site, the page and its view restrictions (Wagtail's
# routing), the translation for the language switch, the programme, the identity, the demo
# notice, the figures (compute), the events, the news, the editions with their awards: measured
# 28 on a warm cache with the sample site; a little room, never growing with rows.
HOME_QUERIES = 30


@pytest.mark.django_db
def test_the_home_is_the_editors_page_composed_from_blocks(client):
    """Issue 12: Wagtail serves `/` (the editors' home page), not a fixed Django view."""
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["page"].specific_class.__name__ == "HomePage"


@pytest.mark.django_db
def test_home_describes_the_demo_programme_with_its_sources(client):
    call_command("load_demo", verbosity=0)
    content = client.get("/").content.decode()
    assert "Budowanie kompetencji do współpracy międzysamorządowej" in content
    assert "Związek Miast Polskich" in content
    assert "10\xa0622\xa0115,00" in content  # Polish grouping uses a no-break space
    assert "https://www.eog.gov.pl/" in content


@pytest.mark.django_db
def test_home_without_a_programme_says_so(client):
    response = client.get("/")
    content = response.content.decode()
    assert not Programme.objects.exists()
    assert (
        "Nie opisano jeszcze żadnego programu. Pracownicy mogą to zrobić w panelu administracyjnym."
    ) in content
    assert "Dotychczasowe wyniki (stan na " in content


@pytest.mark.django_db
def test_finding_pages_home_leads_with_the_programme_results_as_of_its_end(client):
    """Issue 11, pages: the headline is the programme's story and its results as of its end,
    in Polish plural forms and genitive dates, not the register's counts."""
    call_command("load_demo", verbosity=0)
    content = client.get("/").content.decode()
    assert "od czerwca 2012 do 31 października 2016" in content
    assert "Wyniki programu – stan na 31 października 2016, dzień jego zakończenia" in content
    assert '<span class="stat-value">2</span> <span class="stat-label">edycje konkursu</span>' in (
        content
    )
    assert "?na_dzien=2016-10-31" in content
    assert "w rejestrze TERYT" not in content


@pytest.mark.django_db
def test_finding_pages_home_shows_the_next_events_and_the_latest_laureates(client):
    site = sample_site.build()
    content = client.get("/").content.decode()
    for happening in site["events"][:3]:
        assert f'href="/wydarzenia/{happening.slug}/"' in content
    assert 'href="/wydarzenia/konferencja-probna/"' not in content  # past
    assert "Nagrody i wyróżnienia – Konkurs próbny 2015" in content
    assert "Rozstrzygnięto 16 grudnia 2015" in content
    laureate = content.index("Partnerstwo próbne 1</a> — laureat")
    assert laureate < content.index("— wyróżnienie")


@pytest.mark.django_db
def test_finding_pages_home_query_count_is_bounded(client, django_assert_max_num_queries):
    sample_site.build()
    assert client.get("/").status_code == 200  # warm Wagtail's cached site root paths
    with django_assert_max_num_queries(HOME_QUERIES):
        client.get("/")
    for number in range(4):
        event(title=f"Więcej {number}", slug=f"wiecej-{number}")
        contest = edition(status="published", decided_on=datetime.date(2016, 1, number + 1))
        application(contest, status="laureate")
    with django_assert_max_num_queries(HOME_QUERIES):
        assert client.get("/").status_code == 200


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


@pytest.mark.django_db
def test_finding_english_the_layout_marks_polish_programme_texts_shown_in_english(client):
    """Issue 11 (WCAG 3.1.2): the page says it is English; the programme's texts that have no
    English version are shown in Polish marked lang="pl", the language switch names each
    language in itself."""
    call_command("load_demo", verbosity=0)
    Programme.objects.update(name_en="", short_name_en="", operator_en="")
    Identity.objects.update(name_en="")  # the footer names the association from the CMS
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = client.get("/").content.decode()
    assert '<html lang="en">' in content
    assert '<span class="brand-programme" lang="pl">' in content
    assert '<p lang="pl">Związek Miast Polskich</p>' in content
    assert '<option value="pl" lang="pl">polski</option>' in content
    assert '<option value="en" lang="en" selected>English</option>' in content

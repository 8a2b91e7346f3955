"""Issue 11 (truth): while any made-up record exists, every page says the site holds demo data
and links to a page that tells what is real (with its sources) and what is made up."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerstwa.activities.models import Attendance, Session
from partnerstwa.activities.tests.factories import event
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.portal.selectors import has_illustrative_records
from partnerstwa.portal.tests import sample_site
from partnerstwa.registry.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

NOTICE = (
    "Serwis zawiera dane demonstracyjne: część rekordów jest zmyślona i oznaczona jako "
    "„przykład ilustracyjny”."
)
LINK = '<a href="/o-danych/">Co jest prawdziwe, a co zmyślone →</a>'


def _attendance(**fields):
    happening = event(starts_at=timezone.now() - datetime.timedelta(days=3))
    return Attendance.objects.create(
        session=Session.objects.get(event=happening, number=1),
        person=PersonFactory(),
        method="import",
        **fields,
    )


# One made-up record of each kind the demo invents, and nothing else made up.
ILLUSTRATIVE = {
    "partnership": lambda: PartnershipFactory(is_illustrative=True),
    "event": lambda: event(is_illustrative=True),
    "contest edition": lambda: edition(is_illustrative=True),
    "association membership": lambda: MembershipFactory(is_illustrative=True),
    "organisation": lambda: OrganisationFactory(is_illustrative=True),
    "person": lambda: PersonFactory(is_illustrative=True),
    "attendance": lambda: _attendance(is_illustrative=True),
    "application": lambda: application(edition(), is_illustrative=True),
}


@pytest.mark.django_db
def test_finding_truth_every_public_page_carries_the_demo_notice_while_made_up_records_exist(
    client,
):
    sample_site.build(illustrative=True)
    for page in sample_site.public_pages():
        response = client.get(page)
        content = response.content.decode()
        assert response.status_code == 200, page
        assert NOTICE in content and LINK in content, f"no demo notice on {page}"


@pytest.mark.django_db
def test_finding_truth_no_page_carries_the_demo_notice_when_every_record_is_real(client):
    sample_site.build(illustrative=False)
    for page in sample_site.public_pages():
        content = client.get(page).content.decode()
        assert "Serwis zawiera dane demonstracyjne" not in content, page
        assert 'href="/o-danych/"' not in content, page


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ILLUSTRATIVE)
def test_finding_truth_one_made_up_record_of_any_kind_brings_the_notice(client, kind):
    assert not has_illustrative_records()
    assert NOTICE not in client.get("/").content.decode()
    ILLUSTRATIVE[kind]()
    assert has_illustrative_records()
    assert NOTICE in client.get("/").content.decode()


@pytest.mark.django_db
def test_finding_truth_asking_whether_the_site_holds_made_up_records_is_one_query(
    django_assert_num_queries,
):
    for make in ILLUSTRATIVE.values():
        make()
    with django_assert_num_queries(1):
        assert has_illustrative_records()


@pytest.mark.django_db
def test_finding_truth_the_explanation_says_what_is_real_with_its_sources_in_polish(client):
    sample_site.build(illustrative=True)
    response = client.get("/o-danych/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl">' in content
    assert "<h1>Co jest prawdziwe, a co zmyślone</h1>" in content
    assert "Co jest prawdziwe</h2>" in content and "Co jest zmyślone</h2>" in content
    # The sources of reference.yaml, as links.
    assert 'href="https://www.eog.gov.pl/strony/' in content
    assert 'href="https://eeagrants.org/node/6255"' in content
    assert 'href="https://miasta.pl/aktualnosci/' in content
    assert "Nysa 2020 – Nysa" in content
    assert "przykład ilustracyjny" in content
    assert "Kongres Partnerstw Samorządowych w Poznaniu 2 czerwca 2014" in content


@pytest.mark.django_db
def test_finding_truth_the_explanation_counts_the_made_up_records_the_database_holds(client):
    sample_site.build(illustrative=True)
    PartnershipFactory.create_batch(4, is_illustrative=True)
    content = client.get("/o-danych/").content.decode()
    assert "Zmyślone rekordy w tej bazie danych obecnie:" in content
    for line in [
        "5 partnerstw",
        "1 organizacja",
        "1 członkostwo w związku",
        "1 wydarzenie",
        "1 edycja konkursu",
        "1 zgłoszenie konkursowe",
    ]:
        assert f"<li>{line}</li>" in content, line
    assert "osoba</li>" not in content  # no made-up person in the sample site


@pytest.mark.django_db
def test_finding_truth_the_explanation_renders_in_english(client):
    sample_site.build(illustrative=True)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/o-danych/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in content
    assert "<h1>What is real and what is made up</h1>" in content
    assert "This site holds demo data" in content
    assert 'href="https://tvtwoja.pl/?p=2229"' in content


@pytest.mark.django_db
def test_finding_truth_without_made_up_records_the_explanation_says_so(client):
    content = client.get("/o-danych/").content.decode()
    assert "Serwis nie zawiera obecnie zmyślonych rekordów" in content


@pytest.mark.django_db
def test_finding_truth_the_counts_are_made_once_per_change_and_a_change_shows_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    # Kept as in production (at national scale the counts took 0.1 s a view).
    settings.READ_CACHE, settings.FRESHNESS_SECONDS = True, 0
    with django_capture_on_commit_callbacks(execute=True):
        PartnershipFactory.create_batch(2, is_illustrative=True)
    assert "<li>2 partnerstwa</li>" in client.get("/o-danych/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get("/o-danych/")
    assert not [query for query in queries if "COUNT(" in query["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        PartnershipFactory(is_illustrative=True)
    assert "<li>3 partnerstwa</li>" in client.get("/o-danych/").content.decode()

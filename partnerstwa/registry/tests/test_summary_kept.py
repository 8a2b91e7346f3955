"""The register's counts on /samorzady/ are kept between changes of the registry (they count
every unit and organisation): a committed organisation is counted on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerstwa.lib import freshness
from partnerstwa.registry import selectors
from partnerstwa.registry.tests.factories import OrganisationFactory, gmina

pytestmark = pytest.mark.django_db


def summary():
    return selectors.registry_summary(on=timezone.localdate(), association_code="ZMP")


def test_the_counts_are_read_once_and_counted_again_after_a_committed_change(
    kept, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gmina("0201011", "Bolesławiec")
        OrganisationFactory()
    freshness.forget()
    first = summary()
    with CaptureQueriesContext(connection) as queries:
        assert summary() == first
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory()
    freshness.forget()
    assert summary().organisations == first.organisations + 1


def test_the_index_voivodeships_are_read_once_and_a_committed_one_shows_at_once(
    client, kept, django_capture_on_commit_callbacks
):
    from partnerstwa.registry.tests.factories import voivodeship

    kept(lambda: voivodeship("02", "DOLNOŚLĄSKIE"))
    assert "dolnośląskie" in client.get("/samorzady/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get("/samorzady/")
    assert not [q for q in queries.captured_queries if "registry_territorialunit" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        voivodeship("16", "OPOLSKIE")
    assert "opolskie" in client.get("/samorzady/").content.decode()

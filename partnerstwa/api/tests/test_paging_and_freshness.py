import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from partnerstwa.lib import freshness
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def names(body) -> list[str]:
    return [item["name"] for item in body["items"]]


def test_pages_follow_each_other_without_gaps_or_repeats_while_records_are_added(client):
    first = [OrganisationFactory(name=f"Org {n:02d}") for n in range(7)]
    page_one = client.get("/api/v1/organisations", {"limit": 3}).json()
    assert names(page_one) == ["Org 00", "Org 01", "Org 02"]
    # Records added (and one removed) between two requests shift nothing already read.
    OrganisationFactory(name="Nowa A")
    first[0].delete()
    page_two = client.get(page_one["next"]).json()
    OrganisationFactory(name="Nowa B")
    page_three = client.get(page_two["next"]).json()
    assert names(page_two) == ["Org 03", "Org 04", "Org 05"]
    assert names(page_three) == ["Org 06", "Nowa A", "Nowa B"]
    assert page_three["next"] is None and page_three["next_cursor"] is None


def test_the_next_address_keeps_the_filters(client):
    for n in range(3):
        OrganisationFactory(name=f"Stowarzyszenie {n}", kind="ngo")
    OrganisationFactory(name="Firma", kind="business")
    body = client.get("/api/v1/organisations", {"kind": "ngo", "limit": 2}).json()
    assert "kind=ngo" in body["next"] and body["next"].startswith("http://testserver/")
    rest = client.get(body["next"]).json()
    assert names(rest) == ["Stowarzyszenie 2"]


@pytest.mark.parametrize("cursor", ["nonsense", "eyJhIjogMX0", "WzEsInRleHQiXQ", "WzEsdHJ1ZV0"])
def test_a_cursor_this_api_did_not_give_is_a_400_with_a_message(client, cursor):
    response = client.get("/api/v1/organisations", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_an_unchanged_answer_is_304_by_etag_and_by_date(client):
    OrganisationFactory(name="Org")
    response = client.get("/api/v1/organisations")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/api/v1/organisations", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/organisations", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Another address (other filters) is another answer.
    other = client.get("/api/v1/organisations", {"kind": "ngo"}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200


@override_settings(FRESHNESS_SECONDS=0)
def test_a_change_to_the_data_makes_the_answer_new(client, django_capture_on_commit_callbacks):
    freshness.forget()
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Org")
    etag = client.get("/api/v1/organisations")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Druga")
    response = client.get("/api/v1/organisations", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert names(response.json()) == ["Org", "Druga"]


@override_settings(FRESHNESS_SECONDS=0)
def test_a_change_elsewhere_keeps_the_answer(client, django_capture_on_commit_callbacks):
    freshness.forget()
    etag = client.get("/api/v1/legal-barriers")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Org")
    assert client.get("/api/v1/legal-barriers", HTTP_IF_NONE_MATCH=etag).status_code == 304


@override_settings(API_RATE="3/m")
def test_an_anonymous_client_is_limited_by_its_address(client):
    for _ in range(3):
        assert client.get("/api/v1/associations").status_code == 200
    refused = client.get("/api/v1/associations")
    assert refused.status_code == 429
    assert refused.json()["detail"] and int(refused["Retry-After"]) > 0
    other = client.get("/api/v1/associations", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


@override_settings(FRESHNESS_SECONDS=0, API_KEEP=True)
def test_a_kept_answer_is_served_until_its_data_changes(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    freshness.forget()
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Org")
    first = client.get("/api/v1/organisations").json()
    freshness.forget()
    with django_assert_num_queries(2):  # the data versions and their dates, not the records
        kept = client.get("/api/v1/organisations").json()
    assert kept == first
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Druga")
    assert names(client.get("/api/v1/organisations").json()) == ["Org", "Druga"]


@override_settings(API_KEEP=True)
def test_answers_for_a_token_are_never_kept(client):
    from partnerstwa.api.tests.factories import token, world

    here = world()
    issued = token(events=[here.event], read_personal=True)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}
    client.get("/api/v1/organisations", **bearer)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/organisations", **bearer)
    assert any("registry_organisation" in query["sql"] for query in queries.captured_queries)


@override_settings(API_KEEP=True, API_RATE="3/m")
def test_kept_answers_served_early_keep_validators_cors_and_the_rate_limit(client):
    OrganisationFactory(name="Org")
    first = client.get("/api/v1/organisations", HTTP_ORIGIN="https://dane.example.org")
    kept = client.get("/api/v1/organisations", HTTP_ORIGIN="https://dane.example.org")
    assert kept.content == first.content
    assert kept["ETag"] == first["ETag"] and kept["Access-Control-Allow-Origin"] == "*"
    again = client.get("/api/v1/organisations", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get("/api/v1/organisations").status_code == 429

import datetime

import pytest

from partnerstwa.api.tests.factories import world
from partnerstwa.content.tests.factories import news
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.lib.illustrative import JSON_FIELD
from partnerstwa.library.tests.factories import document

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    response = client.get(f"/api/v1/{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_partnership_comes_with_both_languages_and_its_members_without_contacts(client):
    here = world()
    body = get(client, f"partnerships/{here.partnership.pk}")
    assert body["name_pl"] == "Partnerstwo Doliny Baryczy"
    assert body["name_en"] == "Barycz Valley Partnership"
    assert body["description_en"] == "Cooperation of gminas."
    assert {member["role"] for member in body["members"]} == {"leader", "member"}
    assert set(body["members"][0]) == {
        "organisation",
        "organisation_name",
        "role",
        "joined_on",
        "left_on",
    }
    assert len(body["projects"]) == 1


def test_the_partnership_list_filters_as_the_public_list_does(client):
    world()
    assert len(get(client, "partnerships", voivodeship="02")["items"]) == 1
    assert get(client, "partnerships", voivodeship="14")["items"] == []
    assert len(get(client, "partnerships", q="baryczy")["items"]) == 1
    assert get(client, "partnerships", q="nic takiego")["items"] == []


def test_events_never_carry_the_meeting_link_and_mark_made_up_ones(client):
    here = world()
    body = get(client, f"events/{here.event.pk}")
    assert "online_url" not in body
    assert body[JSON_FIELD] is True
    assert body["title_en"] == "Strategy workshop"


def test_events_filter_upcoming_and_past(client):
    here = world()
    assert [e["id"] for e in get(client, "events", when="upcoming")["items"]] == [here.event.pk]
    assert [e["id"] for e in get(client, "events", when="past")["items"]] == [here.past_event.pk]
    assert len(get(client, "events")["items"]) == 2


def test_a_draft_event_is_not_served(client):
    here = world()
    here.event.status = "draft"
    here.event.save()
    assert client.get(f"/api/v1/events/{here.event.pk}").status_code == 404
    assert [e["id"] for e in get(client, "events")["items"]] == [here.past_event.pk]


def test_contest_results_are_served_once_published_only(client):
    here = world()
    body = get(client, f"contest-editions/{here.edition.pk}")
    assert [award["award"] for award in body["results"]] == ["laureate"]
    assert body["results"][0]["title"] == "Wspólne usługi"
    deciding = edition(status="decided")
    application(deciding, status="laureate")
    assert get(client, f"contest-editions/{deciding.pk}")["results"] == []
    hidden = edition(status="draft")
    assert client.get(f"/api/v1/contest-editions/{hidden.pk}").status_code == 404


def test_indicators_are_served_as_of_a_day_with_their_definitions(client):
    world()
    body = get(client, "indicators", on="2016-12-31")
    assert body["as_of"] == "2016-12-31"
    by_code = {item["code"]: item for item in body["items"]}
    assert by_code["partnerships"]["value"] == 1
    assert by_code["partnerships"]["name_pl"] and by_code["partnerships"]["name_en"]
    assert by_code["partnerships"]["definition_en"]
    assert get(client, "indicators/partnerships", on="2016-12-31")["value"] == 1


def test_an_indicator_day_out_of_bounds_is_a_translated_error(client):
    response = client.get("/api/v1/indicators", {"on": "1900-01-01"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Wskaźniki")


def test_only_public_documents_are_listed(client):
    shown = document(title="Raport publiczny", is_public=True)
    document(title="Notatka wewnętrzna", is_public=False)
    body = get(client, "documents")
    assert [d["id"] for d in body["items"]] == [shown.pk]
    assert body["items"][0]["url"].startswith("/dokumenty/")


def test_only_live_news_is_listed(client):
    shown = news(title="Ogłoszenie")
    news(title="Szkic", live=False)
    body = get(client, "news")
    assert [n["id"] for n in body["items"]] == [shown.pk]
    assert body["items"][0]["locale"] == "pl"


def test_only_published_barriers_and_sent_recommendations_are_listed(client):
    here = world()
    from partnerstwa.advocacy.tests.factories import barrier, recommendation

    barrier(title="Ukryta", is_published=False)
    recommendation([here.barrier], title="Niewysłana")
    barriers = get(client, "legal-barriers")["items"]
    assert [b["id"] for b in barriers] == [here.barrier.pk]
    assert barriers[0]["recommendations"] == [here.recommendation.pk]
    assert barriers[0]["title_en"] == "Barrier"
    recommendations = get(client, "recommendations")["items"]
    assert [r["id"] for r in recommendations] == [here.recommendation.pk]
    assert recommendations[0]["barriers"] == [here.barrier.pk]


def test_registry_resources(client):
    world()
    units = get(client, "territorial-units", level="gmina")["items"]
    assert units and all(len(unit["code"]) == 7 for unit in units)
    assert get(client, f"territorial-units/{units[0]['code']}")["parent"] == units[0]["code"][:4]
    organisations = get(client, "organisations", q="przykładowa")["items"]
    assert [o["name"] for o in organisations] == ["Fundacja Przykładowa"]
    assert "email" not in organisations[0] and "address" not in organisations[0]
    assert "ZMP" in [a["code"] for a in get(client, "associations")["items"]]
    assert get(client, "memberships", association="ZMP", on="2016-01-01")["items"]
    assert get(client, "memberships", association="ZMP", on="2000-01-01")["items"] == []


def test_projects_and_deliverables(client):
    here = world()
    projects = get(client, "projects", partnership=here.partnership.pk)["items"]
    assert projects[0]["title_en"] == "Joint strategy"
    assert projects[0]["is_illustrative"] is False
    assert get(client, f"projects/{projects[0]['id']}")["partnership"] == here.partnership.pk
    assert get(client, "deliverables")["items"] == []


def test_an_unknown_record_and_address_answer_json_404_in_polish(client):
    response = client.get("/api/v1/partnerships/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Nie ma takiego rekordu."}
    response = client.get("/api/v1/nie-ma-takiego")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_errors_are_in_english_for_a_client_that_chose_english(client):
    client.cookies["django_language"] = "en"
    response = client.get("/api/v1/partnerships/999999")
    assert response.json() == {"detail": "There is no such record."}


def test_malformed_parameters_answer_422_with_the_problems(client):
    response = client.get("/api/v1/events", {"limit": "0", "voivodeship": "x"})
    assert response.status_code == 422
    body = response.json()
    assert {error["where"] for error in body["errors"]} == {"query.limit", "query.voivodeship"}


def test_cors_allows_any_origin_to_read(client):
    response = client.get("/api/v1/associations", HTTP_ORIGIN="https://dane.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_day_moves_events_from_upcoming_to_past(client):
    here = world()
    here.event.starts_at = datetime.datetime(2016, 1, 1, 9, tzinfo=datetime.UTC)
    here.event.ends_at = datetime.datetime(2016, 1, 1, 12, tzinfo=datetime.UTC)
    here.event.save()
    assert get(client, "events", when="upcoming")["items"] == []

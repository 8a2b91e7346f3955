"""Wagtail's site lookup, root paths and page routes are kept per process until pages change
(content.middleware.KeptRoutingMiddleware): a page made afresh asks the database nothing about
routing, and a committed change to pages shows at once (FRESHNESS_SECONDS=0 here)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from partnerstwa.content.tests.factories import news

pytestmark = pytest.mark.django_db


def without_token(content: bytes) -> bytes:
    """The page without its CSRF token, which differs from one answer to the next."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def routing_queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [
        query["sql"]
        for query in captured.captured_queries
        if "wagtailcore_site" in query["sql"]
        or "partnerstwa_cache" in query["sql"]
        or '"wagtailcore_page"."slug" =' in query["sql"]
    ]


def test_a_page_made_again_asks_nothing_about_its_site_root_paths_or_route(client, kept):
    page = kept(lambda: news(title="Spotkanie w Kielcach", slug="spotkanie"))
    client.get(page.url)
    assert routing_queries(client, page.url) == []


def test_the_kept_route_serves_the_same_page_as_wagtail(client, settings, kept):
    page = kept(lambda: news(title="Spotkanie w Kielcach", slug="spotkanie"))
    client.get(page.url)
    kept_answer = without_token(client.get(page.url).content)
    settings.READ_CACHE = False
    assert without_token(client.get(page.url).content) == kept_answer


def test_a_routable_pages_subpage_is_served_by_its_kept_route(client, kept):
    kept(lambda: news(title="Spotkanie w Kielcach", slug="spotkanie"))
    client.get("/aktualnosci/kanal/")
    response = client.get("/aktualnosci/kanal/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Spotkanie w Kielcach" in response.content.decode()


def test_an_unpublished_page_answers_404_once_the_change_is_committed(client, kept):
    page = kept(lambda: news(title="Spotkanie w Kielcach", slug="spotkanie"))
    assert client.get(page.url).status_code == 200
    kept(lambda: page.unpublish())
    assert client.get("/aktualnosci/spotkanie/").status_code == 404


def test_a_renamed_page_moves_to_its_new_address_once_committed(client, kept):
    page = kept(lambda: news(title="Spotkanie w Kielcach", slug="spotkanie"))
    assert client.get("/aktualnosci/spotkanie/").status_code == 200

    def rename():
        page.slug = "spotkanie-w-kielcach"
        page.save_revision().publish()

    kept(rename)
    assert client.get("/aktualnosci/spotkanie-w-kielcach/").status_code == 200
    assert client.get("/aktualnosci/spotkanie/").status_code != 200


def test_a_kept_route_still_asks_a_restricted_page_for_sign_in(client, kept):
    page = kept(lambda: news(title="Tylko dla zespołu", slug="wewnetrzna"))
    assert client.get(page.url).status_code == 200

    def restrict():
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.create(name="Zespół"))

    kept(restrict)
    response = client.get(page.url)
    assert response.status_code == 302
    assert "Tylko dla zespołu" not in response.content.decode()


def test_a_page_restricted_after_it_was_served_asks_for_sign_in_at_once(
    client, kept, django_capture_on_commit_callbacks
):
    # Committed as the editor's request would: nothing kept is dropped but by the change.
    page = kept(lambda: news(title="Tylko dla zespołu", slug="wewnetrzna"))
    assert client.get(page.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=page.get_parent(), restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.create(name="Zespół"))
    response = client.get(page.url)
    assert response.status_code == 302
    assert "Tylko dla zespołu" not in response.content.decode()


def test_while_no_page_is_restricted_serving_a_page_asks_for_no_restriction(client, kept):
    page = kept(lambda: news(title="Spotkanie", slug="spotkanie-otwarte"))
    client.get(page.url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page.url).status_code == 200
    assert not [q for q in captured.captured_queries if "pageviewrestriction" in q["sql"]]


def test_addresses_that_lead_nowhere_do_not_push_kept_routes_out(client, kept):
    page = kept(lambda: news(title="Spotkanie w Kielcach", slug="spotkanie"))
    client.get(page.url)
    for number in range(300):
        assert client.get(f"/aktualnosci/nie-ma-{number}/").status_code == 404
    assert routing_queries(client, page.url) == []

"""Issue 13, correct caching: public pages are kept for anonymous visitors (portal.cache) and
never carry one visitor's CSRF token, session, messages or language to another; signed-in
people always get live pages; a committed change shows once the versions are read again."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client

from partnerstwa.activities.models import Event
from partnerstwa.activities.tests.factories import event, register
from partnerstwa.content.models import Identity
from partnerstwa.content.tests import factories as content
from partnerstwa.contests.models import ContestEdition
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.lib import freshness
from partnerstwa.library.models import LibraryDocument
from partnerstwa.library.tests.factories import document
from partnerstwa.partnerships.models import Partnership
from partnerstwa.partnerships.tests.factories import partnership_with_members
from partnerstwa.portal import cache as page_cache
from partnerstwa.programme.models import Programme
from partnerstwa.registry.models import TerritorialUnit
from partnerstwa.registry.tests.factories import gmina

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE = True
    # And the small reads kept between changes (freshness.kept): a change must reach them too.
    settings.READ_CACHE = True
    settings.FRESHNESS_SECONDS = 0
    freshness.forget()
    caches[settings.PAGE_CACHE_ALIAS].clear()
    yield
    caches[settings.PAGE_CACHE_ALIAS].clear()
    freshness.forget()


def _uncommitted_rename(event_record: Event, title: str) -> None:
    # A test's writes never commit, so no version moves: a kept page still shows the old title,
    # a page made afresh shows the new one. That tells a kept page from a live one.
    Event.objects.filter(pk=event_record.pk).update(title_pl=title)


def _tokens(response) -> set[str]:
    return set(TOKEN.findall(response.content.decode()))


def test_a_kept_page_is_served_to_the_next_anonymous_visitor_without_running_the_view(
    client, settings, django_assert_num_queries
):
    settings.FRESHNESS_SECONDS = 3600
    shown = event(title="Szkolenie z budżetu")
    assert "Szkolenie z budżetu" in client.get(f"/wydarzenia/{shown.slug}/").content.decode()
    _uncommitted_rename(shown, "Szkolenie przemianowane")
    with django_assert_num_queries(0):
        response = Client().get(f"/wydarzenia/{shown.slug}/")
    assert response.status_code == 200
    assert "Szkolenie z budżetu" in response.content.decode()


def test_the_page_of_a_partnerships_attended_events_is_kept_for_the_next_visitor(
    client, settings, django_assert_num_queries
):
    settings.FRESHNESS_SECONDS = 3600
    partnership_with_members(slug="dolina", member_codes=[])
    assert client.get("/partnerstwa/dolina/wydarzenia/").status_code == 200
    with django_assert_num_queries(0):
        assert Client().get("/partnerstwa/dolina/wydarzenia/").status_code == 200


@pytest.mark.parametrize("address", ["/rodo/", "/dane/"])
def test_the_data_subjects_form_and_the_open_data_catalogue_are_kept_for_the_next_visitor(
    client, settings, django_assert_num_queries, address
):
    settings.FRESHNESS_SECONDS = 3600
    first = client.get(address)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = Client().get(address)
    assert again.status_code == 200
    assert again["Content-Type"] == first["Content-Type"]


def test_two_visitors_never_get_the_same_csrf_token_and_each_token_is_their_own(client):
    shown = event()
    first = client.get(f"/wydarzenia/{shown.slug}/")
    second_visitor = Client(enforce_csrf_checks=True)
    second = second_visitor.get(f"/wydarzenia/{shown.slug}/")  # served from the kept copy
    (first_token,) = _tokens(first)
    (second_token,) = _tokens(second)
    assert first_token != second_token
    first_secret = client.cookies["csrftoken"].value
    second_secret = second_visitor.cookies["csrftoken"].value
    assert first_secret != second_secret
    assert _unmask_cipher_token(first_token) == first_secret
    assert _unmask_cipher_token(second_token) == second_secret
    assert page_cache.CSRF_MARK.decode() not in second.content.decode()
    # The token served from the kept copy passes Django's CSRF check with the visitor's cookie.
    answer = second_visitor.post(
        "/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": second_token}
    )
    assert answer.status_code == 302


def test_tokens_served_from_a_kept_page_are_djangos_masked_tokens_of_the_visitors_secret(rf):
    request = rf.get("/")
    tokens = {page_cache._token(request) for _ in range(200)}
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == 32 and set(secret) <= set(CSRF_ALLOWED_CHARS)
    assert len(tokens) == 200
    assert all(len(token) == 64 and _unmask_cipher_token(token) == secret for token in tokens)


def test_a_returning_visitor_keeps_their_csrf_secret_on_a_kept_page(client):
    shown = event()
    client.get(f"/wydarzenia/{shown.slug}/")
    secret = client.cookies["csrftoken"].value
    again = client.get(f"/wydarzenia/{shown.slug}/")
    (token,) = _tokens(again)
    assert _unmask_cipher_token(token) == secret
    assert client.cookies["csrftoken"].value == secret


def test_a_kept_page_is_never_served_in_another_language(client):
    shown = event(title="Szkolenie po polsku", title_en="Training in English")
    english = Client()
    english.cookies["django_language"] = "en"
    for _round in range(2):
        polish_page = client.get(f"/wydarzenia/{shown.slug}/")
        english_page = english.get(f"/wydarzenia/{shown.slug}/")
        assert polish_page["Content-Language"] == "pl"
        assert english_page["Content-Language"] == "en"
        assert "Szkolenie po polsku" in polish_page.content.decode()
        assert "Training in English" in english_page.content.decode()
        assert "Training in English" not in polish_page.content.decode()


@pytest.mark.parametrize("staff", [True, False], ids=["staff", "coordinator"])
def test_signed_in_people_always_get_live_pages_and_theirs_are_never_kept(client, staff):
    shown = event(title="Szkolenie A")
    Client().get(f"/wydarzenia/{shown.slug}/")  # kept for anonymous visitors
    user = get_user_model().objects.create_user("osoba", password="haslo-osoby-1", is_staff=staff)
    client.force_login(user)
    _uncommitted_rename(shown, "Szkolenie B")
    signed_in = client.get(f"/wydarzenia/{shown.slug}/").content.decode()
    assert "Szkolenie B" in signed_in  # live, not the kept copy
    assert "Wyloguj" in signed_in
    anonymous = Client().get(f"/wydarzenia/{shown.slug}/").content.decode()
    assert "Wyloguj" not in anonymous  # the signed-in page was not kept for others
    assert "Szkolenie A" in anonymous


def test_a_visitor_with_messages_waiting_gets_a_live_page(client):
    shown = event(title="Szkolenie A")
    Client().get(f"/wydarzenia/{shown.slug}/")
    _uncommitted_rename(shown, "Szkolenie B")
    client.cookies["messages"] = "anything"
    assert "Szkolenie B" in client.get(f"/wydarzenia/{shown.slug}/").content.decode()


def test_htmx_requests_are_neither_served_from_nor_kept_in_the_cache(client):
    shown = event(title="Szkolenie A")
    Client().get(f"/wydarzenia/{shown.slug}/")
    _uncommitted_rename(shown, "Szkolenie B")
    live = client.get(f"/wydarzenia/{shown.slug}/", headers={"HX-Request": "true"})
    assert "Szkolenie B" in live.content.decode()


def test_pages_outside_the_public_list_are_never_kept(client):
    # The sign-in page is a form for one person: never kept, even for anonymous visitors.
    client.get("/logowanie/")
    assert not caches["pages"]._cache  # LocMemCache: nothing stored


def test_a_response_that_sets_a_cookie_other_than_csrf_is_never_kept(rf):
    from django.http import HttpResponse

    request = rf.get("/wydarzenia/")
    request.resolver_match = type("Match", (), {"view_name": "activities:list"})()
    response = HttpResponse("x", headers={"Content-Language": "pl"})
    response.set_cookie("tracking", "1")
    assert page_cache._keepable(request, response, "pl") is None


def test_a_matching_etag_is_answered_304_and_a_changed_page_is_sent_again(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        shown = event(title="Szkolenie A")
    first = client.get(f"/wydarzenia/{shown.slug}/")
    etag = first["ETag"]
    assert etag
    assert "private" in first["Cache-Control"]  # carries a token: never for a shared proxy
    again = client.get(f"/wydarzenia/{shown.slug}/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    # Another visitor's tag (another CSRF secret) does not match this visitor's page.
    other = Client().get(f"/wydarzenia/{shown.slug}/", headers={"If-None-Match": etag})
    assert other.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        shown.title = "Szkolenie B"
        shown.save()
    changed = client.get(f"/wydarzenia/{shown.slug}/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Szkolenie B" in changed.content.decode()


def test_a_matching_etag_is_answered_304_even_by_a_process_that_has_not_kept_the_page(client):
    shown = event(title="Szkolenie A")
    etag = client.get(f"/wydarzenia/{shown.slug}/")["ETag"]
    caches["pages"].clear()  # another process, or this one after a restart
    again = client.get(f"/wydarzenia/{shown.slug}/", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_a_csp_nonce_is_replaced_per_request(client, settings, monkeypatch):
    from csp.constants import NONCE

    from partnerstwa.portal.tests import page_cache_urls

    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = {
        **policy,
        "DIRECTIVES": {**policy["DIRECTIVES"], "script-src": ["'self'", NONCE]},
    }
    settings.ROOT_URLCONF = "partnerstwa.portal.tests.page_cache_urls"
    monkeypatch.setattr(page_cache, "PUBLIC_VIEWS", page_cache.PUBLIC_VIEWS | {"nonce_page"})
    pages = [Client().get("/z-nonce/") for _ in range(3)]
    assert page_cache_urls.CALLS == [1]  # made once, served twice from the kept copy
    nonces = []
    for page in pages:
        (nonce,) = re.findall(r'<script nonce="([^"]+)">', page.content.decode())
        assert f"'nonce-{nonce}'" in page["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3


# Each kind of change: (page address, set-up returning the record, change, text after it).
def _registry():
    gmina("0201011", "Bolesławiec")
    return (
        "/samorzady/0201011/",
        lambda: TerritorialUnit.objects.filter(code="0201011").update(name="Bolesławiec Zdrój"),
        "Bolesławiec Zdrój",
    )


def _partnership():
    partnership = partnership_with_members(name="Partnerstwo Dolina")
    return (
        "/partnerstwa/",
        lambda: Partnership.objects.filter(pk=partnership.pk).update(
            name_pl="Partnerstwo Dolina Baryczy"
        ),
        "Partnerstwo Dolina Baryczy",
    )


def _event():
    shown = event(title="Szkolenie stare")
    return (
        "/wydarzenia/",
        lambda: Event.objects.filter(pk=shown.pk).update(title_pl="Szkolenie nowe"),
        "Szkolenie nowe",
    )


def _registration():
    shown = event(capacity=5)
    return f"/wydarzenia/{shown.slug}/", lambda: register(shown), "<dd>4</dd>"


def _attendance(address_of_page):
    from partnerstwa.activities.models import Attendance
    from partnerstwa.registry.tests.factories import PersonFactory

    partnership = partnership_with_members(slug="dolina", member_codes=[])
    leader = partnership.members.get().organisation
    came = event(title="Wizyta studyjna")

    def attended():
        Attendance.objects.create(
            session=came.sessions.get(),
            person=PersonFactory(),
            organisation=leader,
            method="import",
        )

    return address_of_page, attended, "Wizyta studyjna"


def _partnership_attended():
    return _attendance("/partnerstwa/dolina/")


def _partnership_attended_all():
    return _attendance("/partnerstwa/dolina/wydarzenia/")


def _contest():
    contest = edition(name="Konkurs dawny")
    return (
        "/konkurs/",
        lambda: ContestEdition.objects.filter(pk=contest.pk).update(name_pl="Konkurs odnowiony"),
        "Konkurs odnowiony",
    )


def _news():
    return "/aktualnosci/", lambda: content.news(title="Świeża aktualność"), "Świeża aktualność"


def _document():
    shown = document(title="Raport roczny")
    return (
        "/dokumenty/",
        lambda: LibraryDocument.objects.filter(pk=shown.pk).update(
            title="Raport roczny poprawiony"
        ),
        "Raport roczny poprawiony",
    )


def _identity():
    content.identity(name_pl="Stowarzyszenie Pierwsze")
    return (
        "/prywatnosc/",
        lambda: Identity.objects.update(name_pl="Stowarzyszenie Drugie"),
        "Stowarzyszenie Drugie",
    )


def _home_blocks(blocks):
    page = content.home()
    page.body = blocks
    page.save_revision().publish()


def _home_event():
    _home_blocks([("events", {"count": 3})])
    return "/", lambda: event(title="Spotkanie na stronie głównej"), "Spotkanie na stronie głównej"


def _home_news():
    _home_blocks([("news", {"count": 3})])
    return "/", lambda: content.news(title="Nowość na stronie głównej"), "Nowość na stronie głównej"


def _home_laureates():
    contest = edition(
        status="published", name="Konkurs na stronie głównej", decided_on=datetime.date(2016, 5, 1)
    )
    application(contest, status="laureate")
    _home_blocks([("laureates", None)])
    return (
        "/",
        lambda: ContestEdition.objects.filter(pk=contest.pk).update(
            name_pl="Konkurs przemianowany"
        ),
        "Konkurs przemianowany",
    )


def _news_filters():
    content.news(title="Dawna aktualność", date=datetime.date(2015, 5, 5))

    def later_tagged_news():
        shown = content.news(title="Nowsza", date=datetime.date(2019, 5, 5))
        shown.tags.add("rewitalizacja")
        shown.save()

    # The topic filter's choices are kept between changes too.
    return "/aktualnosci/", later_tagged_news, '<option value="rewitalizacja">'


def _barrier():
    from partnerstwa.advocacy.models import LegalBarrier
    from partnerstwa.advocacy.tests.factories import barrier

    shown = barrier(title="Bariera dawna")
    return (
        "/bariery/",
        lambda: LegalBarrier.objects.filter(pk=shown.pk).update(title_pl="Bariera przemianowana"),
        "Bariera przemianowana",
    )


def _programme_name():
    Programme.objects.create(name="Program", operator="Operator", is_current=True)
    return (
        "/konkurs/",
        lambda: Programme.objects.update(short_name_pl="Program przemianowany"),
        "Program przemianowany",
    )


@pytest.mark.parametrize(
    "kind",
    [
        _registry,
        _partnership,
        _event,
        _registration,
        _partnership_attended,
        _partnership_attended_all,
        _contest,
        _news,
        _document,
        _identity,
        _home_event,
        _home_news,
        _home_laureates,
        _news_filters,
        _barrier,
        _programme_name,
    ],
    ids=lambda kind: kind.__name__.strip("_"),
)
def test_a_committed_change_shows_on_the_kept_page_once_the_versions_are_read_again(
    client, kind, django_capture_on_commit_callbacks
):
    # The set-up commits too: a bump left waiting for a commit that never comes would stand for
    # the change's own (lib.freshness bumps an app once per transaction).
    with django_capture_on_commit_callbacks(execute=True):
        address, change, shown_after = kind()
    before = client.get(address)
    assert before.status_code == 200
    assert shown_after not in before.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    freshness.forget()
    assert shown_after in client.get(address).content.decode()


def test_a_warm_page_costs_no_query_however_many_records_the_site_holds(
    client, settings, django_assert_num_queries
):
    settings.FRESHNESS_SECONDS = 3600
    for _number in range(30):
        event()
    client.get("/wydarzenia/")
    with django_assert_num_queries(0):
        assert Client().get("/wydarzenia/").status_code == 200

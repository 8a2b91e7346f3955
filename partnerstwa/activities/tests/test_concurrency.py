"""Seat limits under real parallel requests: many people confirm their registration (the step
that takes a seat) at the same moment, and many copies of the form for one address mail it once.

The requests go over HTTP to a threaded server with a connection to the database per thread, on
SQLite (a test database in a file) and PostgreSQL alike."""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import connections
from django.urls import reverse

from partnerstwa.activities.links import confirm_token
from partnerstwa.activities.models import Event, Registration, RegistrationRequest
from partnerstwa.activities.services import registration_request
from partnerstwa.activities.tests.factories import confirmation, event
from partnerstwa.registry.selectors import organisation_by_name
from partnerstwa.registry.tests.factories import OrganisationFactory

CLIENTS = 200


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _Server(ThreadedWSGIServer):
    # Room for every client to connect at once instead of waiting in the kernel's backlog.
    request_queue_size = CLIENTS + 50


@pytest.fixture
def server(transactional_db, settings):
    settings.REGISTRATION_RATE = "100000/h"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CSRF_COOKIE_SECURE = False  # plain HTTP on loopback: the cookie must travel
    httpd = _Server(("127.0.0.1", 0), _QuietHandler, connections_override=None)
    httpd.set_app(WSGIHandler())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    connections.close_all()


def _simultaneously(base_url: str, posts: list[tuple[str, str, dict]]) -> list[int]:
    """Each client opens a page as a browser would (CSRF cookie and token), then all of them
    send its form at the same moment (a barrier releases them together). A post is
    (page path, form action path, fields)."""
    barrier = threading.Barrier(len(posts))

    def post(item: tuple[str, str, dict]) -> int:
        page_path, action_path, data = item
        page_url = f"{base_url}{page_path}"
        cookies = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(cookies), _NoRedirect()
        )
        with opener.open(page_url, timeout=120) as page:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.group(1)}).encode()
        request = urllib.request.Request(
            f"{base_url}{action_path}", data=body, headers={"Referer": page_url}
        )
        barrier.wait()
        try:
            with opener.open(request, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=len(posts)) as pool:
        return list(pool.map(post, posts))


def _register_all(base_url: str, slug: str, people: list[dict]) -> list[int]:
    """Everyone has sent the form; then all confirm with their mailed link at the same moment:
    the confirmation is where a seat is taken."""
    conference = Event.objects.get(slug=slug)
    for data in people:
        registration_request(
            event_id=conference.pk,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            organisation=organisation_by_name(data["organisation"]),
            organisation_name=data["organisation"],
            consent_text="Zgoda",
        )
    posts = []
    for request in RegistrationRequest.objects.filter(event=conference):
        link = reverse("activities:confirm", args=[confirm_token(request)])
        posts.append((link, link, confirmation(request)))
    assert len(posts) == len(people)
    return _simultaneously(base_url, posts)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _person(number: int, organisation: str = "") -> dict:
    return {
        "first_name": "Osoba",
        "last_name": f"Numer{number}",
        "email": f"osoba{number}@example.org",
        "organisation": organisation,
        "language": "pl",
        "consent": "on",
    }


def test_200_simultaneous_registrations_for_50_seats_confirm_exactly_50(server):
    conference = event(capacity=50)

    statuses = _register_all(server, conference.slug, [_person(n) for n in range(CLIENTS)])

    assert statuses.count(302) == CLIENTS, sorted(set(statuses))
    registrations = Registration.objects.filter(event=conference)
    assert registrations.filter(state="confirmed").count() == 50
    assert registrations.filter(state="waitlisted").count() == 150


def test_simultaneous_registrations_respect_the_seats_per_organisation(server):
    OrganisationFactory(name="Urząd Miasta Przykładowo")
    conference = event(capacity=40, seats_per_organisation=3)
    people = [_person(n, "Urząd Miasta Przykładowo") for n in range(30)] + [
        _person(100 + n, f"Fundacja {n % 5}") for n in range(30)
    ]

    statuses = _register_all(server, conference.slug, people)

    assert statuses.count(302) == len(people)
    confirmed = Registration.objects.filter(event=conference, state="confirmed")
    assert confirmed.filter(organisation__name="Urząd Miasta Przykładowo").count() == 3
    for n in range(5):
        assert confirmed.filter(organisation_name=f"Fundacja {n}").count() == 3
    assert confirmed.count() == 18


def test_simultaneous_forms_for_one_address_send_it_one_message(server):
    """The per-address throttle holds across connections: twenty copies of the form sent at the
    same moment mail the address once."""
    conference = event(capacity=50)
    page = f"/wydarzenia/{conference.slug}/"

    statuses = _simultaneously(server, [(page, f"{page}rejestracja/", _person(1))] * 20)

    assert statuses.count(302) == 20, sorted(set(statuses))
    assert [message.to for message in mail.outbox] == [["osoba1@example.org"]]
    assert RegistrationRequest.objects.filter(event=conference).count() == 1

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_coordinator_signs_in_and_lands_on_their_partnerships(client):
    get_user_model().objects.create_user("koordynator", password="dobre-haslo-123")
    response = client.post(
        "/logowanie/", {"username": "koordynator", "password": "dobre-haslo-123"}
    )
    assert response.status_code == 302 and response["Location"] == "/moje-partnerstwa/"


@pytest.mark.django_db
def test_sign_in_is_rate_limited_per_address(client, settings):
    for attempt in range(10):
        response = client.post("/logowanie/", {"username": f"kto{attempt}", "password": "zle"})
        assert response.status_code == 200
    response = client.post("/logowanie/", {"username": "kto", "password": "zle"})
    assert response.status_code == 429
    assert "Zbyt wiele prób" in response.content.decode()


@pytest.mark.django_db
def test_the_back_office_sign_in_is_rate_limited_too(client):
    for _attempt in range(10):
        client.post("/admin/login/", {"username": "admin", "password": "zle"})
    assert client.post("/admin/login/", {"username": "admin", "password": "zle"}).status_code == 429


@pytest.mark.django_db
def test_sign_in_forms_carry_a_csrf_token(client):
    assert "csrfmiddlewaretoken" in client.get("/logowanie/").content.decode()


@pytest.mark.django_db
def test_a_browser_in_english_still_gets_polish_until_the_visitor_switches(client):
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
    content = client.get("/", **english_browser).content.decode()
    assert '<html lang="pl">' in content and "Nadchodzące wydarzenia" in content

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, **english_browser)
    assert switched.status_code == 302 and switched["Location"] == "/"

    content = client.get("/", **english_browser).content.decode()
    assert '<html lang="en">' in content and "Upcoming events" in content
    assert "Nadchodzące wydarzenia" not in content

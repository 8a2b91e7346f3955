"""Finding 4 of issue 9: the per-user sign-in limit counts exactly the name that authenticates."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, transaction

from partnerstwa.portal.auth import normal_username

BYPASSES = ["coordA ", "  coordA", "ｃoordA", "COORDA", "coorda\t"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _attempt(client, username: str, number: int, password: str = "zle-haslo"):
    # Each attempt from another address, so only the per-user limit can stop it.
    return client.post(
        "/logowanie/",
        {"username": username, "password": password},
        REMOTE_ADDR=f"10.0.0.{number + 1}",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("bypass", BYPASSES)
def test_finding_4_spaced_or_full_width_names_count_against_the_same_user(client, bypass):
    get_user_model().objects.create_user("coorda", password="dobre-haslo-123")
    for number in range(10):
        assert _attempt(client, "coordA", number).status_code == 200
    assert _attempt(client, bypass, 11).status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("typed", BYPASSES)
def test_finding_4_the_name_signs_in_in_the_same_normal_form_the_limit_counts(client, typed):
    get_user_model().objects.create_user("coorda", password="dobre-haslo-123")
    response = _attempt(client, typed, 0, password="dobre-haslo-123")
    assert response.status_code == 302


@pytest.mark.django_db
def test_finding_4_the_normal_form_strips_folds_width_and_case():
    assert {normal_username(name) for name in BYPASSES} == {"coorda"}


@pytest.mark.django_db
def test_finding_4_two_accounts_cannot_differ_only_in_letter_case():
    User = get_user_model()
    User.objects.create_user("coorda", password="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("CoordA", password="x")


@pytest.mark.django_db
def test_finding_4_the_back_office_keeps_the_name_as_typed_and_it_signs_in_by_its_normal_form(
    admin_client, client
):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "  ＮowyKoordynator ",
            "password1": "Dlugie-haslo-123",
            "password2": "Dlugie-haslo-123",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    # Stored as typed, only NFKC and trimmed (as Django's own user name field does).
    assert get_user_model().objects.filter(username="NowyKoordynator").exists()
    response = _attempt(client, "nowykoordynator", 0, password="Dlugie-haslo-123")
    assert response.status_code == 302


@pytest.mark.django_db
def test_finding_4_the_back_office_refuses_a_name_that_differs_only_in_case(admin_client):
    get_user_model().objects.create_user("koordynator", password="x")
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "Koordynator",
            "password1": "Dlugie-haslo-123",
            "password2": "Dlugie-haslo-123",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert get_user_model().objects.count() == 2  # the admin and the first account


@pytest.mark.django_db
def test_finding_4_the_demo_staff_account_gets_a_normal_name(capsys):
    call_command("create_demo_staff", "--username", " Demo ")
    assert get_user_model().objects.filter(username="demo").exists()
    call_command("create_demo_staff", "--username", "DEMO")
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_finding_4_the_back_office_sign_in_uses_the_same_normal_form(client):
    get_user_model().objects.create_superuser("szef", email="", password="dobre-haslo-123")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": " ＳZEF", "password": "dobre-haslo-123"}
    )
    assert response.status_code == 302
    for number in range(10):
        client.post(
            "/admin/login/", {"username": "szef", "password": "zle"}, REMOTE_ADDR=f"10.1.0.{number}"
        )
    response = client.post(
        "/admin/login/", {"username": "SZEF ", "password": "zle"}, REMOTE_ADDR="10.2.0.1"
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_portal_and_back_office_sign_in_pages_share_one_allowance_per_user(client):
    """The outside review got 10 guesses on /logowanie/ and 10 more on /admin/login/ a minute."""
    get_user_model().objects.create_user("coorda", password="dobre-haslo-123")
    for number in range(5):
        assert _attempt(client, "coorda", number).status_code == 200
    for number in range(5):
        response = client.post(
            "/admin/login/",
            {"username": "coorda", "password": "zle"},
            REMOTE_ADDR=f"10.3.0.{number}",
        )
        assert response.status_code == 200
    response = client.post(
        "/admin/login/", {"username": "COORDA", "password": "zle"}, REMOTE_ADDR="10.4.0.1"
    )
    assert response.status_code == 429
    assert _attempt(client, "coorda", 200).status_code == 429

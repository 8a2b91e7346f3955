"""Finding 4 of issue 9, after review: an account signs in by the normal form of its name however
the account was made (createsuperuser, create_user, the admin), never as one of two accounts that
share that form, and every spelling counts against one limit. The migration keeps names as typed
and stops, naming them, on accounts whose names collide."""

import importlib
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

PASSWORD = "Dlugie-haslo-123"
SIGN_IN_PAGES = ["/logowanie/", "/admin/login/"]
SPELLINGS_OF_ADMIN = ["admin", "Admin ", "ＡＤＭＩＮ"]

pytestmark = pytest.mark.django_db

migration_0003 = importlib.import_module("partnerstwa.portal.migrations.0003_username_normal_form")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def account_made_by_createsuperuser(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser",
        "--username",
        "Admin",
        "--email",
        "admin@example.org",
        "--noinput",
        stdout=StringIO(),
    )
    return get_user_model().objects.get()


def _sign_in(client, page: str, username: str, password: str = PASSWORD, address="10.9.0.1"):
    return client.post(page, {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_finding_4_createsuperuser_keeps_the_name_as_typed(account_made_by_createsuperuser):
    assert account_made_by_createsuperuser.username == "Admin"


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
@pytest.mark.parametrize("typed", SPELLINGS_OF_ADMIN)
def test_finding_4_an_account_made_by_createsuperuser_signs_in_by_any_spelling(
    client, account_made_by_createsuperuser, page, typed
):
    response = _sign_in(client, page, typed)
    assert response.status_code == 302
    assert _signed_in_as(client) == str(account_made_by_createsuperuser.pk)


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_finding_4_every_spelling_of_a_createsuperuser_name_counts_against_one_limit(
    client, account_made_by_createsuperuser, page
):
    for number in range(10):
        typed = SPELLINGS_OF_ADMIN[number % 3]
        response = _sign_in(client, page, typed, password="zle", address=f"10.3.0.{number}")
        assert response.status_code == 200
    # The eleventh attempt, from yet another address and with the right password, is refused.
    assert _sign_in(client, page, "Admin", address="10.4.0.1").status_code == 429
    assert _signed_in_as(client) is None


@pytest.mark.parametrize("typed", ["łucja", "ŁUCJA", " Łucja", "Łucja"])
def test_finding_4_a_name_with_a_polish_capital_signs_in_in_any_case(client, typed):
    # SQLite's LIKE folds ASCII letters only; the backend still finds "Łucja" for "łucja".
    user = get_user_model().objects.create_user("Łucja", password=PASSWORD)
    assert _sign_in(client, "/logowanie/", typed).status_code == 302
    assert _signed_in_as(client) == str(user.pk)


def test_finding_4_create_user_cannot_make_ala_beside_ala_in_other_letter_case():
    User = get_user_model()
    User.objects.create_user("Ala", password=PASSWORD)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ala", password=PASSWORD)
    assert list(User.objects.values_list("username", flat=True)) == ["Ala"]


@pytest.mark.parametrize("typed", ["ala", "ＡＬＡ", " Ala "])
def test_finding_4_a_name_two_accounts_share_signs_in_neither(client, typed):
    # create_user keeps surrounding spaces and lower() sees "ala" and " ALA " as two names, so
    # the index lets both exist; sign-in refuses the name rather than pick one of them.
    User = get_user_model()
    User.objects.create_user("ala", password="haslo-pierwszej-1")
    User.objects.create_user(" ALA ", password="haslo-drugiej-1")
    for password in ["haslo-pierwszej-1", "haslo-drugiej-1"]:
        assert _sign_in(client, "/logowanie/", typed, password=password).status_code == 200
        assert authenticate(None, username=typed, password=password) is None
    assert _signed_in_as(client) is None


@pytest.mark.parametrize("typed", ["nikt", "ala"])
def test_finding_4_an_unknown_or_shared_name_still_costs_one_password_hash(typed):
    User = get_user_model()
    User.objects.create_user("ala", password=PASSWORD)
    User.objects.create_user("ALA ", password=PASSWORD)  # the index does not see the space
    with mock.patch("django.contrib.auth.base_user.make_password", wraps=lambda raw: "x") as hasher:
        assert authenticate(None, username=typed, password=PASSWORD) is None
    assert hasher.call_count == 1


@pytest.mark.parametrize("typed", ["łucja", "ŁUCJA", "  Łucja "])
def test_finding_4_the_back_office_refuses_a_name_another_account_has_in_normal_form(
    admin_client, typed
):
    User = get_user_model()
    User.objects.create_user("Łucja", password=PASSWORD)
    before = User.objects.count()
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": typed,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert User.objects.count() == before


def test_finding_4_the_back_office_will_not_rename_an_account_onto_another_name(admin_client):
    User = get_user_model()
    User.objects.create_user("Łucja", password=PASSWORD)
    other = User.objects.create_user("marta", password=PASSWORD)
    response = admin_client.post(
        f"/admin/auth/user/{other.pk}/change/",
        {
            "username": "ŁUCJA",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.username == "marta"


def test_finding_4_create_demo_staff_sees_an_account_of_the_same_name_in_any_case(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", "--username", "Demo", "--email", "", "--noinput", stdout=StringIO()
    )
    output = StringIO()
    call_command("create_demo_staff", stdout=output)
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["Demo"]


def test_finding_4_the_migration_stops_naming_accounts_whose_names_collide():
    User = get_user_model()
    User.objects.create_user("ala", password=PASSWORD)
    User.objects.create_user(" ALA", password=PASSWORD)
    User.objects.create_user("Bartek", password=PASSWORD)
    with pytest.raises(RuntimeError) as refused:
        migration_0003.refuse_colliding_usernames(django_apps, None)
    message = str(refused.value)
    assert "'ala'" in message and "' ALA'" in message and "Bartek" not in message
    assert "rename" in message.lower()


def test_finding_4_the_migration_passes_distinct_names_as_they_are():
    User = get_user_model()
    User.objects.create_user("Admin", password=PASSWORD)
    User.objects.create_user("Łucja", password=PASSWORD)
    migration_0003.refuse_colliding_usernames(django_apps, None)
    assert sorted(User.objects.values_list("username", flat=True)) == ["Admin", "Łucja"]


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "auth_user"))


@pytest.mark.django_db(transaction=True)
def test_finding_4_migrating_keeps_names_as_typed_or_stops_on_a_colliding_pair():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: some may hang on portal's latest
    before = [("portal", "0002_cache_table")]
    try:
        executor.migrate(before)
        assert "portal_auth_user_username_lower" not in _index_names()
        # auth_user itself is not migrated here: today's model writes it as it stood.
        old_user = get_user_model()
        old_user.objects.create(username="Admin", password="!")
        old_user.objects.create(username="Ala", password="!")
        old_user.objects.create(username="ala", password="!")

        with pytest.raises(RuntimeError, match=r"'Ala'.*'ala'"):
            MigrationExecutor(connection).migrate(latest)
        assert "portal_auth_user_username_lower" not in _index_names()

        old_user.objects.filter(username="ala").update(username="ala2")
        MigrationExecutor(connection).migrate(latest)
        assert "portal_auth_user_username_lower" in _index_names()
        assert sorted(old_user.objects.values_list("username", flat=True)) == [
            "Admin",
            "Ala",
            "ala2",
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

"""A person's sign-in account answers a data-subject request like every other record."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from partnerstwa.rights.selectors import data_held

EMAIL = "jan.jurorski@example.org"


@pytest.fixture
def juror_account(db):
    return get_user_model().objects.create_user(
        "jjurorski", email=EMAIL, password="Wrzesień-2016!", first_name="Jan", last_name="Jurorski"
    )


def test_an_erased_account_names_no_one_and_can_never_sign_in_again(juror_account, capsys):
    client = Client()
    assert client.login(username="jjurorski", password="Wrzesień-2016!")

    call_command("privacy_erase", EMAIL)

    juror_account.refresh_from_db()
    assert "auth.User: 1" in capsys.readouterr().out
    assert (juror_account.first_name, juror_account.last_name, juror_account.email) == ("", "", "")
    assert "jurorski" not in juror_account.username.lower()
    assert not juror_account.is_active and not juror_account.has_usable_password()
    assert client.get("/biuro/").status_code == 302  # the open session ended with the account


def test_an_accounts_names_and_address_are_in_the_access_export(juror_account):
    (row,) = data_held(EMAIL)["auth.User"]
    assert (row["username"], row["first_name"], row["last_name"], row["email"]) == (
        "jjurorski",
        "Jan",
        "Jurorski",
        EMAIL,
    )

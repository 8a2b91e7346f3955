from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from partnerstwa.newsletter.models import Campaign, Subscriber
from partnerstwa.programme.models import Programme


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    call_command("load_demo", stdout=StringIO())
    first = list(Programme.objects.values())
    call_command("load_demo", stdout=StringIO())
    assert list(Programme.objects.values()) == first
    programme = Programme.objects.get()
    assert programme.operator == "Związek Miast Polskich"
    assert str(programme.value_pln) == "10622115.00"
    assert programme.starts_on.isoformat() == "2012-06-01"
    assert programme.ends_on.isoformat() == "2016-10-31"


@pytest.mark.django_db
def test_load_demo_adds_the_newsletters_illustrative_campaign_and_subscribers_once():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    assert Campaign.objects.filter(is_illustrative=True).count() == 1
    assert Subscriber.objects.count() == Subscriber.objects.filter(is_illustrative=True).count() > 0


@pytest.mark.django_db
def test_demo_staff_account_is_created_once_and_its_password_printed_once():
    first = StringIO()
    call_command("create_demo_staff", stdout=first)
    password = first.getvalue().rsplit(" ", 1)[-1].strip()
    user = get_user_model().objects.get(username="demo")
    assert user.is_staff and user.check_password(password)

    second = StringIO()
    call_command("create_demo_staff", stdout=second)
    assert password not in second.getvalue()
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_load_demo_refuses_a_missing_or_broken_file_and_writes_nothing(tmp_path):
    with pytest.raises(CommandError, match="Nie ma takiego pliku"):
        call_command("load_demo", "--reference", str(tmp_path / "brak.yaml"), stdout=StringIO())
    broken = tmp_path / "wskazowki.yaml"
    broken.write_text("miejsca: [niezamknięta lista\n", encoding="utf-8")
    with pytest.raises(CommandError, match="YAML"):
        call_command("load_demo", "--hints", str(broken), stdout=StringIO())
    assert not Programme.objects.exists()

"""The layout's navigation and footer are kept fragments ({% keep %}, READ_CACHE as in
production): each page still marks its own link, speaks the visitor's language, shows a change
to the programme or the identity at once, and signed-in visitors get their own sign-out form."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from partnerstwa.content.models import Identity
from partnerstwa.content.tests.factories import identity
from partnerstwa.lib import freshness

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept_as_in_production(kept):
    yield
    freshness.forget()


def _current_links(content: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', content)


def test_each_page_marks_its_own_link_in_the_kept_navigation(client):
    events, partnerships = reverse("activities:list"), reverse("partnerships:list")
    assert _current_links(client.get(events).content.decode()) == [events]
    assert _current_links(client.get(partnerships).content.decode()) == [partnerships]
    assert _current_links(client.get(reverse("privacy:notice")).content.decode()) == []
    assert _current_links(client.get(events).content.decode()) == [events]


def test_the_kept_navigation_speaks_the_visitors_language(client):
    assert ">Samorządy</a>" in client.get(reverse("privacy:notice")).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = client.get(reverse("privacy:notice")).content.decode()
    assert ">Local governments</a>" in content and ">Samorządy</a>" not in content


def test_a_change_to_the_identity_shows_in_the_kept_footer_at_once(
    client, commit, django_capture_on_commit_callbacks
):
    commit(lambda: identity(phone="+48 61 633 50 50"))
    assert "+48 61 633 50 50" in client.get(reverse("privacy:notice")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Identity.objects.update(phone="+48 22 000 00 00")
    content = client.get(reverse("privacy:notice")).content.decode()
    assert "+48 22 000 00 00" in content and "+48 61 633 50 50" not in content


def test_signed_in_visitors_get_their_own_sign_out_form_beside_the_kept_navigation(client):
    assert "Wyloguj" not in client.get(reverse("privacy:notice")).content.decode()
    client.force_login(User.objects.create_user("ktos", password="x-Haslo-12345"))
    content = client.get(reverse("privacy:notice")).content.decode()
    action = reverse("logout")
    sign_out = re.search(rf'<form method="post" action="{action}">(.*?)</form>', content)
    assert sign_out and "csrfmiddlewaretoken" in sign_out.group(1)
    client.logout()
    assert "Wyloguj" not in client.get(reverse("privacy:notice")).content.decode()


def test_a_renamed_programme_shows_in_the_kept_header_at_once(
    client, commit, django_capture_on_commit_callbacks
):
    from partnerstwa.programme.models import Programme

    programme = commit(
        lambda: Programme.objects.create(name="Program", short_name="Budowanie", operator="ZMP")
    )
    page = client.get(reverse("privacy:notice")).content.decode()
    assert '<span class="brand-programme">Budowanie</span>' in page
    with django_capture_on_commit_callbacks(execute=True):
        Programme.objects.filter(pk=programme.pk).update(short_name="Partnerstwa 2")
    page = client.get(reverse("privacy:notice")).content.decode()
    assert '<span class="brand-programme">Partnerstwa 2</span>' in page
    assert "Budowanie" not in page


def test_the_kept_sign_in_link_and_demo_notice_speak_the_visitors_language(client):
    from partnerstwa.partnerships.tests.factories import PartnershipFactory

    PartnershipFactory(is_illustrative=True)
    page = client.get(reverse("privacy:notice")).content.decode()
    assert ">Zaloguj się</a>" in page and "Co jest prawdziwe" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("privacy:notice")).content.decode()
    assert ">Sign in</a>" in page and "What is real and what is made up" in page

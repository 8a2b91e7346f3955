"""Issue 12: the site's page tree is there on install (data migration) and is rebuilt by the
demo loader in a database emptied by tests."""

import pytest
from wagtail.models import Collection, Page, Site

from partnerstwa.content.models import HomePage, NewsIndexPage
from partnerstwa.content.services import site_tree_ensure


@pytest.mark.django_db
def test_the_installed_site_has_a_polish_home_with_its_english_translation(client):
    homes = HomePage.objects.order_by("locale__language_code")
    assert [home.locale.language_code for home in homes] == ["en", "pl"]
    assert Site.objects.get(is_default_site=True).root_page.specific == homes[1]
    assert client.get("/").status_code == 200
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/aktualnosci/").context["page"].title == "News"


@pytest.mark.django_db
def test_ensuring_the_site_tree_on_an_installed_site_changes_nothing():
    pages = Page.objects.count()
    assert site_tree_ensure() is False
    assert Page.objects.count() == pages


@pytest.mark.django_db(transaction=True)
def test_ensuring_the_site_tree_rebuilds_it_in_an_emptied_database(client):
    Page.objects.all().delete()
    Site.objects.all().delete()
    Collection.objects.all().delete()
    assert site_tree_ensure() is True
    assert Collection.get_first_root_node() is not None
    assert NewsIndexPage.objects.count() == 2
    assert client.get("/aktualnosci/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_emptied_database_gets_its_home_back_after_flush(client):
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert client.get("/").status_code == 200

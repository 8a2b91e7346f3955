"""The document list's filter form with nothing chosen is made once per change of the library
and per language (lib.freshness.kept), is the form a visitor gets, offers the public documents'
years alone, and staff get the form over every document they may see."""

import datetime

import pytest
from django.urls import reverse

from partnerstwa.lib.tests.pages import filter_form
from partnerstwa.library.tests.factories import document

pytestmark = pytest.mark.django_db
LIST = reverse("library:list")


def test_the_kept_blank_form_is_the_one_made_with_nothing_chosen(client, kept):
    kept(lambda: document(title="Raport 2016", published_on=datetime.date(2016, 3, 1)))
    blank = client.get(LIST).content.decode()
    chosen = client.get(LIST, {"year": ""}).content.decode()
    assert filter_form(blank) == filter_form(chosen)
    assert '<option value="2016">2016</option>' in filter_form(blank)


def test_a_committed_document_of_a_new_year_shows_in_the_kept_blank_form(
    client, kept, django_capture_on_commit_callbacks
):
    kept(lambda: document(title="Raport 2016", published_on=datetime.date(2016, 3, 1)))
    assert "2014" not in filter_form(client.get(LIST).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        document(title="Raport 2014", published_on=datetime.date(2014, 3, 1))
    assert '<option value="2014">2014</option>' in filter_form(client.get(LIST).content.decode())


def test_staff_get_the_years_of_staff_only_documents_and_visitors_do_not(
    client, kept, django_user_model
):
    kept(lambda: document(title="Notatka", published_on=datetime.date(2013, 3, 1), is_public=False))
    assert "2013" not in filter_form(client.get(LIST).content.decode())
    staff = django_user_model.objects.create_user("biuro", "b@example.org", "x", is_staff=True)
    client.force_login(staff)
    assert '<option value="2013">2013</option>' in filter_form(client.get(LIST).content.decode())

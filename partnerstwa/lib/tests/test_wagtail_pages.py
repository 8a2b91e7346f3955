"""lib.pages.public: the editors' pages without those under a view restriction, as Wagtail's
.public() gives them, with the restricted sections kept between changes of pages."""

import pytest
from wagtail.models import Page, PageViewRestriction

from partnerstwa.content.models import NewsIndexPage
from partnerstwa.content.tests.factories import news
from partnerstwa.lib import freshness
from partnerstwa.lib import pages as wagtail_pages

pytestmark = pytest.mark.django_db


def _titles(pages) -> set[str]:
    return set(pages.values_list("title", flat=True))


def test_public_leaves_out_a_restricted_section_as_wagtail_does(commit):
    commit(lambda: news(title="Jawna", slug="jawna"))
    hidden = commit(lambda: news(title="Ukryta", slug="ukryta"))
    commit(lambda: PageViewRestriction.objects.create(page=hidden, restriction_type="login"))
    ours = _titles(wagtail_pages.public(Page.objects.live()))
    assert "Ukryta" not in ours and "Jawna" in ours
    assert ours == _titles(Page.objects.live().public())


def test_a_restriction_on_a_section_covers_its_descendants(commit):
    commit(lambda: news(title="Pod indeksem", slug="pod-indeksem"))
    section = NewsIndexPage.objects.first()
    commit(lambda: PageViewRestriction.objects.create(page=section, restriction_type="login"))
    assert "Pod indeksem" not in _titles(wagtail_pages.public(Page.objects.live()))


def test_a_new_restriction_applies_at_once_where_restrictions_are_kept(
    kept, django_capture_on_commit_callbacks
):
    hidden = kept(lambda: news(title="Wkrótce ukryta", slug="wkrotce-ukryta"))
    assert "Wkrótce ukryta" in _titles(wagtail_pages.public(Page.objects.live()))
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    assert "Wkrótce ukryta" not in _titles(wagtail_pages.public(Page.objects.live()))
    freshness.forget()

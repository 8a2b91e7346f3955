"""The public contest pages (the list of editions, an edition with its published results) make as
many queries with many editions and laureates as with one: awards are fetched with the editions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerstwa.contests.models import Category, ContestEdition, Criterion
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
SLUG = "wyniki-2014"
URLS = ["/konkurs/", f"/konkurs/{SLUG}/"]


@pytest.fixture
def one_edition():
    """An edition whose results are published, with one category and one laureate."""
    contest = edition(status="published", slug=SLUG, year=2014)
    category = Category.objects.create(edition=contest, name="Gminy miejskie")
    application(contest, status="laureate", category=category)


def add_awards(contest, number: int) -> None:
    """Laureates and distinctions from organisations and partnerships, in categories, and
    applications that won nothing (not shown)."""
    categories = [
        Category.objects.create(edition=contest, name=f"Kategoria {contest.pk}-{index}")
        for index in range(3)
    ]
    for index in range(number):
        # Every other applicant a partnership, the rest organisations (the factory's default).
        applicant = {"partnership": PartnershipFactory()} if index % 2 else {}
        application(
            contest,
            status=["laureate", "distinction", "no_award", "finalist"][index % 4],
            category=categories[index % 3],
            summary=f"Opis praktyki {index}",
            **applicant,
        )


def add_many_editions() -> None:
    """Twelve more editions whose results are published, each with awards; one still open and
    one draft; and more awards, categories and criteria on the edition of SLUG."""
    for year in range(2000, 2012):
        add_awards(edition(status="published", year=year), 8)
    edition(status="open")
    add_awards(edition(status="draft"), 4)
    shown = ContestEdition.objects.get(slug=SLUG)
    add_awards(shown, 16)
    for order in range(3, 8):
        Criterion.objects.create(edition=shown, order=order, name=f"Kryterium {order}")


def awards_shown(response) -> int:
    if "editions" in response.context:
        return sum(len(e.awarded) for e in response.context["editions"] if e.results_public)
    return len(response.context["edition"].awarded)


@pytest.mark.parametrize("url", URLS)
def test_contest_pages_make_no_more_queries_with_many_editions_and_laureates(
    client, one_edition, url, django_assert_max_num_queries
):
    assert client.get(url).status_code == 200  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        before = awards_shown(client.get(url))
    add_many_editions()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert awards_shown(response) > before  # the same count now covers many rows, not one

"""The search's reads prepared once per process (on SQLite: its FTS5 queries as prepared reads)
answer exactly what the search backend's own queries answer: per kind of record, for anonymous
visitors and staff, with pages under a view restriction or unpublished left out, and cut at
SEARCH_LIMIT. Runs on SQLite and, in CI's PostgreSQL pass, on PostgreSQL (whose own reads are
held to the same answers)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import Page, PageViewRestriction

from partnerstwa.content.tests.factories import news
from partnerstwa.lib import pages as wagtail_pages
from partnerstwa.library import selectors
from partnerstwa.library.models import DocumentNotice
from partnerstwa.library.tests.factories import document

pytestmark = pytest.mark.django_db

QUERIES = [
    "gmina",
    "współpraca gmin",
    "wspolpraca",
    "partnerstwa",
    "raport",
    "nieznane słowo",
    "cudzysłów \" i apostrof ' i ukośnik \\",
    "gwiazdka*",
]


@pytest.fixture
def library(django_user_model):
    document(title="Gmina jako partner", text="Tekst o czymś innym.")
    document(title="Sprawozdanie roczne", text="Gminy współpracują w partnerstwie.")
    document(title="Raport wewnętrzny gminy", text="Współpraca gmin.", is_public=False)
    document(title="Raport z działań", text="Partnerstwo lokalne i współpraca.")
    DocumentNotice.objects.create(title="Stanowisko w sprawie gmin", listed_at="https://zmp.pl")
    DocumentNotice.objects.create(title="Raport o partnerstwach", listed_at="https://zmp.pl")
    news(title="Współpraca gmin w praktyce", body="<p>Spotkanie partnerstwa.</p>")
    news(title="Gmina w partnerstwie", body="<p>Raport z działań.</p>")
    news(title="Szkic o gminach", live=False)
    restricted = news(title="Gmina tylko dla zespołu", slug="wewnetrzna")
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Zespół"))
    return django_user_model.objects.create_user("biuro", "b@example.org", "x", is_staff=True)


def _backend_answer(user, text: str) -> dict:
    """What the search backend's own queries answer, each kind latest first."""
    query = selectors._query(text)
    if query is None:
        return {"document": set(), "page": set(), "notice": set()}
    documents = selectors.visible_documents(user).order_by("-id")
    pages = wagtail_pages.public(Page.objects.live()).order_by("-id")
    notices = DocumentNotice.objects.all()
    limit = selectors.SEARCH_LIMIT
    return {
        "document": {
            *(d.pk for d in documents.search(query, order_by_relevance=False)[:limit]),
            *(
                d.pk
                for d in documents.search(query, fields=["title"], order_by_relevance=False)[:limit]
            ),
        },
        "page": {p.pk for p in pages.search(query, order_by_relevance=False)[:limit]},
        "notice": {n.pk for n in notices.search(query, order_by_relevance=False)[:limit]},
    }


def _found(user, text: str) -> dict:
    found = {"document": set(), "page": set(), "notice": set()}
    for hit in selectors.search(user, text).hits:
        found[hit.kind].add(hit.record.pk)
    return found


@pytest.mark.parametrize("text", QUERIES)
def test_the_search_finds_what_the_backend_finds_for_a_visitor_and_for_staff(library, text):
    for user in (AnonymousUser(), library):
        assert _found(user, text) == _backend_answer(user, text)


def test_the_cases_above_find_something_of_every_kind_and_leave_out_what_is_hidden(library):
    visitor = _found(AnonymousUser(), "gmina")
    titles = {kind: {_title(kind, pk) for pk in keys} for kind, keys in visitor.items()}
    assert titles == {
        "document": {"Gmina jako partner", "Sprawozdanie roczne"},
        "page": {"Współpraca gmin w praktyce", "Gmina w partnerstwie"},
        "notice": {"Stanowisko w sprawie gmin"},
    }
    assert _title("document", max(_found(library, "gmina")["document"])) == (
        "Raport wewnętrzny gminy"
    )


def test_the_search_keeps_search_limit_of_each_kind_and_says_there_were_more(library, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 1)
    results = selectors.search(AnonymousUser(), "gmina")
    kinds = [hit.kind for hit in results.hits]
    assert results.incomplete
    # One document by title, one by text (another document), one page, one notice.
    assert sorted(kinds) == ["document", "document", "notice", "page"]
    assert _found(AnonymousUser(), "gmina") == _backend_answer(AnonymousUser(), "gmina")


def test_the_pages_of_the_hits_shown_are_read_as_their_own_models(library):
    hits = selectors.search(AnonymousUser(), "spotkanie").hits
    (hit,) = selectors.with_passages(hits, "spotkanie")
    # The news page's body (a NewsPage's, not a Page's) holds the passage.
    assert type(hit.record).__name__ == "NewsPage"
    assert hit.passage[1:] == ("Spotkanie", " partnerstwa.")


def _title(kind: str, pk: int) -> str:
    from partnerstwa.library.models import LibraryDocument

    model = {"document": LibraryDocument, "page": Page, "notice": DocumentNotice}[kind]
    return model.objects.get(pk=pk).title


def test_a_page_restricted_after_a_search_is_left_out_of_the_next(library):
    page = Page.objects.get(title="Gmina w partnerstwie")
    assert page.pk in _found(AnonymousUser(), "gmina")["page"]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Zespół"))
    assert page.pk not in _found(AnonymousUser(), "gmina")["page"]
    assert _found(AnonymousUser(), "gmina") == _backend_answer(AnonymousUser(), "gmina")

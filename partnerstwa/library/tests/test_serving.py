"""Point 2: the listing, a page per document, downloads counted, staff-only never served."""

import datetime

import pytest
from django.urls import reverse

from partnerstwa.library.models import DocumentCategory, LibraryDocument
from partnerstwa.library.tests.factories import document

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("biuro", "b@example.org", "x", is_staff=True)


def _page(doc):
    return reverse("library:detail", args=[doc.pk, doc.slug])


def _downloads(doc) -> int:
    return LibraryDocument.objects.get(pk=doc.pk).download_count


def test_the_listing_shows_documents_newest_first_with_download_format_and_size(client):
    older = document(title="Raport roczny 2014", published_on=datetime.date(2014, 5, 1))
    newer = document(title="Raport końcowy", published_on=datetime.date(2016, 10, 31))
    html = client.get(reverse("library:list")).content.decode()
    assert html.index(newer.title) < html.index(older.title)
    assert "Pobierz" in html
    assert newer.url in html
    assert "PDF, " in html and ("KB" in html or "MB" in html)
    assert "31 października 2016" in html


def test_the_listing_filters_by_category_and_year(client):
    reports = DocumentCategory.objects.get(slug="raporty")
    kept = document(title="Raport 2016", category=reports, published_on=datetime.date(2016, 3, 1))
    document(title="Raport 2015", category=reports, published_on=datetime.date(2015, 3, 1))
    document(title="Publikacja 2016", published_on=datetime.date(2016, 3, 1))
    response = client.get(reverse("library:list"), {"category": "raporty", "year": "2016"})
    assert [d.pk for d in response.context["page"].object_list] == [kept.pk]


def test_the_file_size_is_written_in_polish_units(client):
    doc = document(title="Duży plik")
    LibraryDocument.objects.filter(pk=doc.pk).update(file_size=1_258_291)  # 1.2 MiB
    html = client.get(_page(doc)).content.decode()
    assert "PDF, 1,2\xa0MB" in html  # a no-break space between number and unit


def test_a_document_page_links_its_related_records(client):
    from partnerstwa.partnerships.tests.factories import PartnershipFactory

    linked = PartnershipFactory(name="Partnerstwo Doliny Baryczy")
    doc = document(title="Strategia obszaru", partnership=linked, summary="Strategia rozwoju.")
    html = client.get(_page(doc)).content.decode()
    assert reverse("partnerships:detail", args=[linked.slug]) in html
    assert "Strategia rozwoju." in html
    assert doc.url in html


def test_a_document_page_under_an_old_title_redirects_to_its_address(client):
    doc = document(title="Raport końcowy")
    response = client.get(reverse("library:detail", args=[doc.pk, "stary-tytul"]))
    assert response.status_code == 301
    assert response["Location"] == _page(doc)


def test_a_download_is_counted(client):
    doc = document(title="Raport")
    for _ in range(2):
        response = client.get(doc.url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    assert _downloads(doc) == 2


def test_a_staff_only_document_is_unreachable_for_others_by_listing_page_and_file(client):
    doc = document(title="Notatka wewnętrzna", is_public=False)
    assert doc.title not in client.get(reverse("library:list")).content.decode()
    assert client.get(_page(doc)).status_code == 404
    assert client.get(doc.url).status_code == 404
    assert _downloads(doc) == 0


def test_a_staff_only_document_is_reachable_for_staff(client, staff):
    doc = document(title="Notatka wewnętrzna", is_public=False)
    client.force_login(staff)
    assert doc.title in client.get(reverse("library:list")).content.decode()
    assert client.get(_page(doc)).status_code == 200
    response = client.get(doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert _downloads(doc) == 1


def test_a_library_file_has_no_address_under_media(client, settings):
    doc = document(title="Notatka wewnętrzna", is_public=False)
    # Stored under PRIVATE_ROOT, outside MEDIA_ROOT; the storage's own address answers nothing.
    assert doc.file.path.startswith(str(settings.PRIVATE_ROOT))
    assert client.get(doc.file.url).status_code == 404
    assert client.get(settings.MEDIA_URL + doc.file.name).status_code == 404


def test_the_listing_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for number in range(5):
        document(title=f"Raport {number}")
    with django_assert_max_num_queries(12):
        client.get(reverse("library:list"))

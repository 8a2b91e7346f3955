"""Point 6: the library's demo from the reference data: the four ZMP positions as documents
without a file whose pages say so, and a PDF of sourced facts marked illustrative."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from partnerstwa.library.demo import INFORMATION_TITLE, library_demo_load
from partnerstwa.library.models import DocumentNotice, Extraction, LibraryDocument

pytestmark = pytest.mark.django_db

REFERENCE = Path(settings.BASE_DIR) / "partnerstwa" / "data" / "programme" / "reference.yaml"


@pytest.fixture
def data():
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


def test_the_four_zmp_positions_are_listed_with_pages_saying_their_files_are_not_here(client, data):
    library_demo_load(data)
    titles = [entry["title"] for entry in data["documents"]]
    assert len(titles) == 4
    notices = DocumentNotice.objects.order_by("id")
    assert [notice.title for notice in notices] == titles
    assert {notice.category.slug for notice in notices} == {"stanowiska-i-uchwaly"}
    assert not any(notice.is_illustrative for notice in notices)  # the titles are real
    listing = client.get(reverse("library:list")).content.decode()
    for notice in notices:
        assert notice.title in listing
        page = client.get(reverse("library:notice", args=[notice.pk, notice.slug]))
        html = page.content.decode()
        assert "nie jest dostępny w tym systemie" in html
        assert "www.partnerstwa.jst.org.pl" in html


def test_the_project_information_pdf_is_marked_illustrative_and_found_by_its_text(client, data):
    library_demo_load(data)
    document = LibraryDocument.objects.get(title=INFORMATION_TITLE)
    assert document.is_illustrative
    assert document.extraction_status == Extraction.DONE
    assert "Związek Miast Polskich" in document.extracted_text
    page = client.get(reverse("library:detail", args=[document.pk, document.slug]))
    assert "przykład ilustracyjny" in page.content.decode()
    response = client.get(reverse("library:search"), {"q": "kompetencje wspolpracy"})
    assert INFORMATION_TITLE in [hit.title for hit in response.context["page"].object_list]


def test_the_position_titles_are_found_by_search(client, data):
    library_demo_load(data)
    response = client.get(reverse("library:search"), {"q": "reprywatyzacji"})
    titles = [hit.title for hit in response.context["page"].object_list]
    assert any("reprywatyzacji" in title for title in titles)


def test_loading_the_demo_twice_adds_nothing_the_second_time(data):
    assert library_demo_load(data) == 5
    assert library_demo_load(data) == 0
    assert DocumentNotice.objects.count() == 4
    assert LibraryDocument.objects.count() == 1

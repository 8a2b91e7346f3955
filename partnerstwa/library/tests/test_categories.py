"""Point 1: the library's categories are seeded in Polish and English and editable in the CMS."""

import pytest
from django.utils import translation

from partnerstwa.library.models import DocumentCategory

pytestmark = pytest.mark.django_db


def test_the_six_categories_are_seeded_in_polish_and_english():
    categories = DocumentCategory.objects.order_by("position")
    assert [c.name_pl for c in categories] == [
        "stanowiska i uchwały",
        "publikacje",
        "raporty",
        "analizy prawne",
        "materiały szkoleniowe",
        "prezentacje",
    ]
    with translation.override("en"):
        assert categories.first().name == "positions and resolutions"


def test_editors_edit_categories_as_snippets_in_the_cms(client, django_user_model):
    editor = django_user_model.objects.create_superuser("redakcja", "r@example.org", "x")
    client.force_login(editor)
    category = DocumentCategory.objects.get(slug="raporty")
    response = client.post(
        f"/cms/snippets/library/documentcategory/edit/{category.pk}/",
        {
            "name_pl": "raporty i sprawozdania",
            "name_en": "reports",
            "slug": "raporty",
            "position": 3,
        },
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.name_pl == "raporty i sprawozdania"

"""An illustrative record is marked the same way on pages and in exports; a real one is not."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from partnerstwa.lib import illustrative


def _render(record) -> str:
    return Template("{% load marks %}[{% illustrative record %}]").render(
        Context({"record": record})
    )


def test_page_mark_appears_only_on_illustrative_records():
    with translation.override("pl"):
        assert "przykład ilustracyjny" in _render(SimpleNamespace(is_illustrative=True))
        assert _render(SimpleNamespace(is_illustrative=False)).strip() == "[]"


def test_export_cell_names_an_illustrative_record_and_leaves_a_real_one_empty():
    with translation.override("pl"):
        assert illustrative.cell(SimpleNamespace(is_illustrative=True)) == "przykład ilustracyjny"
        assert illustrative.cell(SimpleNamespace(is_illustrative=False)) == ""
        assert str(illustrative.COLUMN) == "Przykład ilustracyjny"


def test_page_mark_is_in_the_language_of_each_page():
    record = SimpleNamespace(is_illustrative=True)
    with translation.override("pl"):
        assert "przykład ilustracyjny" in _render(record)
    with translation.override("en"):
        assert "illustrative example" in _render(record)
    with translation.override("pl"):
        assert "przykład ilustracyjny" in _render(record)

"""How an illustrative (made-up) record is marked outside HTML: one export column, one JSON
field, one word, so that every export and report says it the same way. Pages use the
``{% illustrative record %}`` tag of lib's ``marks`` library."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The column header of exports and reports, and the JSON field name of the API and feeds.
COLUMN = gettext_lazy("Illustrative example")
JSON_FIELD = "is_illustrative"


def cell(record) -> str:
    """The export cell: "illustrative example" for a made-up record, empty for a real one."""
    return _("illustrative example") if getattr(record, "is_illustrative", False) else ""

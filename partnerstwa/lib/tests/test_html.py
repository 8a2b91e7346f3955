"""lib.html writes what Django's format_html and format_html_join write, value for value."""

import datetime
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from partnerstwa.lib.html import html_format, html_rows

VALUES = [
    "Forum <i>\"Miasta\"</i> & gminy 'Ł'",
    mark_safe("<b>already safe</b>"),
    gettext_lazy("Role"),
    42,
    None,
    Decimal("1234.50"),
    datetime.date(2014, 3, 30),
    "",
]


def test_a_fragment_is_format_htmls_output_and_safe():
    template = "<p>" + "{}|" * len(VALUES) + "</p>"
    written = html_format(template, *VALUES)
    assert written == format_html(template, *VALUES)
    assert isinstance(written, SafeString)


def test_rows_are_format_html_joins_output_and_safe():
    rows = [VALUES, list(reversed(VALUES))]
    template = "<tr>" + "<td>{}</td>" * len(VALUES) + "</tr>"
    written = html_rows("\n", template, rows)
    assert written == format_html_join("\n", template, rows)
    assert isinstance(written, SafeString)


def test_no_rows_write_nothing_safe_and_empty():
    written = html_rows("\n", "<li>{}</li>", [])
    assert written == "" and isinstance(written, SafeString)
    assert not written  # `rows or fallback` falls back, as with format_html_join

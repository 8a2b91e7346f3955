"""Finding 9 of the hardening review: one set of bounds for every value the system keeps."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerstwa.lib import bounds
from partnerstwa.lib.forms import AmountField


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_finding_9_days_far_outside_the_programme_are_refused(day):
    with pytest.raises(ValidationError):
        bounds.validate_day(day)


def test_the_date_bounds_are_1990_to_twenty_years_ahead():
    last = datetime.date(timezone.localdate().year + 20, 12, 31)
    bounds.validate_day(datetime.date(1990, 1, 1))
    bounds.validate_day(last)
    for day in (datetime.date(1989, 12, 31), last + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError):
            bounds.validate_day(day)


def test_the_bounds_error_names_the_range_in_polish_with_genitive_months():
    with translation.override("pl"), pytest.raises(ValidationError) as raised:
        bounds.validate_day(datetime.date(1, 1, 1))
    assert "od 1 stycznia 1990 do 31 grudnia" in raised.value.messages[0]


def test_finding_9_a_day_something_happened_on_cannot_be_in_the_future():
    bounds.validate_past_day(timezone.localdate())
    with pytest.raises(ValidationError):
        bounds.validate_past_day(timezone.localdate() + datetime.timedelta(days=1))


@pytest.mark.parametrize(
    "text", ["1e3", "١٢٣", "-5", "+5", "12.345", "1,2,3", "NaN", "Infinity", ""]
)
def test_finding_9_an_amount_in_another_script_or_notation_is_refused(text):
    with pytest.raises(ValidationError):
        bounds.parse_amount(text)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("2 153 204,01", Decimal("2153204.01")),
        ("2153204.01", Decimal("2153204.01")),
        ("2\u00a0153\u00a0204,01", Decimal("2153204.01")),
        ("0", Decimal("0")),
        ("999 999 999 999,99", bounds.MAX_AMOUNT),
    ],
)
def test_an_amount_as_people_write_it_in_poland_is_read_exactly(text, amount):
    assert bounds.parse_amount(text) == amount


def test_an_amount_above_the_largest_is_refused():
    with pytest.raises(ValidationError):
        bounds.parse_amount("1 000 000 000 000")


def test_the_amount_field_refuses_an_exponent_that_decimal_would_take():
    with pytest.raises(ValidationError):
        AmountField().clean("1e3")
    assert AmountField(required=False).clean("") is None


@pytest.mark.parametrize("name", ["Jan\r\nBcc: x@example.org", "Jan\tKowalski", "Jan\x00"])
def test_finding_9_a_name_with_control_characters_is_refused(name):
    with pytest.raises(ValidationError):
        bounds.validate_single_line(name)


def test_long_text_keeps_line_breaks_but_not_half_a_million_characters():
    bounds.validate_long_text("Akapit pierwszy.\r\n\r\nAkapit drugi.\tKoniec.")
    with pytest.raises(ValidationError):
        bounds.validate_long_text("x" * 500_000)
    with pytest.raises(ValidationError):
        bounds.validate_long_text("tekst\x1b[31m")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "http:example.org",
        "//example.org",
        "https://example.org/\r\nx",
    ],
)
def test_finding_9_a_link_that_is_not_http_or_https_is_refused(url):
    with pytest.raises(ValidationError):
        bounds.validate_web_url(url)


def test_sources_are_checked_line_by_line():
    bounds.validate_web_urls("https://zmp.pl/a\n\nhttp://example.org/b\n")
    with pytest.raises(ValidationError):
        bounds.validate_web_urls("https://zmp.pl/a\njavascript:alert(1)")


@given(st.text(max_size=40))
def test_parsing_any_text_as_an_amount_gives_an_amount_within_bounds_or_a_validation_error(text):
    try:
        amount = bounds.parse_amount(text)
    except ValidationError:
        return
    assert Decimal(0) <= amount <= bounds.MAX_AMOUNT
    assert amount.as_tuple().exponent >= -2


def test_a_year_outside_the_programme_is_refused():
    bounds.validate_year(1990)
    bounds.validate_year(timezone.localdate().year + 20)
    for year in (0, 1989, timezone.localdate().year + 21, 32767):
        with pytest.raises(ValidationError):
            bounds.validate_year(year)


@pytest.mark.parametrize(
    "character", ["\u2028", "\u2029", "\u202e", "\u2066", "\u2069", "\u200b", "\ufeff"]
)
def test_line_separators_and_bidirectional_controls_are_not_single_line_text(character):
    with pytest.raises(ValidationError):
        bounds.validate_single_line(f"Gmina{character}Brwinów")
    with pytest.raises(ValidationError):
        bounds.validate_long_text(f"Opis{character}dalej")


def test_the_length_limit_is_stated_with_polish_digit_grouping():
    with translation.override("pl"), pytest.raises(ValidationError) as raised:
        bounds.validate_long_text("x" * 500_000)
    assert raised.value.messages == [
        "Tekst może mieć najwyżej 20\xa0000 znaków (ten ma 500\xa0000)."
    ]


@pytest.mark.parametrize(
    ("address", "link"),
    [
        ("eeagrants.org/node/6255", "https://eeagrants.org/node/6255"),
        ("http://zmp.pl", "http://zmp.pl"),
        ("  ", ""),
    ],
)
def test_a_bare_reference_address_becomes_a_web_link(address, link):
    assert bounds.with_web_scheme(address) == link


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_a_printable_text_is_never_refused_as_control_characters(text):
    # The quick path (str.isprintable) gives the same verdict as looking at every character.
    import unicodedata

    from partnerstwa.lib.bounds import _INVISIBLE_CONTROLS, _bad_characters

    by_character = any(
        unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or ch in _INVISIBLE_CONTROLS
        for ch in text
    )
    assert _bad_characters(text, "") == by_character

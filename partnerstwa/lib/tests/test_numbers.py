"""lib.numbers writes whole numbers and amounts exactly as Django's intcomma and
floatformat:"2g" write them, in each language: halves rounded up, no sign on an amount that
rounds to zero, anything else handed to Django's own."""

from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils import translation

from partnerstwa.lib.numbers import grouped, money

WHOLE = [0, 7, -7, 999, 1000, -1000, 1610, 12345, 999999, 1000000, -66512345, 10**15]
AMOUNTS = [
    Decimal("0"),
    Decimal("0.004"),
    Decimal("-0.004"),
    Decimal("0.005"),
    Decimal("2.675"),
    Decimal("-2.675"),
    Decimal("1234.5"),
    Decimal("66512345.00"),
    Decimal("999999.995"),
    Decimal("-1000000.125"),
    Decimal("12345678901234567890.12"),
    Decimal("1E+30"),
    0,
    1610,
    -66512345,
    1.5,  # a float: Django's path
    None,
    "abc",
]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_whole_number_is_grouped_exactly_as_intcomma_groups_it(language):
    with translation.override(language):
        assert [grouped(number) for number in WHOLE] == [intcomma(n) for n in WHOLE]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_an_amount_is_written_exactly_as_floatformat_2g_writes_it(language):
    with translation.override(language):
        assert [money(amount) for amount in AMOUNTS] == [floatformat(a, "2g") for a in AMOUNTS]


def test_polish_writes_a_space_between_thousands_and_a_decimal_comma():
    with translation.override("pl"):
        assert money(Decimal("66512345")) == "66\xa0512\xa0345,00"
        assert grouped(1610) == "1\xa0610"
    with translation.override("en"):
        assert money(Decimal("66512345")) == "66,512,345.00"

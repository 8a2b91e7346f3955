from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from partnerstwa.lib.forms import AmountField


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("2 153 204,01", "2153204.01"),
        ("2\xa0153\xa0204,01", "2153204.01"),
        ("2153204.01", "2153204.01"),
        ("0,5", "0.50"),
        ("100", "100"),
    ],
)
def test_amounts_are_read_as_people_type_them(typed, amount):
    assert AmountField().clean(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["12,345,6", "abc", "-5", "1,001"])
def test_nonsense_and_negative_amounts_are_refused(typed):
    with pytest.raises(ValidationError):
        AmountField().clean(typed)

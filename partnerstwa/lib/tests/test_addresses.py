"""lib.addresses: a row's address made from the route reversed once is the one reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse

from partnerstwa.lib.addresses import address_of


@pytest.mark.parametrize(
    ("name", "values"),
    [
        (
            "activities:detail",
            ["szkolenie-1", "warsztaty_2024", "zażółć", "a b", "100%", "x?y#z", "a/b"],
        ),
        ("partnerships:detail", ["partnerstwo-doliny-bugu", "obszar_2", "łódź-i-okolice"]),
        ("registry:unit_detail", ["02", "0201011", "zażółć", "a b", "100%", "x?y#z", "a&b"]),
        # Each side of the characters left as they are (no quoting needed) and of the rest.
        (
            "registry:unit_detail",
            [
                "ABC-xyz_09",
                "a~b",
                "a.b",
                "a'b",
                "a(b)*",
                "a!$&+,;=b",
                "a:b@c",
                "a^b",
                "a`b",
                "a|b",
                "a\\b",
                "a%20b",
                'a"b',
                "a<b>",
                "ä",
                "a\nb",
            ],
        ),
    ],
)
def test_an_address_made_from_the_route_reversed_once_is_the_one_reverse_gives(name, values):
    address = address_of(name)
    compared = 0
    for value in values:
        try:
            expected = reverse(name, args=[value])
        except NoReverseMatch:  # a value the route refuses is no row's: nothing to compare
            continue
        assert address(value) == expected
        compared += 1
    assert compared >= 2

"""The dashboard's whole numbers are written as Django's intcomma writes them, in each language."""

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

from partnerstwa.indicators.templatetags.figures import figure

NUMBERS = [0, 7, -7, 999, 1000, -1000, 1610, 12345, 999999, 1000000, -66512345, 10**15]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_whole_number_is_grouped_exactly_as_intcomma_groups_it(language):
    with translation.override(language):
        assert [figure(number, "count") for number in NUMBERS] == [intcomma(n) for n in NUMBERS]


def test_polish_groups_thousands_with_a_space_and_english_with_a_comma():
    with translation.override("pl"):
        assert figure(1610, "count") == "1\xa0610"
    with translation.override("en"):
        assert figure(1610, "count") == "1,610"

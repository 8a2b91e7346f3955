"""lib.dates.short_date writes a day exactly as Django's date_format(day, "SHORT_DATE_FORMAT"),
in both languages, for days and months of one and two digits and years of fewer than four; a
format it cannot write as numbers alone is left to Django."""

import datetime

import pytest
from django.utils import formats, translation

from partnerstwa.lib import dates

DAYS = [
    *(datetime.date(2016, month, day) for month in range(1, 13) for day in (1, 9, 10, 28)),
    datetime.date(999, 1, 5),
    datetime.date(1, 12, 31),
]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_day_is_written_as_djangos_short_date_format(language):
    with translation.override(language):
        assert [dates.short_date(day) for day in DAYS] == [
            formats.date_format(day, "SHORT_DATE_FORMAT") for day in DAYS
        ]


def test_polish_writes_day_month_and_year_as_django_does():
    with translation.override("pl"):
        assert dates.short_date(datetime.date(2014, 3, 1)) == "01-03-2014"


@pytest.mark.parametrize(
    "written", ["j.n.Y", "d/m/Y", r"\d\z\i\e\ń j", "{d}-m-Y", "D, d M Y", "y-m-d"]
)
def test_any_format_is_written_as_django_writes_it(monkeypatch, written):
    dates._short_pattern.cache_clear()
    real = formats.get_format

    def formats_with(name, lang=None, use_l10n=None):
        return written if name == "SHORT_DATE_FORMAT" else real(name, lang, use_l10n)

    monkeypatch.setattr(formats, "get_format", formats_with)
    try:
        with translation.override("pl"):
            assert [dates.short_date(day) for day in DAYS] == [
                formats.date_format(day, written) for day in DAYS
            ]
    finally:
        dates._short_pattern.cache_clear()

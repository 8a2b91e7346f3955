"""lib.dates.long_date and {{ value|long_date }} write a day exactly as Django's date filter
writes "j E Y", for every month in both languages, a moment in the visitor's local time."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from partnerstwa.lib.dates import long_date

DAYS = [datetime.date(2016, month, day) for month in range(1, 13) for day in (1, 9, 28)]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_month_is_written_as_djangos_j_e_y(language):
    with translation.override(language):
        assert [long_date(day) for day in DAYS] == [date_format(day, "j E Y") for day in DAYS]


def test_polish_writes_the_month_in_the_genitive():
    with translation.override("pl"):
        assert long_date(datetime.date(2014, 5, 6)) == "6 maja 2014"


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_filter_writes_what_the_date_filter_writes_moments_in_local_time(language):
    warsaw = zoneinfo.ZoneInfo("Europe/Warsaw")
    values = [
        *DAYS,
        datetime.datetime(2016, 3, 26, 23, 30, tzinfo=datetime.UTC),  # 27 March in Warsaw
        datetime.datetime(2016, 10, 30, 0, 30, tzinfo=warsaw),
        None,
        "",
    ]
    ours = Template("{% load days %}{% for v in values %}{{ v|long_date }}|{% endfor %}")
    django = Template('{% for v in values %}{{ v|date:"j E Y" }}|{% endfor %}')
    with translation.override(language), timezone.override(warsaw):
        context = Context({"values": values})
        assert ours.render(context) == django.render(context)

"""The events list says when an event is as it did with Django's date filter: its days when it
ends on another local day, else its day and starting time, in the visitor's language."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
AT = datetime.datetime(2016, 3, 26, 22, 30, tzinfo=datetime.UTC)  # 23:30 in Warsaw
SPANS = [
    (AT, AT + datetime.timedelta(hours=1)),  # past midnight in Warsaw: two days
    (AT, AT + datetime.timedelta(minutes=20)),  # one day
    (AT - datetime.timedelta(hours=12), AT),
    (AT, AT + datetime.timedelta(days=40)),
    (AT, AT + datetime.timedelta(days=300)),
    (AT, None),
]
DJANGO = (
    '{% load activities %}{% for start, end in spans %}{% if end|date:"Ymd" != start|date:"Ymd" %}'
    '{{ start|day_range:end }}{% else %}{{ start|date:"j E Y, H:i" }}{% endif %}|{% endfor %}'
)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_an_events_time_reads_as_the_date_filter_wrote_it(language):
    ours = Template(
        "{% load activities %}{% for start, end in spans %}{{ start|event_when:end }}|{% endfor %}"
    )
    with translation.override(language), timezone.override(WARSAW):
        context = Context({"spans": SPANS})
        assert ours.render(context) == Template(DJANGO).render(context)
        assert ours.render(context).split("|")[1].endswith(", 23:30")

"""Filters and tags for the activities' own templates and e-mails."""

import datetime

from django import template
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.formats import localize

from partnerstwa.lib.dates import days_text, long_date
from partnerstwa.lib.html import html_rows
from partnerstwa.lib.templatetags.marks import illustrative
from partnerstwa.lib.templatetags.translated import lang_attribute
from partnerstwa.lib.text import one_line

register = template.Library()


@register.filter
def oneline(value) -> str:
    """Text for one line of a plain-text message: line breaks and other control characters
    become single spaces, so a name can never add a line (or a header) to an e-mail."""
    return one_line("" if value is None else str(value))


def _local_day(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def day_range(start, end) -> str:
    """Days from `start` to `end` as Polish writes them, the shared parts said once:
    "3 marca 2016", "3–5 marca 2016", "30 marca – 2 kwietnia 2016",
    "30 grudnia 2016 – 2 stycznia 2017" (month names in the genitive)."""
    if start is None:
        return ""
    first = _local_day(start)
    last = _local_day(end) if end is not None else first
    return days_text(first, last)


@register.filter
def event_when(start, end) -> str:
    """When an event is, as the events list says it: its days as day_range() writes them when
    it ends on another local day than it starts, else its day and starting time, "6 maja 2014,
    10:00" (the date filter's "j E Y, H:i", tested equal)."""
    if start is None:
        return ""
    if end is None or _local_day(end) != _local_day(start):
        return day_range(start, end)
    local = timezone.localtime(start) if timezone.is_aware(start) else start
    return f"{long_date(local)}, {local:%H:%M}"


@register.filter
def month_year(value: datetime.date) -> str:
    """A month and its year as a heading names it mid-sentence: "listopad 2026" (Django's
    Polish "F" is capitalised, "Listopad", which Polish writes only at a sentence's start),
    "November 2026" in English."""
    text = date_format(value, "F Y")
    if (translation.get_language() or "").startswith("pl"):
        return text[:1].lower() + text[1:]
    return text


# The rows of a table of events a partnership's people attended: a partnership's page shows 10
# and the page of them all 20. Written with lib.html rather than a {% for %} loop of the
# template, as a partnership's member rows are (partnerships.templatetags.partnership_rows):
# seven values a row, each a look-up through the template engine. The table around the rows
# stays in _attended_table.html.
_ATTENDED_ROW = (
    '<tr><td>{}</td><th scope="row"><a href="{}"{}>{}</a>{}</th><td>{}</td>'
    '<td class="num">{}</td><td class="num">{}</td></tr>'
)


@register.simple_tag
def attended_rows(attended) -> str:
    """`{% attended_rows attended %}`: a row for each AttendedEvent — when it started, its
    title linked to its page (said to be Polish where the English one is missing), marked when
    made up, its kind and how many people and member organisations came."""
    return html_rows(
        "\n",
        _ATTENDED_ROW,
        (
            (
                row.date,
                row.url,
                lang_attribute(row.title_lang),
                row.title,
                illustrative(row),
                row.kind,
                localize(row.persons),
                localize(row.organisations),
            )
            for row in attended
        ),
    )

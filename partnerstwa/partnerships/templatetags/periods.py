"""A period of days written as Polish writes it, for the partnerships' pages."""

import datetime

from django import template
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from partnerstwa.lib.dates import days_text

register = template.Library()


@register.filter
def period(start: datetime.date | None, end: datetime.date | None) -> str:
    """From `start` to `end`, the shared parts said once: "3–5 marca 2016",
    "27 lipca – 31 października 2016", "30 grudnia 2016 – 2 stycznia 2017"; "od 3 marca 2016"
    without an end (month names in the genitive)."""
    if start is None:
        return date_format(end, "j E Y") if end else ""
    if end is None:
        return _("from %(date)s") % {"date": date_format(start, "j E Y")}
    return days_text(start, end)

"""{{ value|long_date }}: {{ value|date:"j E Y" }} for the rows of lists (lib.dates.long_date)."""

import datetime

from django import template

from partnerstwa.lib.dates import long_date as _long_date

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(value) -> str:
    """As the date filter writes "j E Y" (a moment in local time; nothing for nothing)."""
    if not isinstance(value, datetime.date):
        return ""
    return _long_date(value)

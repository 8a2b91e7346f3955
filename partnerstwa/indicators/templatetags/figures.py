from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat

from partnerstwa.lib.numbers import grouped, money

register = template.Library()


@register.filter
def figure(value, unit: str) -> str:
    """A figure as people read it: 1 610; 45,0 %; 66 512 345,00 zł."""
    if unit == "share":
        return f"{floatformat(Decimal(value) * 100, 1)} %"
    if unit == "pln":
        return f"{money(value)} zł"
    if isinstance(value, Decimal):
        # Targets are stored with three decimal places; a count of 4000 reads "4 000".
        value = int(value) if value == value.to_integral_value() else value.normalize()
    if type(value) is int:
        return grouped(value)
    return intcomma(value)

import functools
from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def figure(value, unit: str) -> str:
    """A figure as people read it: 1 610; 45,0 %; 66 512 345,00 zł."""
    if unit == "share":
        return f"{floatformat(Decimal(value) * 100, 1)} %"
    if unit == "pln":
        return f"{floatformat(value, '2g')} zł"
    if isinstance(value, Decimal):
        # Targets are stored with three decimal places; a count of 4000 reads "4 000".
        value = int(value) if value == value.to_integral_value() else value.normalize()
    if type(value) is int:
        return grouped(value)
    return intcomma(value)


def grouped(number: int) -> str:
    """intcomma(number) for a whole number (tested equal), without its general path: a
    dashboard shows some seventy and intcomma asks for the language's formats three times each."""
    separator, grouping = _grouping(get_language())
    if grouping != 3:
        return intcomma(number)
    return f"{number:,}".replace(",", separator)


@functools.lru_cache(maxsize=32)
def _grouping(language: str | None) -> tuple[str, object]:
    return get_format("THOUSAND_SEPARATOR", language), get_format("NUMBER_GROUPING", language)

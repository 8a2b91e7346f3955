"""{{ amount|money }}: {{ amount|floatformat:"2g" }} for the rows of lists (lib.numbers)."""

from django import template

from partnerstwa.lib import numbers

register = template.Library()


@register.filter(is_safe=True)
def money(amount) -> str:
    return numbers.money(amount)

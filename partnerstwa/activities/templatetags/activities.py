"""Filters for the activities' own templates and e-mails."""

from django import template

from partnerstwa.lib.text import one_line

register = template.Library()


@register.filter
def oneline(value) -> str:
    """Text for one line of a plain-text message: line breaks and other control characters
    become single spaces, so a name can never add a line (or a header) to an e-mail."""
    return one_line("" if value is None else str(value))

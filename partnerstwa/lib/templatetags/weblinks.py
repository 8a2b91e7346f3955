"""Links typed by people are rendered as hrefs only when they are web links."""

from django import template
from django.core.exceptions import ValidationError

from partnerstwa.lib.bounds import validate_web_url

register = template.Library()


@register.filter
def web_href(value: str) -> str:
    """The address when it is an http(s) link, else "": a link saved before the bounds held
    (a javascript: source, say) is shown as text, never followed."""
    try:
        validate_web_url(value)
    except ValidationError:
        return ""
    return (value or "").strip()

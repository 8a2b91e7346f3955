"""The mark of an illustrative (made-up) record, the same on every page."""

from django import template

register = template.Library()


@register.inclusion_tag("lib/illustrative.html")
def illustrative(record) -> dict:
    """`{% illustrative partnership %}`: " [illustrative example]" when the record is made up."""
    return {"record": record}

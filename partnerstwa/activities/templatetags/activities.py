"""Activities shown on other domains' pages, e.g. the events a partnership's people attended."""

from django import template

from partnerstwa.activities.selectors import events_attended_by_partnership
from partnerstwa.lib.text import one_line

register = template.Library()


@register.inclusion_tag("activities/_partnership_events.html")
def partnership_events(partnership):
    attended, total = events_attended_by_partnership(partnership)
    return {"attended": attended, "total": total}


@register.filter
def oneline(value) -> str:
    """Text for one line of a plain-text message: line breaks and other control characters
    become single spaces, so a name can never add a line (or a header) to an e-mail."""
    return one_line("" if value is None else str(value))

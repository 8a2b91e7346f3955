"""Activities shown on other domains' pages, e.g. the events a partnership's people attended."""

from django import template

from partnerstwa.activities.selectors import events_attended_by_partnership

register = template.Library()


@register.inclusion_tag("activities/_partnership_events.html")
def partnership_events(partnership):
    attended, total = events_attended_by_partnership(partnership)
    return {"attended": attended, "total": total}

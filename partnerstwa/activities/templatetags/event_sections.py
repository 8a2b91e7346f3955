from django import template
from django.utils.safestring import SafeString

from partnerstwa.activities.sections import event_sections as render_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def event_sections(context, event) -> SafeString:
    """`{% event_sections event %}`: what the apps above activities add to an event's page."""
    return render_sections(event, context.get("request"))

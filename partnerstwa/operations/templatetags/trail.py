from auditlog.models import LogEntry
from django import template

from partnerstwa.operations import selectors

register = template.Library()

SHOWN = 200


@register.simple_tag
def trail_for(record) -> list[LogEntry]:
    """The audit trail's entries for a record, newest first (its admin history page)."""
    entries = list(
        LogEntry.objects.get_for_object(record)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:SHOWN]
    )
    for entry in entries:
        entry.source = selectors.source_of(entry)
    return entries

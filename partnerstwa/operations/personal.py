"""The audit trail's part in data-subject requests (privacy.holders' protocol): the entries
about a person are shown to them (access); erasure removes them through erase_from_trail,
which the rights app calls with every holder's values once the records are anonymised."""

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from partnerstwa.operations.services import _spellings
from partnerstwa.privacy.holders import Holder, Subject, register


def entries_about(subject: Subject):
    """Entries for the subject's registry records, or whose text names their address."""
    from partnerstwa.registry.models import Person

    where = Q(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk__in=[str(pk) for pk in subject.person_ids],
    )
    for spelling in _spellings(subject.email):
        for field in ("object_repr", "changes", "additional_data"):
            where |= Q(**{f"{field}__icontains": spelling})
    return LogEntry.objects.filter(where).select_related("content_type").order_by("timestamp")


@register
class TrailHolder(Holder):
    # No model of the personal-data map: the trail copies their values, it declares none.
    models = ()

    def records(self, subject: Subject) -> dict:
        return {}

    def export(self, subject: Subject) -> dict[str, list[dict[str, Any]]]:
        return {
            "auditlog.LogEntry": [
                {
                    "id": entry.pk,
                    "timestamp": entry.timestamp.isoformat(),
                    "content_type": str(entry.content_type),
                    "object_repr": entry.object_repr,
                    "action": entry.get_action_display(),
                    "changes": entry.changes_dict,
                }
                for entry in entries_about(subject)
            ]
        }

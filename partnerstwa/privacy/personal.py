"""The privacy app's own records about a data subject: restrictions and objections."""

from django.db.models import QuerySet

from partnerstwa.privacy.holders import Holder, Subject, register
from partnerstwa.privacy.models import Restriction


@register
class PrivacyHolder(Holder):
    models = ("privacy.Restriction",)
    context = {"privacy.Restriction": ("kind", "started_at", "lifted_at")}

    def records(self, subject: Subject) -> dict[str, QuerySet]:
        return {"privacy.Restriction": Restriction.objects.filter(email__iexact=subject.email)}

    def erase(self, subject: Subject) -> dict[str, int]:
        # Nothing is left to restrict once the person is erased.
        deleted, _kinds = self.records(subject)["privacy.Restriction"].delete()
        return {"privacy.Restriction": deleted}

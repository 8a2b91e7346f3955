"""The rights app's own records about a data subject: the requests they sent."""

import datetime

from django.db.models import QuerySet

from partnerstwa.privacy.holders import Holder, RetentionResult, Subject, register
from partnerstwa.rights.models import (
    DataSubjectRequest,
    RequestState,
    RequestStep,
    StepAction,
)


@register
class RightsHolder(Holder):
    models = ("rights.DataSubjectRequest", "rights.RequestStep")
    context = {
        "rights.DataSubjectRequest": ("kind", "state", "created_at", "closed_at"),
        "rights.RequestStep": ("request", "action", "at"),
    }

    def records(self, subject: Subject) -> dict[str, QuerySet]:
        requests = DataSubjectRequest.objects.filter(email__iexact=subject.email)
        return {
            "rights.DataSubjectRequest": requests,
            # The steps that say how many records changed name no one and stay as they are.
            "rights.RequestStep": RequestStep.objects.filter(request__in=requests).exclude(
                action__in=[StepAction.ERASED, StepAction.RECTIFIED, StepAction.WITHDRAWN]
            ),
        }

    def retention(
        self, rules: dict[str, int], *, now: datetime.datetime, dry_run: bool
    ) -> list[RetentionResult]:
        never_confirmed = DataSubjectRequest.objects.filter(
            state=RequestState.UNVERIFIED,
            created_at__lt=now - datetime.timedelta(days=rules["rights_unconfirmed"]),
        )
        # A request carried out is kept as the proof of it (Art. 5(2)), then it goes.
        closed = DataSubjectRequest.objects.filter(
            closed_at__lt=now - datetime.timedelta(days=rules["rights_requests"])
        )
        if dry_run:
            return [
                RetentionResult("rights_unconfirmed", never_confirmed.count()),
                RetentionResult("rights_requests", closed.count()),
            ]
        unconfirmed = never_confirmed.count()
        never_confirmed.delete()
        old = closed.count()
        closed.delete()  # their steps go with them
        return [
            RetentionResult("rights_unconfirmed", unconfirmed),
            RetentionResult("rights_requests", old),
        ]

"""Advocacy's records about a data subject: the barrier reports they sent."""

import datetime

from django.db.models import QuerySet

from partnerstwa.advocacy.links import CONFIRM_LINK
from partnerstwa.advocacy.models import BarrierReport, ReportState
from partnerstwa.advocacy.services import reports_purge
from partnerstwa.privacy.holders import (
    ERASED_DOMAIN,
    Holder,
    RetentionResult,
    Subject,
    anonymise,
    register,
)

CONSENTS = ("advocacy.BarrierReport",)


@register
class AdvocacyHolder(Holder):
    consents = CONSENTS
    models = ("advocacy.BarrierReport",)
    context = {
        "advocacy.BarrierReport": ("title", "description", "state", "created_at", "consent_text")
    }
    provided = ("advocacy.BarrierReport",)

    def records(self, subject: Subject) -> dict[str, QuerySet]:
        return {
            "advocacy.BarrierReport": BarrierReport.objects.filter(
                contact_email__iexact=subject.email
            )
        }

    def rectify(self, subject: Subject, values: dict[str, str]) -> dict[str, int]:
        if "first_name" not in values and "last_name" not in values:
            return {}
        changed = 0
        for report in self.records(subject)["advocacy.BarrierReport"].only("pk", "contact_name"):
            first, _space, last = report.contact_name.partition(" ")
            name = f"{values.get('first_name', first)} {values.get('last_name', last)}".strip()
            changed += BarrierReport.objects.filter(pk=report.pk).update(contact_name=name)
        return {"advocacy.BarrierReport": changed}

    def retention(
        self, rules: dict[str, int], *, now: datetime.datetime, dry_run: bool
    ) -> list[RetentionResult]:
        # The report's text is the barrier's evidence and stays; who sent it does not.
        old = BarrierReport.objects.filter(
            created_at__lt=now - datetime.timedelta(days=rules["barrier_reports"])
        ).exclude(contact_email__endswith=ERASED_DOMAIN)
        unconfirmed = BarrierReport.objects.filter(
            state=ReportState.UNCONFIRMED, created_at__lte=now - CONFIRM_LINK.lifetime
        )
        if dry_run:
            return [
                RetentionResult("barrier_reports", old.exclude(pk__in=unconfirmed).count()),
                RetentionResult("barrier_reports_unconfirmed", unconfirmed.count()),
            ]
        purged = reports_purge(now=now)
        return [
            RetentionResult("barrier_reports", anonymise(old, "advocacy.BarrierReport")),
            RetentionResult("barrier_reports_unconfirmed", purged),
        ]

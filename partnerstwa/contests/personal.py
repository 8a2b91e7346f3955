"""Contests' records about a data subject: applications they sent, jury seats, declarations."""

import datetime

from django.db.models import QuerySet

from partnerstwa.contests.models import Application, ConflictDeclaration, JuryMember
from partnerstwa.privacy.holders import (
    Holder,
    RetentionResult,
    Subject,
    anonymise,
    register,
)

CONSENTS = ("contests.Application",)


@register
class ContestsHolder(Holder):
    consents = CONSENTS
    models = ("contests.Application", "contests.JuryMember", "contests.ConflictDeclaration")
    context = {
        "contests.Application": (
            "edition",
            "title",
            "status",
            "submitted_at",
            "consent_text",
        ),
        "contests.JuryMember": ("edition", "is_chair"),
        "contests.ConflictDeclaration": ("application", "has_conflict", "declared_at"),
    }
    provided = ("contests.Application",)

    def records(self, subject: Subject) -> dict[str, QuerySet]:
        jurors = JuryMember.objects.filter(person__in=subject.person_ids)
        return {
            "contests.Application": Application.objects.filter(contact_email__iexact=subject.email),
            "contests.JuryMember": jurors,
            "contests.ConflictDeclaration": ConflictDeclaration.objects.filter(juror__in=jurors),
        }

    def rectify(self, subject: Subject, values: dict[str, str]) -> dict[str, int]:
        if "first_name" not in values and "last_name" not in values:
            return {}
        applications = self.records(subject)["contests.Application"]
        changed = 0
        for application in applications.only("pk", "contact_name"):
            first, _space, last = application.contact_name.partition(" ")
            name = f"{values.get('first_name', first)} {values.get('last_name', last)}".strip()
            changed += Application.objects.filter(pk=application.pk).update(contact_name=name)
        return {"contests.Application": changed}

    def retention(
        self, rules: dict[str, int], *, now: datetime.datetime, dry_run: bool
    ) -> list[RetentionResult]:
        old = Application.objects.filter(
            edition__applications_close_at__lt=now
            - datetime.timedelta(days=rules["contest_applications"])
        ).exclude(contact_email="")
        count = old.count() if dry_run else anonymise(old, "contests.Application")
        return [RetentionResult("contest_applications", count)]

"""Activities' records about a data subject: registrations, attendance, certificates,
evaluations. Erasure keeps every row (the indicators count registrations and attendance)."""

import datetime

from django.db.models import Q, QuerySet

from partnerstwa.activities.links import CONFIRM_LINK
from partnerstwa.activities.models import (
    Attendance,
    Certificate,
    EvaluationResponse,
    Registration,
    RegistrationRequest,
)
from partnerstwa.activities.services import registration_requests_purge
from partnerstwa.privacy.holders import (
    ERASED_DOMAIN,
    Holder,
    RetentionResult,
    Subject,
    anonymise,
    register,
)

CONSENTS = ("activities.Registration",)


@register
class ActivitiesHolder(Holder):
    consents = CONSENTS
    models = (
        "activities.Registration",
        "activities.RegistrationRequest",
        "activities.Attendance",
        "activities.Certificate",
        "activities.EvaluationResponse",
    )
    context = {
        "activities.Registration": ("event", "state", "consent_text", "created_at"),
        "activities.RegistrationRequest": ("event", "created_at"),
        "activities.Attendance": ("session__event", "session", "recorded_at"),
        "activities.Certificate": ("code", "event", "series", "issued_at"),
        "activities.EvaluationResponse": ("registration__event", "submitted_at"),
    }
    provided = ("activities.Registration", "activities.EvaluationResponse")

    def person_ids(self, email: str) -> set[int]:
        return set(
            Registration.objects.filter(email__iexact=email).values_list("person_id", flat=True)
        )

    def records(self, subject: Subject) -> dict[str, QuerySet]:
        registrations = Registration.objects.filter(
            Q(email__iexact=subject.email) | Q(person__in=subject.person_ids)
        )
        return {
            "activities.Registration": registrations,
            "activities.RegistrationRequest": RegistrationRequest.objects.filter(
                email__iexact=subject.email
            ),
            "activities.Attendance": Attendance.objects.filter(person__in=subject.person_ids),
            "activities.Certificate": Certificate.objects.filter(person__in=subject.person_ids),
            "activities.EvaluationResponse": EvaluationResponse.objects.filter(
                registration__in=registrations
            ),
        }

    def rectify(self, subject: Subject, values: dict[str, str]) -> dict[str, int]:
        update = {key: values[key] for key in ("first_name", "last_name", "phone") if key in values}
        if not update:
            return {}
        found = self.records(subject)
        changed = {"activities.Registration": found["activities.Registration"].update(**update)}
        if "first_name" in values or "last_name" in values:
            # A certificate issued later carries the corrected name; one issued reads as issued.
            changed["activities.RegistrationRequest"] = found[
                "activities.RegistrationRequest"
            ].update(**{key: update[key] for key in update if key != "phone"})
        return changed

    def erase(self, subject: Subject) -> dict[str, int]:
        found = self.records(subject)
        changed = {
            label: anonymise(found[label], label)
            for label in (
                "activities.Registration",
                "activities.Certificate",
                "activities.EvaluationResponse",
            )
        }
        # A request awaiting confirmation is no one's registration yet: it goes.
        changed["activities.RegistrationRequest"], _kinds = found[
            "activities.RegistrationRequest"
        ].delete()
        changed["activities.Attendance"] = found["activities.Attendance"].count()
        return changed

    def retention(
        self, rules: dict[str, int], *, now: datetime.datetime, dry_run: bool
    ) -> list[RetentionResult]:
        old = Registration.objects.filter(
            event__ends_at__lt=now - datetime.timedelta(days=rules["registrations"])
        ).exclude(email__endswith=ERASED_DOMAIN)
        # A request lives as long as its confirmation link (registration_requests_purge).
        expired = RegistrationRequest.objects.filter(created_at__lte=now - CONFIRM_LINK.lifetime)
        if dry_run:
            return [
                RetentionResult("registrations", old.count()),
                RetentionResult("registration_requests", expired.count()),
            ]
        responses = EvaluationResponse.objects.filter(registration__in=old).exclude(comment="")
        anonymise(responses, "activities.EvaluationResponse")
        return [
            RetentionResult("registrations", anonymise(old, "activities.Registration")),
            RetentionResult("registration_requests", registration_requests_purge(now=now).requests),
        ]

"""Partnerships' records about a data subject: contact details of members, expert support."""

from django.db.models import Q, QuerySet

from partnerstwa.partnerships.models import PartnershipMember, SupportEngagement
from partnerstwa.privacy.holders import Holder, Subject, register


@register
class PartnershipsHolder(Holder):
    models = ("partnerships.PartnershipMember", "partnerships.SupportEngagement")
    context = {
        "partnerships.PartnershipMember": ("partnership", "organisation"),
        "partnerships.SupportEngagement": ("partnership", "date", "topic"),
    }

    def person_ids(self, email: str) -> set[int]:
        return {
            pk
            for pair in PartnershipMember.objects.filter(contact_email__iexact=email).values_list(
                "contact_person", "contact_created"
            )
            for pk in pair
            if pk
        }

    def records(self, subject: Subject) -> dict[str, QuerySet]:
        ids = subject.person_ids
        return {
            "partnerships.PartnershipMember": PartnershipMember.objects.filter(
                Q(contact_email__iexact=subject.email)
                | Q(contact_person__in=ids)
                | Q(contact_created__in=ids)
            ),
            "partnerships.SupportEngagement": SupportEngagement.objects.filter(expert__in=ids),
        }

    def rectify(self, subject: Subject, values: dict[str, str]) -> dict[str, int]:
        if "phone" not in values:
            return {}
        members = PartnershipMember.objects.filter(contact_email__iexact=subject.email)
        return {"partnerships.PartnershipMember": members.update(contact_phone=values["phone"])}

"""The newsletter's records about a data subject: the subscription, its consents, deliveries
and a suppression of the address."""

import datetime

from django.db.models import Q, QuerySet

from partnerstwa.newsletter.models import (
    ConsentRecord,
    Delivery,
    Subscriber,
    SubscriberStatus,
    SuppressedAddress,
)
from partnerstwa.newsletter.services import unsubscribe
from partnerstwa.privacy.holders import Holder, RetentionResult, Subject, register


@register
class NewsletterHolder(Holder):
    models = (
        "newsletter.Subscriber",
        "newsletter.ConsentRecord",
        "newsletter.Delivery",
        "newsletter.SuppressedAddress",
    )
    context = {
        "newsletter.Subscriber": ("status", "created_at", "confirmed_at", "unsubscribed_at"),
        "newsletter.ConsentRecord": ("text__text", "method"),
        "newsletter.Delivery": ("campaign", "status", "sent_at"),
        "newsletter.SuppressedAddress": ("reason", "created_at"),
    }
    provided = ("newsletter.Subscriber",)

    def records(self, subject: Subject) -> dict[str, QuerySet]:
        subscribers = Subscriber.objects.filter(email__iexact=subject.email)
        return {
            "newsletter.Subscriber": subscribers,
            "newsletter.ConsentRecord": ConsentRecord.objects.filter(subscriber__in=subscribers),
            "newsletter.Delivery": Delivery.objects.filter(
                Q(subscriber__in=subscribers) | Q(address__iexact=subject.email)
            ),
            "newsletter.SuppressedAddress": SuppressedAddress.objects.filter(
                address__iexact=subject.email
            ),
        }

    def withdraw(self, subject: Subject) -> int:
        """Withdraw every newsletter consent of the subject (they receive no more campaigns)."""
        withdrawn = 0
        for subscriber in self.records(subject)["newsletter.Subscriber"]:
            withdrawn += bool(unsubscribe(subscriber=subscriber))
        return withdrawn

    def erase(self, subject: Subject) -> dict[str, int]:
        self.withdraw(subject)
        return super().erase(subject)

    def retention(
        self, rules: dict[str, int], *, now: datetime.datetime, dry_run: bool
    ) -> list[RetentionResult]:
        # A sign-up never confirmed: nothing was ever consented to, nothing is kept.
        unconfirmed = Subscriber.objects.filter(
            status=SubscriberStatus.PENDING,
            confirmed_at__isnull=True,
            created_at__lt=now - datetime.timedelta(days=rules["newsletter_unconfirmed"]),
        )
        if dry_run:
            return [RetentionResult("newsletter_unconfirmed", unconfirmed.count())]
        count = unconfirmed.count()
        unconfirmed.delete()  # their consent records (pending) and deliveries go with them
        return [RetentionResult("newsletter_unconfirmed", count)]

"""Reads for the newsletter: suppression, the sign-up form's lists, a campaign's segment and
its progress."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower

from partnerstwa.activities.models import Registration, RegistrationState
from partnerstwa.newsletter.models import (
    OUTCOMES,
    Campaign,
    ConsentText,
    Delivery,
    DeliveryStatus,
    Subscriber,
    SubscriberStatus,
    SuppressedAddress,
    Topic,
)
from partnerstwa.partnerships.models import PartnershipMember


def suppressed(addresses: Iterable[str]) -> set[str]:
    """Those of the addresses (as given) on the suppression list, whatever their case."""
    by_key: dict[str, list[str]] = {}
    for address in addresses:
        by_key.setdefault(address.strip().lower(), []).append(address)
    if not by_key:
        return set()
    found: set[str] = set()
    keys = list(by_key)
    for start in range(0, len(keys), 500):  # SQLite's limit on parameters
        chunk = keys[start : start + 500]
        for key in (
            SuppressedAddress.objects.annotate(key=Lower("address"))
            .filter(key__in=chunk)
            .values_list("key", flat=True)
        ):
            found.update(by_key[key])
    return found


def is_suppressed(address: str) -> bool:
    return bool(suppressed([address]))


def offered_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).order_by("position", "pk")


def current_consent_text() -> ConsentText | None:
    return ConsentText.objects.order_by("-version").first()


def subscriber_by_address(address: str) -> Subscriber | None:
    return Subscriber.objects.filter(email__iexact=address.strip()).first()


def _registrant_keys(event_ids: list[int]) -> QuerySet:
    """The addresses (lower case) of the events' registrants, cancelled registrations aside."""
    return (
        Registration.objects.filter(event_id__in=event_ids)
        .exclude(state=RegistrationState.CANCELLED)
        .annotate(key=Lower("email"))
        .values("key")
    )


def _member_contact_keys(partnership_ids: list[int]) -> QuerySet:
    """The contact addresses (lower case) of the partnerships' current members."""
    return (
        PartnershipMember.objects.filter(partnership_id__in=partnership_ids)
        .current()
        .exclude(contact_email="")
        .annotate(key=Lower("contact_email"))
        .values("key")
    )


def segment(campaign: Campaign) -> QuerySet[Subscriber]:
    """The confirmed subscribers a campaign goes to: any of its topics (every subscriber when
    it names none) in its language (both when it names none), narrowed, when the campaign names
    events or partnerships, to the addresses of those events' registrants or those
    partnerships' members' contacts; suppressed addresses left out. Only the newsletter's own
    consent counts: a registrant or a contact who has not subscribed is never in a segment."""
    subscribers = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED)
    topic_ids = list(campaign.topics.values_list("pk", flat=True))
    if topic_ids:
        subscribers = subscribers.filter(topics__in=topic_ids)
    if campaign.language:
        subscribers = subscribers.filter(language=campaign.language)
    subscribers = subscribers.annotate(key=Lower("email"))
    event_ids = list(campaign.events.values_list("pk", flat=True))
    partnership_ids = list(campaign.partnerships.values_list("pk", flat=True))
    if event_ids or partnership_ids:
        audience = Q()
        if event_ids:
            audience |= Q(key__in=_registrant_keys(event_ids))
        if partnership_ids:
            audience |= Q(key__in=_member_contact_keys(partnership_ids))
        subscribers = subscribers.filter(audience)
    suppressed_keys = SuppressedAddress.objects.annotate(key=Lower("address")).values("key")
    return subscribers.exclude(key__in=suppressed_keys).distinct().order_by("pk")


def segment_size(campaign: Campaign) -> int:
    """How many subscribers the campaign would go to if it were sent now."""
    return segment(campaign).count()


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int
    skipped: int

    @property
    def remaining(self) -> int:
        return self.total - self.sent - self.failed - self.skipped

    @property
    def done(self) -> bool:
        return self.remaining == 0


def progress(campaign_id: int) -> Progress:
    counts = Delivery.objects.filter(campaign_id=campaign_id).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        skipped=Count("pk", filter=Q(status=DeliveryStatus.SKIPPED)),
    )
    return Progress(**counts)


def unfinished(campaign_id: int) -> bool:
    """Some delivery of the campaign has no outcome yet."""
    return Delivery.objects.filter(campaign_id=campaign_id).exclude(status__in=OUTCOMES).exists()


def campaigns_with_progress() -> list[tuple[Campaign, Progress]]:
    campaigns = Campaign.objects.annotate(
        total=Count("deliveries"),
        sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        skipped=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SKIPPED)),
    ).order_by("-created_at", "-pk")
    return [
        (c, Progress(total=c.total, sent=c.sent, failed=c.failed, skipped=c.skipped))
        for c in campaigns
    ]

"""Writes for the newsletter: signing up and confirming (double opt-in), preferences and
unsubscribing, the suppression list, and starting a campaign's sending.

Subscribers' and deliveries' writes run inside freshness.quiet(): no public page shows them,
and a campaign's thousands of rows must not make every kept page stale.
"""

import datetime
import enum
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.activities.services import may_mail
from partnerstwa.lib import freshness
from partnerstwa.newsletter import selectors, sending, tasks
from partnerstwa.newsletter.links import CONFIRM_LINK, PREFERENCES_LINK, UNSUBSCRIBE_LINK
from partnerstwa.newsletter.models import (
    Campaign,
    CampaignStatus,
    ConsentMethod,
    ConsentRecord,
    ConsentText,
    Delivery,
    Subscriber,
    SubscriberStatus,
    SuppressedAddress,
    SuppressionReason,
    Topic,
)

SIGNUP_MAIL_SCOPE = "newsletter.signup"


def _normalised(address: str) -> str:
    """The address as typed, its domain in lower case (the local part is the mailbox's own)."""
    local, _at, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else address.strip()


def consent_text_publish(*, text: str) -> ConsentText:
    """A new version of the consent wording; earlier versions stay as they were shown."""
    with transaction.atomic():
        latest = ConsentText.objects.select_for_update().order_by("-version").first()
        version = ConsentText(version=(latest.version + 1) if latest else 1, text=text)
        version.full_clean()
        version.save()
    return version


def subscribe(
    *,
    email: str,
    topics: Iterable[Topic],
    language: str,
    consent_text: ConsentText,
    now: datetime.datetime | None = None,
) -> None:
    """Take the sign-up form. Nothing the visitor sees depends on the address: a new or
    unconfirmed address gets a confirmation link (a new consent record, pending until the click),
    a confirmed one a note with its preferences link (nothing changes: a stranger cannot alter
    someone's subscription), a suppressed one nothing; at most one message an hour per address."""
    now = now or timezone.now()
    email = _normalised(email)
    topics = list(topics)
    with transaction.atomic(), freshness.quiet():
        if not may_mail(email, scope=SIGNUP_MAIL_SCOPE, now=now):
            return
        if selectors.is_suppressed(email):
            return
        subscriber = selectors.subscriber_by_address(email)
        if subscriber is None:
            subscriber = Subscriber(email=email, language=language)
            subscriber.full_clean()
            try:
                with transaction.atomic():
                    subscriber.save()
            except IntegrityError:  # the same address signed up at the same moment
                return
        if subscriber.status == SubscriberStatus.CONFIRMED:
            subscriber_id = subscriber.pk
            transaction.on_commit(lambda: tasks.send_already_subscribed.enqueue(subscriber_id))
            return
        Subscriber.objects.filter(pk=subscriber.pk).update(language=language)
        subscriber.topics.set(topics)
        consent = ConsentRecord.objects.create(
            subscriber=subscriber, text=consent_text, method=ConsentMethod.FORM, given_at=now
        )
        consent_id = consent.pk
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(consent_id))


class Confirmed(enum.Enum):
    NOW = "now"
    ALREADY = "already"
    SUPERSEDED = "superseded"


def consent_from_token(token: str) -> ConsentRecord:
    """The consent record a confirmation link names (ConsentRecord.DoesNotExist for a forged
    link, LinkExpired for a genuine one past its lifetime)."""
    pk = CONFIRM_LINK.pk(token, ConsentRecord)
    return ConsentRecord.objects.select_related("subscriber").get(pk=pk)


def subscription_confirm(
    *, consent: ConsentRecord, now: datetime.datetime | None = None
) -> Confirmed:
    """The click on the confirmation page: the consent and its subscriber are confirmed. A link
    used before, or one whose consent was withdrawn or followed by a newer sign-up, confirms
    nothing (only the latest link of an address counts)."""
    now = now or timezone.now()
    with transaction.atomic(), freshness.quiet():
        subscriber = Subscriber.objects.select_for_update().get(pk=consent.subscriber_id)
        consent = ConsentRecord.objects.get(pk=consent.pk)
        if consent.confirmed_at is not None:
            return Confirmed.ALREADY
        newer = subscriber.consents.filter(pk__gt=consent.pk).exists()
        if consent.withdrawn_at is not None or newer:
            return Confirmed.SUPERSEDED
        ConsentRecord.objects.filter(pk=consent.pk).update(confirmed_at=now)
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=SubscriberStatus.CONFIRMED, confirmed_at=now, unsubscribed_at=None
        )
    return Confirmed.NOW


def _subscriber_from(kind, token: str) -> Subscriber:
    pk = kind.pk(token, Subscriber)
    return Subscriber.objects.get(pk=pk)


def subscriber_from_preferences_token(token: str) -> Subscriber:
    """Subscriber.DoesNotExist for a forged link, LinkExpired for a genuine old one."""
    return _subscriber_from(PREFERENCES_LINK, token)


def subscriber_from_unsubscribe_token(token: str) -> Subscriber:
    return _subscriber_from(UNSUBSCRIBE_LINK, token)


def preferences_set(*, subscriber: Subscriber, topics: Iterable[Topic], language: str) -> None:
    with transaction.atomic(), freshness.quiet():
        Subscriber.objects.filter(pk=subscriber.pk).update(language=language)
        subscriber.topics.set(list(topics))
    subscriber.language = language


def unsubscribe(*, subscriber: Subscriber, now: datetime.datetime | None = None) -> bool:
    """The subscriber receives no more campaigns; every consent they gave is withdrawn now.
    True when this call unsubscribed them."""
    now = now or timezone.now()
    with transaction.atomic(), freshness.quiet():
        changed = (
            Subscriber.objects.filter(pk=subscriber.pk)
            .exclude(status=SubscriberStatus.UNSUBSCRIBED)
            .update(status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=now)
        )
        subscriber.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    return bool(changed)


def address_suppress(*, address: str, reason: str, detail: str = "") -> bool:
    """Put the address on the suppression list (nothing mails it again). True when new."""
    if reason not in SuppressionReason.values:
        raise ValidationError(_("Unknown reason."), code="bad_reason")
    address = _normalised(address)
    with transaction.atomic(), freshness.quiet():
        if (
            SuppressedAddress.objects.annotate(key=Lower("address"))
            .filter(key=address.lower())
            .exists()
        ):
            return False
        try:
            with transaction.atomic():
                SuppressedAddress.objects.create(
                    address=address, reason=reason, detail=detail[:500]
                )
        except IntegrityError:
            return False
    return True


# Campaigns


def campaign_schedule(*, campaign: Campaign, at: datetime.datetime) -> None:
    """Send the campaign at `at` (send_scheduled_campaigns, run every minute, starts it)."""
    if at <= timezone.now():
        raise ValidationError({"at": _("Choose a moment in the future.")}, code="past")
    # Saved, not updated, so the audit trail records the change with its before and after.
    with transaction.atomic():
        locked = (
            Campaign.objects.select_for_update()
            .filter(pk=campaign.pk, status__in=[CampaignStatus.DRAFT, CampaignStatus.SCHEDULED])
            .first()
        )
        if locked is None:
            raise ValidationError(_("This campaign has already been sent."), code="sent")
        locked.status, locked.scheduled_for = CampaignStatus.SCHEDULED, at
        locked.save(update_fields=["status", "scheduled_for"])
    campaign.status, campaign.scheduled_for = CampaignStatus.SCHEDULED, at


def campaign_unschedule(*, campaign: Campaign) -> None:
    with transaction.atomic():
        locked = (
            Campaign.objects.select_for_update()
            .filter(pk=campaign.pk, status=CampaignStatus.SCHEDULED)
            .first()
        )
        if locked is not None:
            locked.status, locked.scheduled_for = CampaignStatus.DRAFT, None
            locked.save(update_fields=["status", "scheduled_for"])


def campaign_start(*, campaign: Campaign, now: datetime.datetime | None = None) -> int:
    """Start sending: one delivery per recipient of the segment, all made in this transaction
    (the unique constraint keeps one per subscriber), then the batch tasks. A campaign already
    started is not started again. How many deliveries were made."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status not in (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED):
            return 0
        with freshness.quiet():
            recipients = selectors.segment(locked).values_list("pk", "email", "language")
            Delivery.objects.bulk_create(
                (
                    Delivery(campaign=locked, subscriber_id=pk, address=email, language=language)
                    for pk, email, language in recipients.iterator(chunk_size=2000)
                ),
                batch_size=1000,
                ignore_conflicts=True,
            )
            made = Delivery.objects.filter(campaign=locked).count()
        locked.status, locked.started_at = CampaignStatus.SENDING, now
        locked.save(update_fields=["status", "started_at"])
        transaction.on_commit(lambda: tasks.enqueue_batches(locked.pk))
    campaign.status = CampaignStatus.SENDING
    return made


def campaigns_start_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Start every scheduled campaign whose moment has come; the ids started."""
    now = now or timezone.now()
    started = []
    for campaign in Campaign.objects.filter(
        status=CampaignStatus.SCHEDULED, scheduled_for__lte=now
    ):
        campaign_start(campaign=campaign, now=now)
        started.append(campaign.pk)
    return started


def campaign_send_test(*, campaign: Campaign, addresses: list[str]) -> None:
    """Queue a test of the campaign in both languages to the given addresses."""
    campaign_id = campaign.pk
    transaction.on_commit(lambda: tasks.send_test.enqueue(campaign_id, list(addresses)))


def campaigns_resume(*, now: datetime.datetime | None = None) -> list[int]:
    """Queue batch tasks again for campaigns being sent that have claimable deliveries (a retry
    due, a lease ended) but no batch has claimed anything lately (its worker died, or the task
    backend cannot defer a task to the retry's moment). The ids resumed."""
    now = now or timezone.now()
    quiet_for = datetime.timedelta(seconds=60 + sending.lease().total_seconds() / 4)
    resumed = []
    for campaign_id in Campaign.objects.filter(status=CampaignStatus.SENDING).values_list(
        "pk", flat=True
    ):
        deliveries = Delivery.objects.filter(campaign_id=campaign_id)
        if deliveries.filter(claimed_at__gt=now - quiet_for).exists():
            continue  # a worker is at it
        if deliveries.filter(sending.claimable(campaign_id, now)).exists():
            transaction.on_commit(lambda pk=campaign_id: tasks.enqueue_batches(pk))
            resumed.append(campaign_id)
        else:
            sending.finish_if_done(campaign_id, now)
    return resumed


# Bounces and complaints (the events django-anymail normalises from the sending service).

HARD_REJECTIONS = {"bounced", "invalid"}


def feedback_record(
    *, event_type: str, recipient: str, reject_reason: str = "", description: str = ""
) -> str:
    """Act on one delivery event: a hard bounce or a complaint suppresses the address; a soft
    bounce (deferred, or a rejection for another reason) counts toward
    NEWSLETTER_SOFT_BOUNCE_LIMIT in a row, after which the address is suppressed too; a
    delivery resets the count; an unsubscribe event unsubscribes. What was done, as a word."""
    from django.conf import settings

    detail = " ".join(f"{event_type} {reject_reason} {description}".split())
    subscriber = selectors.subscriber_by_address(recipient)
    if event_type == "complained" or (event_type == "rejected" and reject_reason == "spam"):
        address_suppress(address=recipient, reason=SuppressionReason.COMPLAINT, detail=detail)
        return "suppressed"
    if event_type == "bounced" or (event_type == "rejected" and reject_reason in HARD_REJECTIONS):
        address_suppress(address=recipient, reason=SuppressionReason.HARD_BOUNCE, detail=detail)
        return "suppressed"
    if event_type in ("deferred", "rejected"):
        if subscriber is None:
            return "ignored"
        with transaction.atomic(), freshness.quiet():
            Subscriber.objects.filter(pk=subscriber.pk).update(
                soft_bounces=models.F("soft_bounces") + 1
            )
            count = Subscriber.objects.values_list("soft_bounces", flat=True).get(pk=subscriber.pk)
        if count >= settings.NEWSLETTER_SOFT_BOUNCE_LIMIT:
            address_suppress(
                address=recipient, reason=SuppressionReason.SOFT_BOUNCES, detail=detail
            )
            return "suppressed"
        return "counted"
    if event_type == "delivered" and subscriber is not None and subscriber.soft_bounces:
        with freshness.quiet():
            Subscriber.objects.filter(pk=subscriber.pk).update(soft_bounces=0)
        return "reset"
    if event_type == "unsubscribed" and subscriber is not None:
        unsubscribe(subscriber=subscriber)
        return "unsubscribed"
    return "ignored"

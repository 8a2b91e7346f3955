"""Scheduled campaigns start from the every-minute command, which also resumes a stalled one."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from partnerstwa.newsletter import sending, services
from partnerstwa.newsletter.models import CampaignStatus, Delivery, DeliveryStatus
from partnerstwa.newsletter.tests.factories import SubscriberFactory, campaign


def test_a_campaign_scheduled_in_the_past_is_refused(db):
    record = campaign()
    with pytest.raises(ValidationError) as refused:
        services.campaign_schedule(
            campaign=record, at=timezone.now() - datetime.timedelta(minutes=1)
        )
    assert "at" in refused.value.message_dict
    record.refresh_from_db()
    assert record.status == CampaignStatus.DRAFT


def test_the_command_starts_a_campaign_once_its_moment_has_come(
    db, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_RATE = 0
    SubscriberFactory.create_batch(2)
    record = campaign()
    services.campaign_schedule(campaign=record, at=timezone.now() + datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_campaigns", stdout=io.StringIO())
    assert mail.outbox == []
    record.__class__.objects.filter(pk=record.pk).update(
        scheduled_for=timezone.now() - datetime.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_campaigns", stdout=io.StringIO())
        call_command("send_campaigns", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    record.refresh_from_db()
    assert record.status == CampaignStatus.FINISHED


def test_the_command_resumes_a_campaign_whose_retry_fell_due(
    db, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_RATE = 0
    SubscriberFactory.create_batch(3)
    record = campaign()
    services.campaign_start(campaign=record)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    # One batch sent one, a temporary failure left one to retry, a dead worker held one.
    first, retry, held = Delivery.objects.order_by("pk")
    Delivery.objects.filter(pk=first.pk).update(status=DeliveryStatus.SENT, claimed_at=long_ago)
    Delivery.objects.filter(pk=retry.pk).update(next_attempt_at=long_ago, claimed_at=long_ago)
    Delivery.objects.filter(pk=held.pk).update(status=DeliveryStatus.SENDING, claimed_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.campaigns_resume() == [record.pk]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([retry.address, held.address])
    record.refresh_from_db()
    assert record.status == CampaignStatus.FINISHED


def test_a_campaign_a_worker_is_sending_is_left_to_it(db, settings):
    SubscriberFactory.create_batch(2)
    record = campaign()
    services.campaign_start(campaign=record)
    Delivery.objects.filter(pk=Delivery.objects.order_by("pk").first().pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now()
    )
    assert services.campaigns_resume() == []
    Delivery.objects.update(claimed_at=F("claimed_at") - sending.lease())
    assert services.campaigns_resume() == [record.pk]

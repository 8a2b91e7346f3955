"""The newsletter's demo: topics, the consent wording in both languages, illustrative
subscribers and one sent campaign, loaded once however often the demo runs."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from partnerstwa.newsletter import selectors
from partnerstwa.newsletter.demo import newsletter_demo_load
from partnerstwa.newsletter.models import (
    Campaign,
    CampaignStatus,
    ConsentRecord,
    ConsentText,
    Delivery,
    DeliveryStatus,
    Subscriber,
    Topic,
)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Topic, ConsentText, Subscriber, ConsentRecord, Campaign, Delivery)
    }


def test_the_demo_adds_topics_consent_subscribers_and_one_sent_campaign_once(db):
    Topic.objects.all().delete()
    assert newsletter_demo_load() == 6
    assert set(Topic.objects.values_list("slug", flat=True)) == {
        "programme-news",
        "events",
        "contest",
        "advocacy",
    }
    consent = ConsentText.objects.get()
    assert consent.text_pl.startswith("Wyrażam zgodę") and consent.text_en.startswith("I agree")
    subscribers = Subscriber.objects.all()
    assert all(s.is_illustrative and s.email.endswith("@example.org") for s in subscribers)
    assert all(s.consents.count() == 1 for s in subscribers)
    campaign = Campaign.objects.get()
    assert campaign.is_illustrative and campaign.status == CampaignStatus.FINISHED
    progress = selectors.progress(campaign.pk)
    # confirmed, of programme news or events: sekretariat, koordynacja, the English coordinator
    assert (progress.total, progress.sent, progress.remaining) == (3, 3, 0)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    before = _counts()
    assert newsletter_demo_load() == 0
    assert _counts() == before


def test_the_staff_page_shows_the_demo_campaign_marked_illustrative(client, db):
    newsletter_demo_load()
    client.force_login(get_user_model().objects.create_superuser("admin", password="x"))
    page = client.get(reverse("newsletter:staff_index")).content.decode()
    assert "Przykład: zaproszenie na warsztaty" in page and "tag-illustrative" in page
    campaign = Campaign.objects.get()
    detail = client.get(reverse("newsletter:staff_campaign", args=[campaign.pk]))
    assert detail.status_code == 200 and "tag-illustrative" in detail.content.decode()
    # no subscriber's address on the staff overview either: counts only
    assert "@example.org" not in page

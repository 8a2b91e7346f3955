"""The newsletter's part of the demo (idempotent): its topics and consent wording (both
languages, as the first migration puts them), a few subscribers and one campaign already sent,
so the staff pages (/biuro/newsletter/) show a newsletter at work.

The subscribers and the campaign are made up: example.org addresses, marked illustrative, and
shown only to staff (no subscriber appears on a public page).
"""

import datetime
import importlib

from django.db import transaction
from django.utils import timezone

from partnerstwa.lib import freshness
from partnerstwa.newsletter import selectors
from partnerstwa.newsletter.models import (
    Campaign,
    CampaignStatus,
    ConsentMethod,
    ConsentRecord,
    ConsentText,
    Delivery,
    DeliveryStatus,
    Subscriber,
    SubscriberStatus,
    Topic,
)

MARK = "Przykład: "
SEED = importlib.import_module("partnerstwa.newsletter.migrations.0002_seed")

# (address, language, topics, status)
SUBSCRIBERS = [
    ("przyklad.sekretariat@example.org", "pl", ["programme-news", "events"], "confirmed"),
    (
        "przyklad.koordynacja@example.org",
        "pl",
        ["programme-news", "events", "contest"],
        "confirmed",
    ),
    ("przyklad.rzecznictwo@example.org", "pl", ["advocacy"], "confirmed"),
    ("example.coordinator@example.org", "en", ["programme-news", "events"], "confirmed"),
    ("przyklad.oczekuje@example.org", "pl", ["events"], "pending"),
    ("przyklad.wypisany@example.org", "pl", ["programme-news"], "unsubscribed"),
]

BODY_PL = (
    "<p>Przykład demonstracyjny: tak wygląda wydanie newslettera programu.</p>"
    "<h2>Warsztaty strategiczne partnerstw</h2>"
    "<p>Zapraszamy koordynatorów partnerstw i przedstawicieli urzędów na warsztaty "
    'poświęcone wspólnym strategiom rozwoju. Szczegóły i zapisy na stronie <a href="/wydarzenia/">'
    "wydarzeń</a>.</p>"
    "<h2>Konkurs na najlepsze partnerstwo</h2>"
    "<p>Przypominamy o konkursie dla partnerstw, które wspólnie zrealizowały przedsięwzięcia "
    "rozwojowe.</p>"
)
BODY_EN = (
    "<p>A demonstration example: this is what an issue of the programme's newsletter looks "
    "like.</p>"
    "<h2>Strategy workshops for partnerships</h2>"
    "<p>Partnership coordinators and local government staff are invited to workshops on joint "
    'development strategies. Details and registration on the <a href="/wydarzenia/">events</a> '
    "page.</p>"
    "<h2>The partnership contest</h2>"
    "<p>A reminder of the contest for partnerships that have carried out development projects "
    "together.</p>"
)


def _reference() -> None:
    """The topics and the first consent wording, in both languages, when they are missing."""
    for position, (slug, name_pl, name_en) in enumerate(SEED.TOPICS):
        Topic.objects.get_or_create(
            slug=slug,
            defaults={"name_pl": name_pl, "name_en": name_en, "position": position},
        )
    if not ConsentText.objects.exists():
        ConsentText.objects.create(version=1, text_pl=SEED.CONSENT_PL, text_en=SEED.CONSENT_EN)
    else:
        first = ConsentText.objects.order_by("version").first()
        if not first.text_en and first.text_pl == SEED.CONSENT_PL:
            ConsentText.objects.filter(pk=first.pk).update(text_en=SEED.CONSENT_EN)


def newsletter_demo_load() -> int:
    """Add the illustrative subscribers and the sent campaign; how many subscribers were added
    (0 when the demo's campaign exists already)."""
    with transaction.atomic(), freshness.quiet():
        _reference()
        if Campaign.objects.filter(is_illustrative=True, subject_pl__startswith=MARK).exists():
            return 0
        now = timezone.now()
        sent_at = now - datetime.timedelta(days=14)
        consent = ConsentText.objects.order_by("-version").first()
        topics = {topic.slug: topic for topic in Topic.objects.all()}
        added = 0
        for address, language, slugs, status in SUBSCRIBERS:
            if selectors.subscriber_by_address(address) is not None:
                continue
            subscriber = Subscriber.objects.create(
                email=address,
                language=language,
                status=status,
                confirmed_at=sent_at - datetime.timedelta(days=30) if status != "pending" else None,
                unsubscribed_at=now - datetime.timedelta(days=3)
                if status == SubscriberStatus.UNSUBSCRIBED
                else None,
                is_illustrative=True,
            )
            subscriber.topics.set([topics[slug] for slug in slugs if slug in topics])
            ConsentRecord.objects.create(
                subscriber=subscriber,
                text=consent,
                method=ConsentMethod.FORM,
                given_at=sent_at - datetime.timedelta(days=31),
                confirmed_at=subscriber.confirmed_at,
                withdrawn_at=subscriber.unsubscribed_at,
            )
            added += 1

        campaign = Campaign.objects.create(
            subject_pl=MARK + "zaproszenie na warsztaty strategiczne partnerstw",
            subject_en="Example: an invitation to strategy workshops for partnerships",
            body_pl=BODY_PL,
            body_en=BODY_EN,
            is_illustrative=True,
        )
        campaign.topics.set(
            [topics[slug] for slug in ("programme-news", "events") if slug in topics]
        )
        campaign.save()
        recipients = selectors.segment(campaign).filter(is_illustrative=True)
        Delivery.objects.bulk_create(
            Delivery(
                campaign=campaign,
                subscriber=subscriber,
                address=subscriber.email,
                language=subscriber.language,
                status=DeliveryStatus.SENT,
                attempts=1,
                sent_at=sent_at,
            )
            for subscriber in recipients
        )
        Campaign.objects.filter(pk=campaign.pk).update(
            status=CampaignStatus.FINISHED,
            created_at=sent_at - datetime.timedelta(days=1),
            started_at=sent_at,
            finished_at=sent_at + datetime.timedelta(minutes=1),
        )
    return added

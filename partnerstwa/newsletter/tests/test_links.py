"""The preferences page and the one-click unsubscribe address every message carries."""

from django.test import Client
from django.urls import reverse

from partnerstwa.lib.tests.links import expired
from partnerstwa.newsletter.links import PREFERENCES_LINK, UNSUBSCRIBE_LINK
from partnerstwa.newsletter.models import SubscriberStatus
from partnerstwa.newsletter.tests.factories import SubscriberFactory, topic


def _preferences(subscriber) -> str:
    return reverse("newsletter:preferences", args=[PREFERENCES_LINK.token(subscriber.pk)])


def _unsubscribe(subscriber) -> str:
    return reverse("newsletter:unsubscribe", args=[UNSUBSCRIBE_LINK.token(subscriber.pk)])


def test_the_preferences_link_changes_topics_and_language(client, db):
    subscriber = SubscriberFactory(language="pl")
    response = client.post(
        _preferences(subscriber),
        {"topics": [topic("advocacy").pk, topic("events").pk], "language": "en", "save": "1"},
    )
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.language == "en"
    assert {t.slug for t in subscriber.topics.all()} == {"advocacy", "events"}


def test_the_preferences_page_shows_only_its_own_subscriber(client, db):
    mine, other = SubscriberFactory(email="mine@example.org"), SubscriberFactory()
    page = client.get(_preferences(mine)).content.decode()
    assert "mine@example.org" in page and other.email not in page


def test_unsubscribing_on_the_preferences_page_withdraws_every_consent(client, db):
    subscriber = SubscriberFactory()
    client.post(_preferences(subscriber), {"unsubscribe": "1"})
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED and subscriber.unsubscribed_at
    assert not subscriber.consents.filter(withdrawn_at__isnull=True).exists()


def test_an_expired_preferences_link_is_answered_clearly(client, db):
    subscriber = SubscriberFactory()
    path = reverse("newsletter:preferences", args=[expired(PREFERENCES_LINK, subscriber.pk)])
    assert client.get(path).status_code == 410


def test_opening_the_one_click_address_unsubscribes_nobody(client, db):
    subscriber = SubscriberFactory()
    for _scanner in range(3):
        response = client.get(_unsubscribe(subscriber))
        assert response.status_code == 200 and b'method="post"' in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_the_one_click_post_unsubscribes_without_a_session_or_csrf_token(db):
    subscriber = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _unsubscribe(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_other_link_pages_still_require_the_csrf_token(db):
    subscriber = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(_preferences(subscriber), {"unsubscribe": "1"})
    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_a_forged_one_click_address_is_not_found_and_changes_nothing(client, db):
    subscriber = SubscriberFactory()
    forged = reverse("newsletter:unsubscribe", args=[PREFERENCES_LINK.token(subscriber.pk)])
    assert client.post(forged).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED

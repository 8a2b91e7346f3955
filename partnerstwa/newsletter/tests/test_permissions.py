"""Every staff URL for an anonymous visitor, a signed-in coordinator (no staff flag), staff
without the permission and staff with it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from partnerstwa.advocacy.tests.factories import staff_user
from partnerstwa.newsletter.models import CampaignStatus, Delivery
from partnerstwa.newsletter.tests.factories import SubscriberFactory, campaign

VIEW, CHANGE = "newsletter.view_campaign", "newsletter.change_campaign"


@pytest.fixture
def record(db):
    SubscriberFactory()
    return campaign()


def _gets(record):
    return [
        reverse("newsletter:staff_index"),
        reverse("newsletter:staff_campaign", args=[record.pk]),
        reverse("newsletter:staff_preview", args=[record.pk, "pl"]),
    ]


def _posts(record):
    return [
        (reverse("newsletter:staff_send", args=[record.pk]), {}),
        (
            reverse("newsletter:staff_campaign", args=[record.pk]),
            {"schedule": "1", "at": "2099-01-01T10:00"},
        ),
        (
            reverse("newsletter:staff_campaign", args=[record.pk]),
            {"test": "1", "addresses": "a@example.org"},
        ),
    ]


def _unchanged(record) -> bool:
    record.refresh_from_db()
    return record.status == CampaignStatus.DRAFT and not Delivery.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(client, record, mailoutbox):
    for url in _gets(record):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    for url, data in _posts(record):
        response = client.post(url, data)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    assert _unchanged(record) and mailoutbox == []


def test_a_coordinator_without_the_staff_flag_gets_no_staff_page(client, record, mailoutbox):
    client.force_login(get_user_model().objects.create_user("koordynator", password="x"))
    for url in _gets(record):
        assert client.get(url).status_code in (302, 403), url
    for url, data in _posts(record):
        assert client.post(url, data).status_code in (302, 403), url
    assert _unchanged(record) and mailoutbox == []


def test_staff_without_the_permission_are_refused(client, record, mailoutbox):
    client.force_login(staff_user("biuro"))
    for url in _gets(record):
        assert client.get(url).status_code == 403, url
    for url, data in _posts(record):
        assert client.post(url, data).status_code == 403, url
    assert _unchanged(record) and mailoutbox == []


def test_staff_who_may_only_view_see_progress_but_change_nothing(client, record, mailoutbox):
    client.force_login(staff_user("biuro", VIEW))
    for url in _gets(record):
        assert client.get(url).status_code == 200, url
    for url, data in _posts(record):
        assert client.post(url, data).status_code == 403, url
    assert _unchanged(record) and mailoutbox == []


def test_staff_with_the_permission_test_schedule_and_send(
    client, record, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_RATE = 0
    client.force_login(staff_user("biuro", VIEW, CHANGE))
    index = client.get(reverse("newsletter:staff_index")).content.decode()
    assert record.subject_pl in index
    test, schedule, send = (
        _posts(record)[2],
        _posts(record)[1],
        _posts(record)[0],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(*test).status_code == 302
    assert len(mailoutbox) == 2  # the test in both languages
    assert client.post(*schedule).status_code == 302
    record.refresh_from_db()
    assert record.status == CampaignStatus.SCHEDULED
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(*send).status_code == 302
    record.refresh_from_db()
    assert record.status == CampaignStatus.FINISHED and len(mailoutbox) == 3
    progress = client.get(reverse("newsletter:staff_campaign", args=[record.pk])).context[
        "progress"
    ]
    assert (progress.sent, progress.failed, progress.remaining) == (1, 0, 0)


def test_the_staff_list_of_campaigns_takes_the_same_queries_for_many_campaigns(client, record):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user("biuro", VIEW))
    url = reverse("newsletter:staff_index")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(5):
        campaign(subject_pl=f"Wydanie {number}")
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert len(response.context["campaigns"]) == 6
    assert len(six.captured_queries) == len(one.captured_queries)

"""Every staff URL and every URL that touches a record, for an anonymous visitor, a signed-in
coordinator (no staff flag), staff without the permission and staff with it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from partnerstwa.advocacy import services
from partnerstwa.advocacy.models import BarrierReport, BarrierStatus, LegalBarrier, ReportState
from partnerstwa.advocacy.tests.factories import ALL_PERMISSIONS, barrier, staff_user
from partnerstwa.registry.tests.factories import OrganisationFactory


@pytest.fixture
def records(db):
    kept, duplicate = barrier(title="Zachowana"), barrier(title="Duplikat")
    report = BarrierReport.objects.create(
        title="Zgłoszenie",
        description="Opis",
        organisation=OrganisationFactory(),
        contact_name="Anna Nowak",
        contact_email="anna@example.org",
    )
    services.report_confirm(report=report)
    return kept, duplicate, report


def _urls(records):
    kept, duplicate, report = records
    return {
        "GET": [
            reverse("advocacy:staff_index"),
            reverse("advocacy:staff_report", args=[report.pk]),
            reverse("advocacy:staff_barrier", args=[kept.pk]),
            reverse("advocacy:staff_merge"),
            reverse("advocacy:staff_overdue"),
            reverse("advocacy:staff_summary"),
            reverse("advocacy:staff_summary") + "?od=2016-01-01&do=2016-12-31&format=xlsx",
            reverse("advocacy:staff_summary") + "?od=2016-01-01&do=2016-12-31&format=pdf",
        ],
        "POST": [
            (
                reverse("advocacy:staff_report", args=[report.pk]),
                {"reject": "1", "reason": "Nie"},
            ),
            (
                reverse("advocacy:staff_barrier", args=[kept.pk]),
                {"status": BarrierStatus.UNDER_ANALYSIS},
            ),
            (reverse("advocacy:staff_merge"), {"keep": kept.pk, "duplicate": duplicate.pk}),
        ],
    }


def _nothing_changed(records):
    kept, duplicate, report = records
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    report.refresh_from_db()
    return (
        kept.status == BarrierStatus.REPORTED
        and duplicate.merged_into is None
        and report.state == ReportState.PENDING
    )


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(client, records):
    urls = _urls(records)
    for url in urls["GET"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    for url, data in urls["POST"]:
        response = client.post(url, data)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    assert _nothing_changed(records)


def test_a_coordinator_without_the_staff_flag_gets_no_staff_page_and_changes_nothing(
    client, records
):
    coordinator = get_user_model().objects.create_user("koordynator", password="x")
    client.force_login(coordinator)
    urls = _urls(records)
    for url in urls["GET"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    for url, data in urls["POST"]:
        assert client.post(url, data).status_code == 302, url
    assert _nothing_changed(records)


def test_staff_without_the_permission_are_refused_and_change_nothing(client, records):
    client.force_login(staff_user("inny", "activities.view_registration"))
    urls = _urls(records)
    for url in urls["GET"]:
        assert client.get(url).status_code == 403, url
    for url, data in urls["POST"]:
        assert client.post(url, data).status_code == 403, url
    assert _nothing_changed(records)


def test_staff_with_the_permissions_open_every_page_and_each_post_does_its_work(client, records):
    kept, duplicate, report = records
    client.force_login(staff_user("biuro", *ALL_PERMISSIONS))
    urls = _urls(records)
    for url in urls["GET"]:
        assert client.get(url).status_code == 200, url
    for url, data in urls["POST"]:
        assert client.post(url, data).status_code == 302, url
    report.refresh_from_db()
    kept.refresh_from_db()
    assert report.state == ReportState.REJECTED
    assert kept.status == BarrierStatus.UNDER_ANALYSIS
    assert LegalBarrier.objects.get(pk=duplicate.pk).merged_into == kept


def test_public_pages_show_only_published_barriers(client, db):
    hidden = barrier(title="Niewidoczna", is_published=False)
    shown = barrier(title="Widoczna")
    assert client.get(reverse("advocacy:detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("advocacy:detail", args=[shown.pk])).status_code == 200
    listing = client.get(reverse("advocacy:list")).content.decode()
    assert "Widoczna" in listing and "Niewidoczna" not in listing
    feed = client.get(reverse("advocacy:feed")).content.decode()
    assert "Widoczna" in feed and "Niewidoczna" not in feed

import re

import pytest
from django.core import mail
from django.urls import reverse

from partnerstwa.advocacy.links import CONFIRM_LINK
from partnerstwa.advocacy.models import BarrierReport, LegalBarrier, ReportState
from partnerstwa.advocacy.tests.factories import ALL_PERMISSIONS, AreaOfLawFactory, staff_user
from partnerstwa.lib.tests.links import expired
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

FORM = reverse("advocacy:report")


@pytest.fixture
def form_data(db):
    organisation = OrganisationFactory(name="Gmina Brwinów")
    area = AreaOfLawFactory(name="Zamówienia publiczne")
    return {
        "reporter_kind": "organisation",
        "organisation": organisation.name,
        "title": "Gminy nie mogą wspólnie zamówić transportu",
        "description": "Porozumienie międzygminne nie wystarcza do wspólnego zamówienia.",
        "area": area.pk,
        "legal_acts": "Dz.U. z 2016 r. poz. 446, art. 74 ust. 1",
        "contact_name": "Anna Nowak",
        "contact_email": "anna.nowak@example.org",
        "language": "pl",
        "consent": "on",
    }


def _send(client, data, capture):
    with capture(execute=True):
        return client.post(FORM, data)


def _confirm_path(address: str) -> str:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return re.search(r"https?://[^/\s]+(/bariery/potwierdzenie/\S+/)", message.body).group(1)


def test_nothing_unreviewed_is_public_and_publishing_tells_the_sender(
    client, form_data, django_capture_on_commit_callbacks
):
    response = _send(client, form_data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    path = _confirm_path("anna.nowak@example.org")
    report = BarrierReport.objects.get()
    assert report.state == ReportState.UNCONFIRMED
    client.get(path)  # opening the link (a mail scanner does) confirms nothing
    report.refresh_from_db()
    assert report.state == ReportState.UNCONFIRMED
    client.post(path)
    report.refresh_from_db()
    assert report.state == ReportState.PENDING
    # Confirmed but not reviewed: no barrier, nothing on the public list or in the feed.
    assert not LegalBarrier.objects.exists()
    listing = client.get(reverse("advocacy:list")).content.decode()
    assert form_data["title"] not in listing
    assert form_data["title"] not in client.get(reverse("advocacy:feed")).content.decode()

    staff = staff_user("biuro", *ALL_PERMISSIONS)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("advocacy:staff_report", args=[report.pk]),
            {
                "publish": "1",
                "title": form_data["title"],
                "description": form_data["description"],
                "area": form_data["area"],
                "legal_acts": form_data["legal_acts"],
            },
        )
    client.logout()
    barrier = LegalBarrier.objects.get()
    assert barrier.is_published and [o.name for o in barrier.organisations.all()] == [
        "Gmina Brwinów"
    ]
    assert barrier.changes.get().changed_by == staff
    page = client.get(barrier.get_absolute_url()).content.decode()
    assert form_data["title"] in page
    assert "WDU20160000446" in page
    assert "anna.nowak@example.org" not in page
    outcome = mail.outbox[-1]
    assert outcome.to == ["anna.nowak@example.org"]
    assert barrier.get_absolute_url() in outcome.body


def test_a_rejected_report_is_never_public_and_the_sender_reads_the_reason(
    client, form_data, django_capture_on_commit_callbacks
):
    _send(client, form_data, django_capture_on_commit_callbacks)
    client.post(_confirm_path("anna.nowak@example.org"))
    report = BarrierReport.objects.get()
    client.force_login(staff_user("biuro", *ALL_PERMISSIONS))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("advocacy:staff_report", args=[report.pk]),
            {"reject": "1", "reason": "To nie jest bariera prawna, lecz organizacyjna."},
        )
    report.refresh_from_db()
    assert report.state == ReportState.REJECTED
    assert not LegalBarrier.objects.exists()
    assert "lecz organizacyjna" in mail.outbox[-1].body


def test_an_unconfirmed_report_never_reaches_the_staff_queue(
    client, form_data, django_capture_on_commit_callbacks
):
    _send(client, form_data, django_capture_on_commit_callbacks)
    report = BarrierReport.objects.get()
    client.force_login(staff_user("biuro", *ALL_PERMISSIONS))
    assert list(client.get(reverse("advocacy:staff_index")).context["queue"]) == []
    assert client.get(reverse("advocacy:staff_report", args=[report.pk])).status_code == 404


def _answer(client, response) -> tuple:
    """What the sender sees: the redirect and the page it leads to (its message shown)."""
    shown = client.get(response["Location"])
    return response.status_code, response["Location"], [str(m) for m in shown.context["messages"]]


def test_the_same_answer_whether_the_address_is_known_or_not(
    client, form_data, django_capture_on_commit_callbacks
):
    PersonFactory(email="znana@example.org")
    capture = django_capture_on_commit_callbacks
    unknown = _answer(
        client, _send(client, {**form_data, "contact_email": "nowa@example.org"}, capture)
    )
    known = _answer(
        client, _send(client, {**form_data, "contact_email": "znana@example.org"}, capture)
    )
    # Mailed a minute ago: throttled, so not mailed and not kept - and still the same answer.
    again = _answer(
        client, _send(client, {**form_data, "contact_email": "nowa@example.org"}, capture)
    )
    assert unknown == known == again
    assert BarrierReport.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["nowa@example.org", "znana@example.org"]


def test_a_bad_legal_act_reference_is_refused_on_the_form_and_nothing_is_kept(client, form_data):
    response = client.post(FORM, {**form_data, "legal_acts": "ustawa o samorządzie gminnym"})
    assert response.status_code == 400
    assert 'href="#id_legal_acts"' in response.content.decode()
    assert not BarrierReport.objects.exists()


def test_the_form_is_rate_limited(client, form_data, settings):
    settings.REGISTRATION_RATE = "2/h"
    codes = [client.post(FORM, {**form_data, "title": ""}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]


def test_a_forged_link_is_not_found_and_an_expired_one_says_so(
    client, form_data, django_capture_on_commit_callbacks
):
    _send(client, form_data, django_capture_on_commit_callbacks)
    report = BarrierReport.objects.get()
    forged = reverse("advocacy:confirm", args=["nie-nasz-podpis"])
    assert client.get(forged).status_code == 404
    old = reverse("advocacy:confirm", args=[expired(CONFIRM_LINK, report.pk)])
    assert client.post(old).status_code == 410
    report.refresh_from_db()
    assert report.state == ReportState.UNCONFIRMED


def test_an_unconfirmed_report_is_deleted_once_its_link_has_expired(
    client, form_data, django_capture_on_commit_callbacks
):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    _send(client, form_data, django_capture_on_commit_callbacks)
    kept = BarrierReport.objects.get()
    BarrierReport.objects.filter(pk=kept.pk).update(
        created_at=timezone.now() - CONFIRM_LINK.lifetime - datetime.timedelta(minutes=1)
    )
    call_command("purge_barrier_reports")
    assert not BarrierReport.objects.exists()

"""Every consent keeps the exact words shown, when it was given and its withdrawal; staff see
the proof for a person."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from partnerstwa.activities.models import Registration
from partnerstwa.advocacy.models import BarrierReport
from partnerstwa.contests.models import Application
from partnerstwa.newsletter.models import ConsentRecord
from partnerstwa.rights.models import DataSubjectRequest
from partnerstwa.rights.tests.factories import ask, confirm
from partnerstwa.rights.tests.test_erasure import EMAIL, _through_the_forms

pytestmark = pytest.mark.django_db


def test_each_form_keeps_the_words_shown_and_when_and_staff_see_the_proof(
    client, django_capture_on_commit_callbacks
):
    _through_the_forms(client, django_capture_on_commit_callbacks)
    registration = Registration.objects.get()
    application = Application.objects.get()
    report = BarrierReport.objects.get()
    assert registration.consent_text.startswith("Wyrażam zgodę") and registration.consent_given_at
    assert application.consent_text.startswith(
        "Wyrażam zgodę na przetwarzanie przez organizatora konkursu"
    )
    assert report.consent_text.startswith("Wyrażam zgodę na przetwarzanie przez biuro programu")
    assert application.consent_given_at and report.consent_given_at
    consent = ConsentRecord.objects.get()
    assert consent.confirmed_at and consent.text.text
    ask(client, django_capture_on_commit_callbacks, email=EMAIL, kind="withdrawal")
    confirm(client, django_capture_on_commit_callbacks, email=EMAIL)
    for record in (registration, application, report):
        record.refresh_from_db()
        assert record.consent_withdrawn_at is not None, record
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    client.force_login(get_user_model().objects.create_superuser("admin", password="h-a-1"))
    page = client.get(
        reverse("rights:staff_detail", args=[DataSubjectRequest.objects.get().pk])
    ).content.decode()
    assert application.consent_text in page and report.consent_text in page
    assert registration.consent_text in page


def test_staff_show_the_proof_for_an_address_without_a_request(client):
    from django.contrib.auth.models import Permission

    from partnerstwa.rights.tests.factories import EMAIL as KNOWN
    from partnerstwa.rights.tests.factories import person_everywhere

    person_everywhere()
    url = reverse("rights:staff_proof") + f"?email={KNOWN}"
    user = get_user_model().objects.create_user("biuro", password="haslo-biura-1", is_staff=True)
    client.force_login(user)
    assert client.get(url).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_datasubjectrequest"))
    page = client.get(url).content.decode()
    assert "Zgoda" in page  # the registration's consent as shown
    assert "newsletter" in page.lower()

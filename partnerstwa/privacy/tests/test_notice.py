import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from partnerstwa.privacy.personal_data import PERSONAL_DATA
from partnerstwa.privacy.processing import ACTIVITIES

pytestmark = pytest.mark.django_db


def test_every_declared_model_belongs_to_a_processing_activity():
    declared = {label for activity in ACTIVITIES for label in activity.models}
    assert declared == set(PERSONAL_DATA)


def test_the_notice_names_the_controller_and_dpo_from_settings_and_the_retention_in_force(
    client, settings
):
    settings.PRIVACY_RETENTION_DAYS = {**settings.PRIVACY_RETENTION_DAYS, "registrations": 1234}
    content = client.get(reverse("privacy:notice")).content.decode()
    assert "Związek Miast Polskich" in content  # reference.yaml, the demo's configuration
    assert "ul. Robocza 42, 61-517 Poznań" in content and "rodo@zmp.poznan.pl" in content
    assert "1234 dni" in content
    assert 'href="/rodo/"' in content and "PUODO" in content
    for activity in ACTIVITIES:
        assert str(activity.basis)[:20].lower() in content.lower()


def test_the_register_of_processing_is_a_spreadsheet_for_staff_only(client):
    url = reverse("privacy:register")
    assert client.get(url).status_code == 302
    user = get_user_model().objects.create_user("biuro", password="haslo-biura-1", is_staff=True)
    client.force_login(user)
    assert client.get(url).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_datasubjectrequest"))
    response = client.get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + len(ACTIVITIES)
    assert all(row[1].startswith("Związek Miast Polskich") for row in rows[1:])

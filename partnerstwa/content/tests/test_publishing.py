"""Issue 12: scheduled publishing (Wagtail's go-live date and its `publish_scheduled` command)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnerstwa.content.tests.factories import news


@pytest.mark.django_db
def test_a_page_due_to_go_live_is_published_by_the_command_and_a_future_one_is_not(client):
    due = news(title="Już czas", slug="juz-czas", live=False)
    due.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    later = news(title="Jeszcze nie", slug="jeszcze-nie", live=False)
    later.save_revision(approved_go_live_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get("/aktualnosci/juz-czas/").status_code == 404

    call_command("publish_scheduled", verbosity=0)

    due.refresh_from_db()
    later.refresh_from_db()
    assert due.live and not later.live
    assert client.get("/aktualnosci/juz-czas/").status_code == 200
    assert client.get("/aktualnosci/jeszcze-nie/").status_code == 404

"""lib.mail.send_once: a task run again (its worker died) never sends a message twice that it
recorded as sent, and resends one it never recorded under the same Message-ID."""

import pytest
from django.core import mail

from partnerstwa.lib.mail import send_once
from partnerstwa.lib.models import SentMail

pytestmark = pytest.mark.django_db


def test_a_task_run_twice_sends_its_message_once():
    assert send_once("task-1", "Temat", "Treść", ["a@example.org"]) is True
    assert send_once("task-1", "Temat", "Treść", ["a@example.org"]) is False
    assert len(mail.outbox) == 1


def test_a_send_never_recorded_is_sent_again_with_the_same_message_id():
    # The first run recorded the attempt and died before the server accepted the message.
    SentMail.objects.create(key="task-2")
    assert send_once("task-2", "Temat", "Treść", ["a@example.org"]) is True
    send_once("task-3", "Temat", "Treść", ["a@example.org"])
    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert ids[0].startswith("<task-2@") and ids[1].startswith("<task-3@")
    assert SentMail.objects.get(key="task-2").sent_at is not None

"""What bench/load.py found: a db_worker killed while it runs an e-mail task leaves the task
RUNNING for ever (django-tasks-db claims a task once and never hands it out again), so the
message was lost. Now db_worker hands such a task out again after TASK_LEASE_SECONDS and the
mail tasks send each message once per task (lib.mail.send_once)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partnerstwa.activities import tasks
from partnerstwa.activities.tests import factories

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_mail_task_of_a_worker_killed_long_ago_is_sent_once_by_another_worker(
    settings, monkeypatch
):
    # The worker closes connections between tasks; the test database must stay open.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    registration = factories.register(factories.event())
    settings.TASKS = DATABASE_TASKS
    mail.outbox.clear()
    tasks.send_registration_email.enqueue(registration.pk, tasks.RECEIVED)
    orphan = DBTaskResult.objects.get()
    # A worker claimed it an hour ago and was killed (SIGKILL) before it finished.
    orphan.claim("worker-killed-with-sigkill")
    DBTaskResult.objects.filter(pk=orphan.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=1)
    )

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    assert DBTaskResult.objects.get(pk=orphan.pk).status == "SUCCESSFUL"
    assert [message.to for message in mail.outbox] == [[registration.email]]

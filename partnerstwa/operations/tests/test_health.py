"""/health/: 200 when the database answers, every migration is applied and the task queue
moves; 503 otherwise; the public learns nothing but the verdict."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db


def waiting_task(age: datetime.timedelta) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="partnerstwa.activities.tasks.send_registration_email",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - age)
    return task


def test_a_healthy_site_answers_200_and_only_ok(client):
    waiting_task(datetime.timedelta(seconds=30))

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_a_stalled_task_queue_makes_it_unhealthy_without_saying_why(client, settings):
    settings.HEALTH_TASK_QUEUE_MAX_AGE = 600
    waiting_task(datetime.timedelta(minutes=11))

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.content == b"unavailable\n"


def test_a_task_due_later_is_not_a_stalled_queue(client):
    task = waiting_task(datetime.timedelta(hours=2))
    DBTaskResult.objects.filter(pk=task.pk).update(
        run_after=timezone.now() + datetime.timedelta(hours=1)
    )

    assert client.get("/health/").status_code == 200


def test_a_missing_migration_makes_it_unhealthy(client):
    latest = MigrationRecorder.Migration.objects.filter(app="activities").order_by("-name").first()
    latest.delete()

    assert client.get("/health/").status_code == 503


def test_staff_see_which_check_failed(admin_client):
    MigrationRecorder.Migration.objects.filter(app="activities").order_by("-name").first().delete()

    response = admin_client.get("/health/?format=json")

    assert response.status_code == 503
    assert "activities" in response.json()["Migrations(alias='default')"]
    assert connection.vendor in ("sqlite", "postgresql")

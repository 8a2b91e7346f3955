"""Staff pages of operations: the changes list with its filters and export, a record's history
in the back office, and background tasks with their errors and a retry button."""

import csv
import datetime
import io
import uuid

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from partnerstwa.advocacy.models import AreaOfLaw
from partnerstwa.lib.models import SentMail

pytestmark = pytest.mark.django_db

TASK = "partnerstwa.activities.tasks.send_registration_email"


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user("biuro", password="haslo-testowe-1", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_logentry", "view_dbtaskresult", "change_dbtaskresult"]
        )
    )
    client.force_login(user)
    return client


def failed_task() -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [], "kwargs": {"registration_id": 7}},
        task_path=TASK,
        backend_name="default",
        run_after=get_date_max(),
        finished_at=timezone.now(),
        exception_class_path="smtplib.SMTPServerDisconnected",
        traceback="Traceback …\nsmtplib.SMTPServerDisconnected: Connection unexpectedly closed",
    )


def test_a_failed_task_shows_its_error_and_an_unsent_email_is_visible(staff):
    failed_task()
    record = SentMail.objects.create(key="zadanie-123")
    SentMail.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )

    page = staff.get(reverse("operations:tasks")).content.decode()

    assert "smtplib.SMTPServerDisconnected" in page
    assert "Connection unexpectedly closed" in page
    assert "zadanie-123" in page


def test_retry_queues_the_failed_task_again_with_its_arguments(staff, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task = failed_task()

    response = staff.post(reverse("operations:task_retry", args=[task.pk]))

    assert response.status_code == 302
    (queued,) = DBTaskResult.objects.all()
    assert queued.pk != task.pk
    assert (queued.status, queued.task_path) == ("READY", TASK)
    assert queued.args_kwargs["kwargs"] == {"registration_id": 7}


def test_only_a_failed_task_can_be_retried(staff):
    task = failed_task()
    DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")

    assert staff.post(reverse("operations:task_retry", args=[task.pk])).status_code == 404
    assert staff.post(reverse("operations:task_retry", args=[uuid.uuid4()])).status_code == 404


@pytest.mark.parametrize("signed_in", [False, True])
def test_no_operations_page_opens_for_anyone_but_staff(client, signed_in):
    task = failed_task()
    if signed_in:
        client.force_login(get_user_model().objects.create_user("koordynator"))
    urls = [
        ("get", reverse("operations:tasks")),
        ("post", reverse("operations:task_retry", args=[task.pk])),
        ("get", reverse("operations:changes")),
        ("get", reverse("operations:changes_export", args=["csv"])),
        ("get", reverse("operations:changes_export", args=["xlsx"])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    assert DBTaskResult.objects.get().status == "FAILED"


def test_staff_without_the_permission_of_a_page_are_refused_it(client):
    task = failed_task()
    user = get_user_model().objects.create_user("redaktor", is_staff=True)
    client.force_login(user)
    for method, url in [
        ("get", reverse("operations:tasks")),
        ("post", reverse("operations:task_retry", args=[task.pk])),
        ("get", reverse("operations:changes")),
        ("get", reverse("operations:changes_export", args=["csv"])),
    ]:
        assert getattr(client, method)(url).status_code == 403, url
    assert DBTaskResult.objects.get().status == "FAILED"


def test_the_retry_button_needs_a_csrf_token(staff):
    task = failed_task()
    staff.handler.enforce_csrf_checks = True

    assert staff.post(reverse("operations:task_retry", args=[task.pk])).status_code == 403
    assert DBTaskResult.objects.get().status == "FAILED"


def test_the_changes_list_filters_by_record_and_exports_what_it_shows(
    admin_client, django_assert_max_num_queries
):
    kept = AreaOfLaw.objects.create(name="Prawo samorządowe", slug="samorzad")
    AreaOfLaw.objects.create(name="Zamówienia publiczne", slug="zamowienia")
    kept.name = "Prawo samorządu"
    kept.save()
    query = f"?record={kept.pk}&model="

    with django_assert_max_num_queries(12):
        page = admin_client.get(reverse("operations:changes") + query).content.decode()
    assert "Prawo samorządu" in page and "Zamówienia publiczne" not in page

    exported = admin_client.get(reverse("operations:changes_export", args=["csv"]) + query)
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert ["Prawo samorządowe", "Prawo samorządu"] in [row[-2:] for row in rows]
    assert not any("Zamówienia publiczne" in cell for row in rows for cell in row)

    workbook = openpyxl.load_workbook(
        io.BytesIO(
            admin_client.get(reverse("operations:changes_export", args=["xlsx"]) + query).content
        )
    )
    assert workbook.active.max_row == len(rows)


def test_a_records_history_page_in_the_back_office_lists_its_trail(admin_client):
    area = AreaOfLaw.objects.create(name="Prawo samorządowe", slug="samorzad")
    area.name = "Prawo samorządu"
    area.save()

    page = admin_client.get(reverse("admin:advocacy_areaoflaw_history", args=[area.pk]))

    assert page.status_code == 200
    assert "Prawo samorządowe → Prawo samorządu" in page.content.decode()

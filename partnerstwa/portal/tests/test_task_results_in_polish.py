"""Issue 11, staff: every back-office string is Polish, the task-result pages too
(django-tasks' database backend ships no Polish catalogue; ours translates its msgids and
the portal relabels what it does not pass through gettext)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db

# What the task pages show in English without our translations, as labels and values.
ENGLISH = [
    "Tasks Database Backend",
    "Task Result",
    "Task name",
    "Enqueued at",
    "Started at",
    "Finished at",
    "Priority",
    "Queue name",
    "Backend name",
    "Run after",
    "Return value",
    "Exception class path",
    "Traceback",
    "Task path",
    "Worker id",
    "Args kwargs",
    "Successful",
    "Failed",
    "Ready",
    "Running",
]


@pytest.fixture
def task_result():
    now = timezone.now()
    return DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={"args": [1, "received"], "kwargs": {}},
        task_path="partnerstwa.activities.tasks.send_registration_email",
        backend_name="default",
        run_after=get_date_max(),
        started_at=now,
        finished_at=now,
        return_value=None,
        exception_class_path="",
        traceback="",
    )


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def english_left(text: str) -> list[str]:
    return [label for label in ENGLISH if re.search(rf"\b{re.escape(label)}\b", text, re.I)]


def test_the_task_results_list_is_in_polish(admin_client, task_result):
    response = admin_client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    text = visible_text(response)
    assert response.status_code == 200
    assert english_left(text) == []
    assert "wyniki zadań" in text.lower() and "zakończone powodzeniem" in text


def test_a_task_result_page_is_in_polish(admin_client, task_result):
    url = reverse("admin:django_tasks_database_dbtaskresult_change", args=[task_result.pk])
    response = admin_client.get(url)
    text = visible_text(response)
    assert response.status_code == 200
    assert english_left(text) == []
    assert "Ścieżka zadania" in text and "Zadania w tle" in text


def test_the_back_office_index_names_the_task_app_in_polish(admin_client, task_result):
    text = visible_text(admin_client.get(reverse("admin:index")))
    assert "Zadania w tle" in text and english_left(text) == []

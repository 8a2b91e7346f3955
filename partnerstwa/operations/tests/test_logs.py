"""Structured logs: one JSON line per request and per background task, with no personal data;
Sentry initialised only when its address is set."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
import sentry_sdk
import structlog
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_tasks import task

from partnerstwa.operations.logs import REQUEST_LOGGER, RequestLogMiddleware, formatter

pytestmark = pytest.mark.django_db


@task()
def add(a: int, b: int) -> int:
    return a + b


@pytest.fixture
def lines():
    """The JSON lines the production formatter writes for requests and tasks."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter(json=True))
    loggers = [logging.getLogger(name) for name in (REQUEST_LOGGER, "partnerstwa.tasks")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def test_a_request_writes_one_line_with_method_path_status_duration_and_account_number(
    client, lines
):
    user = get_user_model().objects.create_user(
        "anna", email="anna.kowalska@example.org", first_name="Anna", password="haslo-testowe-1"
    )
    client.force_login(user)

    client.get("/partnerstwa/?szukaj=anna.kowalska@example.org", REMOTE_ADDR="203.0.113.7")

    (line,) = lines()
    assert line["event"] == "request_finished"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/partnerstwa/", 200)
    assert line["user_id"] == user.pk
    assert isinstance(line["duration_ms"], float)
    text = json.dumps(line)
    for personal in ("anna.kowalska", "Anna", "203.0.113.7", "szukaj"):
        assert personal not in text


def test_a_page_served_from_the_page_cache_still_gets_its_line(client, lines, settings):
    settings.PAGE_CACHE = True
    url = reverse("partnerships:list")

    client.get(url)
    client.get(url)

    assert [(line["path"], line["status"]) for line in lines()] == [(url, 200), (url, 200)]


def test_lines_logged_while_a_request_is_handled_carry_its_request_id(lines):
    def view(request):
        structlog.get_logger("partnerstwa.tasks").info("inside_the_request")
        return HttpResponse("ok")

    RequestLogMiddleware(view)(RequestFactory().get("/"))
    RequestLogMiddleware(view)(RequestFactory().get("/"))

    inside, first, inside_again, second = lines()
    assert (inside["event"], first["event"]) == ("inside_the_request", "request_finished")
    assert inside["request_id"] == first["request_id"]
    assert inside_again["request_id"] == second["request_id"] != first["request_id"]


def test_a_request_that_raises_gets_a_failure_line_and_the_error_goes_on(lines):
    def view(request):
        raise RuntimeError("broken")

    with pytest.raises(RuntimeError):
        RequestLogMiddleware(view)(RequestFactory().get("/wydarzenia/"))

    (line,) = lines()
    assert (line["event"], line["status"], line["request"]) == (
        "request_failed",
        500,
        "GET /wydarzenia/",
    )
    assert "RuntimeError" in line["exception"]


def test_a_task_writes_one_line_with_its_name_duration_and_outcome(lines):
    add.enqueue(1, 2)

    (line,) = [line for line in lines() if line["event"] == "task_finished"]
    assert line["task"].endswith("add")
    assert line["outcome"] == "successful"
    assert isinstance(line["duration_ms"], float)


def test_sentry_is_not_initialised_without_its_address():
    assert "SENTRY_DSN" not in os.environ
    assert not sentry_sdk.get_client().is_active()


def test_sentry_is_initialised_when_its_address_is_set():
    code = (
        "import django, sentry_sdk; django.setup(); client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.options['send_default_pii'])"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerstwa.settings",
        "SENTRY_DSN": "http://public@127.0.0.1:9/1",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "False"]

"""apply_retention on records of every age removes or anonymises exactly what the rules of
settings.PRIVACY_RETENTION_DAYS say, and nothing younger; a second run finds nothing."""

import datetime
import uuid

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partnerstwa.activities.models import Event, Registration, RegistrationRequest
from partnerstwa.activities.tests.factories import event, register
from partnerstwa.advocacy.models import BarrierReport
from partnerstwa.contests.models import Application, ContestEdition
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.newsletter.models import Subscriber
from partnerstwa.newsletter.tests.factories import SubscriberFactory
from partnerstwa.registry.tests.factories import OrganisationFactory
from partnerstwa.rights.models import DataSubjectRequest
from partnerstwa.rights.retention import apply_retention

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def records(settings):
    rules = settings.PRIVACY_RETENTION_DAYS
    made = {}
    for name, age in (("old", rules["newsletter_unconfirmed"] + 1), ("young", 1)):
        subscriber = SubscriberFactory(status="pending", confirmed_at=None)
        Subscriber.objects.filter(pk=subscriber.pk).update(created_at=_ago(age))
        made[f"pending_{name}"] = subscriber.pk
    confirmed = SubscriberFactory()
    Subscriber.objects.filter(pk=confirmed.pk).update(created_at=_ago(4000))
    made["confirmed"] = confirmed.pk
    for name, age in (("old", rules["registrations"] + 1), ("young", rules["registrations"] - 1)):
        past = event()
        registration = register(past, phone="+48 500 000 000")
        Event.objects.filter(pk=past.pk).update(starts_at=_ago(age) - DAY, ends_at=_ago(age))
        made[f"registration_{name}"] = registration.pk
    for name, age in (("old", 3), ("young", 1)):
        made[f"request_{name}"] = RegistrationRequest.objects.create(
            event=event(),
            first_name="A",
            last_name="B",
            email="a@example.org",
            consent_text="Zgoda",
            created_at=_ago(age),
        ).pk
    for name, age, state in (
        ("unconfirmed_old", 3, "unconfirmed"),
        ("unconfirmed_young", 1, "unconfirmed"),
        ("old", rules["barrier_reports"] + 1, "pending"),
        ("young", rules["barrier_reports"] - 1, "pending"),
    ):
        made[f"report_{name}"] = BarrierReport.objects.create(
            title="T",
            description="D",
            organisation=OrganisationFactory(),
            contact_name="Ewa",
            contact_email="ewa@example.org",
            state=state,
            created_at=_ago(age),
            confirmed_at=None if state == "unconfirmed" else _ago(age),
        ).pk
    for name, age in (
        ("old", rules["contest_applications"] + 1),
        ("young", rules["contest_applications"] - 1),
    ):
        contest = edition()
        ContestEdition.objects.filter(pk=contest.pk).update(
            applications_open_at=_ago(age + 30), applications_close_at=_ago(age)
        )
        made[f"application_{name}"] = application(contest, contact_email="jan@example.org").pk
    for name, age in (("old", rules["task_results"] + 1), ("young", rules["task_results"] - 1)):
        made[f"task_{name}"] = DBTaskResult.objects.create(
            id=uuid.uuid4(),
            status="SUCCESSFUL",
            args_kwargs={"args": [1], "kwargs": {}},
            task_path="x.y",
            finished_at=_ago(age),
            run_after=_ago(age),
            backend_name="default",
        ).pk
    for name, expiry in (("old", _ago(1)), ("young", _ago(-1))):
        store = SessionStore()
        store.create()
        Session.objects.filter(pk=store.session_key).update(expire_date=expiry)
        made[f"session_{name}"] = store.session_key
    for name, age, state in (
        ("unconfirmed_old", rules["rights_unconfirmed"] + 1, "unverified"),
        ("unconfirmed_young", 1, "unverified"),
    ):
        made[f"rights_{name}"] = DataSubjectRequest.objects.create(
            email="x@example.org", kind="access", state=state, created_at=_ago(age)
        ).pk
    for name, age in (("old", rules["rights_requests"] + 1), ("young", 10)):
        made[f"rights_closed_{name}"] = DataSubjectRequest.objects.create(
            email="y@example.org",
            kind="access",
            state="done",
            created_at=_ago(age + 1),
            closed_at=_ago(age),
        ).pk
    return made


def test_apply_retention_removes_exactly_what_the_rules_say_and_nothing_younger(records):
    dry = {result.category: result.count for result in apply_retention(dry_run=True)}
    assert Subscriber.objects.filter(
        pk=records["pending_old"]
    ).exists()  # a dry run changes nothing
    done = {result.category: result.count for result in apply_retention()}
    assert dry == done
    assert done == {
        "newsletter_unconfirmed": 1,
        "registrations": 1,
        "registration_requests": 1,
        "contest_applications": 1,
        "barrier_reports": 1,
        "barrier_reports_unconfirmed": 1,
        "rights_unconfirmed": 1,
        "rights_requests": 1,
        "task_results": 1,
        "sessions": 1,
        "sent_mail": 0,
    }
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {
        records["pending_young"],
        records["confirmed"],
    }
    old, young = (
        Registration.objects.get(pk=records[f"registration_{age}"]) for age in ("old", "young")
    )
    assert old.last_name == "—" and old.phone == "" and old.email.endswith(".invalid")
    assert young.last_name.startswith("Nowak") and young.phone == "+48 500 000 000"
    assert list(RegistrationRequest.objects.values_list("pk", flat=True)) == [
        records["request_young"]
    ]
    reports = dict(BarrierReport.objects.values_list("pk", "contact_email"))
    assert records["report_unconfirmed_old"] not in reports
    assert reports[records["report_unconfirmed_young"]] == "ewa@example.org"
    assert reports[records["report_young"]] == "ewa@example.org"
    assert reports[records["report_old"]].endswith(".invalid")
    assert Application.objects.get(pk=records["application_old"]).contact_email == ""
    assert Application.objects.get(pk=records["application_young"]).contact_email
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [records["task_young"]]
    assert list(Session.objects.values_list("pk", flat=True)) == [records["session_young"]]
    assert set(DataSubjectRequest.objects.values_list("pk", flat=True)) == {
        records["rights_unconfirmed_young"],
        records["rights_closed_young"],
    }
    assert all(result.count == 0 for result in apply_retention())


def test_the_command_prints_a_report_and_changes_nothing_in_a_dry_run(records, capsys):
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "newsletter_unconfirmed: 1" in out and "sessions: 1" in out
    assert Subscriber.objects.filter(pk=records["pending_old"]).exists()
    call_command("apply_retention")
    assert "newsletter_unconfirmed: 1" in capsys.readouterr().out
    assert not Subscriber.objects.filter(pk=records["pending_old"]).exists()
    call_command("apply_retention")
    again = capsys.readouterr().out
    assert "newsletter_unconfirmed: 0" in again and "sessions: 0" in again

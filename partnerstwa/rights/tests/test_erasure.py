"""Erasure leaves no trace: a person registered, attending, subscribed, applying and reporting
through the public forms is erased; a full dump of the database holds neither their e-mail nor
their name nor their phone, and every indicator is as it was."""

import datetime
import glob
import re
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.models import Attendance, Registration
from partnerstwa.activities.services import attendance_bulk_record
from partnerstwa.activities.tests.factories import event, register, register_through_the_form
from partnerstwa.advocacy.models import BarrierReport
from partnerstwa.advocacy.tests.factories import AreaOfLawFactory
from partnerstwa.contests.models import Application
from partnerstwa.contests.tests.factories import edition
from partnerstwa.indicators.computation import INDICATORS, compute
from partnerstwa.newsletter.models import Subscriber
from partnerstwa.newsletter.tests.factories import topic
from partnerstwa.registry.tests.factories import OrganisationFactory
from partnerstwa.rights.models import DataSubjectRequest, RequestStep
from partnerstwa.rights.tests.factories import ask, confirm

EMAIL = "Bozena.Zrodlowska@example.org"
FIRST, LAST, PHONE = "Bożena", "Źródłowska", "+48 602 111 222"


def _through_the_forms(client, capture):
    OrganisationFactory(name="Gmina Przykładowa")
    training = event()
    register_through_the_form(
        client,
        training,
        {
            "first_name": FIRST,
            "last_name": LAST,
            "email": EMAIL,
            "phone": PHONE,
            "organisation": "Gmina Przykładowa",
            "accessibility_needs": "Tłumacz PJM dla Bożeny",
            "language": "pl",
            "consent": "on",
        },
        capture,
    )
    registration = Registration.objects.get()
    session = training.sessions.first()
    attendance_bulk_record(rows=[(session.pk, registration.person_id, None)], method="check_in")
    with capture(execute=True):
        client.post(
            reverse("newsletter:signup"),
            {"email": EMAIL, "topics": [topic("events").pk], "language": "pl", "consent": "on"},
        )
    message = [m for m in mail.outbox if "/newsletter/potwierdz/" in m.body][-1]
    client.post(re.search(r"https?://[^/\s]+(/newsletter/potwierdz/\S+/)", message.body).group(1))
    contest = edition()
    with capture(execute=True):
        client.post(
            reverse("contests:apply", args=[contest.slug]),
            {
                "applicant_kind": "organisation",
                "organisation": "Gmina Przykładowa",
                "title": "Wspólny transport",
                "summary": "Gminy uruchomiły wspólną linię.",
                "contact_name": f"{FIRST} {LAST}",
                "contact_email": EMAIL,
                "language": "pl",
                f"q{contest.questions.get().pk}": "Szczegóły",
                "consent": "on",
            },
        )
    with capture(execute=True):
        client.post(
            reverse("advocacy:report"),
            {
                "reporter_kind": "organisation",
                "organisation": "Gmina Przykładowa",
                "title": "Gminy nie mogą wspólnie zamówić transportu",
                "description": "Porozumienie międzygminne nie wystarcza.",
                "area": AreaOfLawFactory().pk,
                "contact_name": f"{FIRST} {LAST}",
                "contact_email": EMAIL,
                "language": "pl",
                "consent": "on",
            },
        )
    assert Attendance.objects.count() == 1
    assert Subscriber.objects.get().status == "confirmed"
    assert Application.objects.count() == 1 and BarrierReport.objects.count() == 1


def _participation(kind: str) -> list[str]:
    codes = [
        indicator.code
        for indicator in INDICATORS
        if indicator.record_kind == "participation" and kind in indicator.event_kinds
    ]
    assert codes
    return codes


def _dump() -> str:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    assert connection.vendor == "postgresql"
    found = (
        shutil.which("pg_dump")
        or (sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump")) or [None])[-1]
    )
    assert found, "pg_dump is needed to check erasure on PostgreSQL"
    settings = connection.settings_dict
    return subprocess.run(
        [
            found,
            "--data-only",
            "-h",
            settings["HOST"] or "localhost",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"],
            settings["NAME"],
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _traces(dump: str) -> set[str]:
    lowered = dump.lower()
    return {
        value
        for value in (EMAIL, FIRST, LAST, PHONE, "Tłumacz PJM")
        if value.lower() in lowered
        # SQLite's dump writes non-ASCII text as is; JSON columns escape it.
        or value.encode("unicode_escape").decode().lower() in lowered
    }


def _erase_and_check(client, capture):
    _through_the_forms(client, capture)
    day = timezone.localdate() + datetime.timedelta(days=30)  # after the event
    before = compute(day, "ZMP")
    assert all(before[code] == 1 for code in _participation("training"))
    assert _traces(_dump()) == {EMAIL, FIRST, LAST, PHONE, "Tłumacz PJM"}
    ask(client, capture, email=EMAIL, kind="erasure")
    confirm(client, capture, email=EMAIL)
    subject_request = DataSubjectRequest.objects.get()
    client.force_login(get_user_model().objects.create_superuser("admin", password="h-a-1"))
    mail.outbox.clear()
    with capture(execute=True):
        client.post(
            reverse("rights:staff_erase", args=[subject_request.pk]),
            {"erase-outcome": "Usunęliśmy Państwa dane."},
        )
    [told] = mail.outbox
    assert told.to == [EMAIL] and "Usunęliśmy Państwa dane." in told.body
    client.logout()
    assert _traces(_dump()) == set()
    assert compute(day, "ZMP") == before
    assert Registration.objects.count() == Attendance.objects.count() == 1
    step = RequestStep.objects.get(action="erased")
    assert "activities.Registration: 1" in step.detail


# pg_dump reads what is committed, so on PostgreSQL (CI's `.ci/with-postgres`) the test commits;
# on SQLite the dump is read through the test's own connection, inside its transaction.
ON_POSTGRES = connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=ON_POSTGRES)
def test_an_erased_person_leaves_no_trace_in_a_full_dump_and_the_indicators_stay(
    client, django_capture_on_commit_callbacks
):
    if ON_POSTGRES:
        _seeded_again()
    _erase_and_check(client, django_capture_on_commit_callbacks)


def _seeded_again() -> None:
    """A committing test may follow another one that emptied the tables: the content types were
    made again under new keys and the newsletter's seeded topics and wording are gone."""
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    importlib.import_module("partnerstwa.newsletter.migrations.0002_seed").seed(apps, None)


@pytest.mark.django_db
def test_privacy_erase_prints_what_it_changed_and_what_is_kept(capsys):
    from partnerstwa.rights.tests.factories import EMAIL as KNOWN
    from partnerstwa.rights.tests.factories import person_everywhere

    person_everywhere()
    call_command("privacy_erase", KNOWN)
    out = capsys.readouterr().out
    assert "activities.Registration: 1" in out and "newsletter.Subscriber: 1" in out
    assert "2028-12-31" in out
    assert not Registration.objects.filter(email__iexact=KNOWN).exists()
    call_command("privacy_erase", KNOWN)
    assert "activities.Registration" not in capsys.readouterr().out.split("task results")[0]


@pytest.mark.django_db
def test_two_erased_people_of_one_organisation_are_still_counted_as_two():
    office = OrganisationFactory()
    training = event()
    session = training.sessions.first()
    people = [register(training, number, organisation=office).person_id for number in (1, 2)]
    attendance_bulk_record(rows=[(session.pk, pk, office.pk) for pk in people], method="import")
    day = timezone.localdate() + datetime.timedelta(days=30)
    before = compute(day, "ZMP")
    assert all(before[code] == 2 for code in _participation("training"))
    for number in (1, 2):
        call_command("privacy_erase", f"anna.nowak{number}@example.org")
    assert compute(day, "ZMP") == before


@pytest.mark.django_db
def test_erasure_clears_task_results_and_sessions_that_name_the_person():
    import uuid

    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    from partnerstwa.rights.services import erase

    now = timezone.now()
    _naming, other = (
        DBTaskResult.objects.create(
            id=uuid.uuid4(),
            status="SUCCESSFUL",
            args_kwargs={"args": [address], "kwargs": {}},
            task_path="x.y",
            backend_name="default",
            run_after=now,
            finished_at=now,
        )
        for address in (EMAIL, "ktos.inny@example.org")
    )
    session = SessionStore()
    session["typed"] = {"email": EMAIL.upper()}
    session.create()
    kept_session = SessionStore()
    kept_session["typed"] = {"email": "ktos.inny@example.org"}
    kept_session.create()
    result = erase(EMAIL)
    assert (result.task_results, result.sessions) == (1, 1)
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [other.pk]
    assert list(Session.objects.values_list("pk", flat=True)) == [kept_session.session_key]

"""Review of issue 9, finding 3, the contest's part: the public application form must not flood
a stranger's mailbox. A receipt goes to an address at most once an hour per edition (the same
throttle as event registration); the receipt's one-line values are made one line by the same
helper as the activities e-mails."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from partnerstwa.activities.models import MailThrottle
from partnerstwa.activities.templatetags.activities import oneline
from partnerstwa.contests import tasks
from partnerstwa.contests.models import Application
from partnerstwa.contests.services import application_submit
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.lib.text import one_line
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def submit(contest, email: str, capture) -> Application:
    with capture(execute=True):
        return application_submit(
            edition_id=contest.pk,
            organisation=OrganisationFactory(),
            title="Wspólne zakupy energii",
            contact_name="Anna Nowak",
            contact_email=email,
            answers={contest.questions.get().pk: "Opis praktyki"},
        )


def test_an_address_gets_at_most_one_receipt_an_hour_per_edition(
    django_capture_on_commit_callbacks,
):
    first, second = edition(), edition()
    for contest in (first, first, first, second, second):
        submit(contest, "Ofiara@Example.org ", django_capture_on_commit_callbacks)
        submit(contest, "anna@example.org", django_capture_on_commit_callbacks)

    assert Application.objects.count() == 10  # every application is taken, mailed or not
    assert sorted(message.to[0] for message in mail.outbox) == [
        "Ofiara@Example.org",
        "Ofiara@Example.org",
        "anna@example.org",
        "anna@example.org",
    ]

    MailThrottle.objects.update(mailed_at=timezone.now() - datetime.timedelta(minutes=61))
    submit(first, "ofiara@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 5


def test_the_receipt_and_the_activities_mails_make_one_line_alike():
    contest = edition(name="Konkurs")
    entry = application(contest, status="submitted")
    # Saved before the bounds held (PostgreSQL stores no NUL, so the stored text has none).
    stored = "Anna\x07 Nowak\u2028P.S.\x85 przelew"
    typed = "Anna\x00" + stored[4:]
    Application.objects.filter(pk=entry.pk).update(title=stored)

    tasks.send_application_receipt.call(entry.pk)

    (message,) = mail.outbox
    assert one_line(typed) == oneline(typed) == "Anna Nowak P.S. przelew"
    assert "Anna Nowak P.S. przelew" in message.body
    assert "\x00" not in message.body and "\x07" not in message.body

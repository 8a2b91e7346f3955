"""Finding 9 of issue 9, the contest's part: the value bounds of lib.bounds hold on the contest's
models (and so in the admin), its forms and its services; e-mails never carry a line break typed
into a single-line value."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partnerstwa.contests import tasks
from partnerstwa.contests.models import (
    Answer,
    Application,
    Attachment,
    Category,
    ConflictDeclaration,
    ContestEdition,
    Criterion,
    Question,
    Score,
)
from partnerstwa.contests.services import (
    application_set_status,
    application_submit,
    declaration_make,
    score_save,
)
from partnerstwa.contests.tests.factories import application, edition, juror, staff
from partnerstwa.lib.bounds import LONG_TEXT_MAX
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
LONG = "x" * (LONG_TEXT_MAX + 1)


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (ContestEdition, "name", "Konkurs\r\nBcc: ktos@example.org"),
        (ContestEdition, "decided_where", "Warszawa\n"),
        (ContestEdition, "rules", LONG),
        (ContestEdition, "rules", "Regulamin\x00"),
        (ContestEdition, "decided_on", TOMORROW),
        (ContestEdition, "decided_on", datetime.date(1, 1, 1)),
        (ContestEdition, "sources", "https://example.org\njavascript:alert(1)"),
        (
            ContestEdition,
            "applications_open_at",
            datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC),
        ),
        (ContestEdition, "applications_close_at", datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)),
        (Category, "name", "Kategoria\t1"),
        (Criterion, "name", "Kryterium\n"),
        (Question, "text", "Pytanie\r"),
        (Application, "title", "Praktyka\r\nP.S. kliknij tu"),
        (Application, "summary", LONG),
        (Application, "contact_name", "Anna\r\nBcc: ktos@example.org"),
        (Application, "contact_email", "anna@example.org\nBcc: ktos@example.org"),
        (Application, "ineligibility_reason", "Powód\x07"),
        (Answer, "text", LONG),
        (Attachment, "title", "opis\n.pdf"),
        (ConflictDeclaration, "reason", "\x1b[31m"),
        (Score, "comment", LONG),
    ],
)
def test_finding_9_contest_fields_refuse_values_out_of_bounds(model, field, value):
    with pytest.raises(ValidationError):
        model._meta.get_field(field).clean(value, None)


def test_finding_9_the_edition_admin_refuses_a_future_decision_and_a_javascript_source(
    admin_client,
):
    contest = edition(status="published")
    data = {
        "name_pl": contest.name,
        "slug": contest.slug,
        "year": "2026",
        "rules_pl": "",
        "decided_on": TOMORROW.isoformat(),
        "decided_where_pl": "",
        "tie_break": "top_criterion",
        "sources": "javascript:alert(1)",
    }
    for prefix in ("categories", "criteria", "questions", "jury"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    response = admin_client.post(
        reverse("admin:contests_contestedition_change", args=[contest.pk]), data
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"decided_on", "sources"}
    contest.refresh_from_db()
    assert contest.decided_on is None and contest.sources == ""


def apply_data(contest, **fields) -> dict:
    question = contest.questions.get()
    data = {
        "applicant_kind": "organisation",
        "organisation": OrganisationFactory().name,
        "title": "Wspólny transport",
        "summary": "Opis",
        "contact_name": "Anna Nowak",
        "contact_email": "anna@example.org",
        "language": "pl",
        f"q{question.pk}": "Szczegóły",
        "consent": "on",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    "fields",
    [
        {"contact_name": "Anna\r\nBcc: ktos@example.org"},
        {"title": "Praktyka\nP.S. kliknij http://zly.example"},
        {"summary": "Opis\x00"},
        {"answer": "Odpowiedź\x1b"},
    ],
)
def test_finding_9_the_application_form_refuses_control_characters_and_writes_nothing(
    client, fields, django_capture_on_commit_callbacks
):
    contest = edition()
    if "answer" in fields:
        fields = {f"q{contest.questions.get().pk}": fields["answer"]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contests:apply", args=[contest.slug]), apply_data(contest, **fields)
        )
    assert response.status_code == 400
    assert not Application.objects.exists() and not Answer.objects.exists()
    assert mail.outbox == []


def test_finding_9_the_services_hold_the_bounds_whoever_calls_them():
    contest = edition()
    question = contest.questions.get()
    base = {
        "edition_id": contest.pk,
        "organisation": OrganisationFactory(),
        "title": "Praktyka",
        "contact_name": "Anna Nowak",
        "contact_email": "anna@example.org",
        "answers": {question.pk: "Odpowiedź"},
    }
    for bad in (
        {"contact_name": "Anna\nBcc: ktos@example.org"},
        {"answers": {question.pk: LONG}},
        {"answers": {question.pk: "Odpowiedź\x00"}},
    ):
        with pytest.raises(ValidationError):
            application_submit(**{**base, **bad})
    assert not Application.objects.exists() and not Answer.objects.exists()

    contest.status = "scoring"
    contest.save()
    entry = application(contest)
    judge = juror(contest)
    with pytest.raises(ValidationError):
        declaration_make(juror=judge, application=entry, has_conflict=True, reason=LONG)
    assert not ConflictDeclaration.objects.exists()
    declaration_make(juror=judge, application=entry, has_conflict=False)
    first, second = contest.criteria.order_by("order")
    with pytest.raises(ValidationError):
        score_save(
            juror=judge,
            application=entry,
            points={first.pk: 5, second.pk: 5},
            comments={first.pk: "Uwaga\x07"},
        )
    assert not Score.objects.exists()

    contest.status = "closed"
    contest.save()
    submitted = application(contest, status="submitted")
    with pytest.raises(ValidationError):
        application_set_status(
            application=submitted, status="ineligible", reason="Powód\x00", by=staff()
        )
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_finding_9_the_receipt_never_carries_a_line_break_from_a_single_line_value():
    """A historic record (loaded before the bounds) with a line break in the contact name and the
    title: the e-mail puts the title on its one line, and the name nowhere (no vocative)."""
    contest = edition(name="Konkurs")
    entry = application(contest, status="submitted")
    Application.objects.filter(pk=entry.pk).update(
        contact_name="Anna\r\nP.S. Proszę o przelew", title="Praktyka\nWażne: kliknij"
    )
    tasks.send_application_receipt.call(entry.pk)
    (message,) = mail.outbox
    assert "\r" not in message.body
    assert not any(line.startswith(("P.S.", "Ważne:")) for line in message.body.splitlines()), (
        message.body
    )
    assert "Praktyka Ważne: kliknij" in message.body
    assert "Anna" not in message.body and "Proszę o przelew" not in message.body
    assert "\n" not in message.subject and "\r" not in message.subject


def test_finding_9_a_file_name_with_a_line_break_is_refused_on_the_attachment_field():
    contest = edition()
    question = contest.questions.get()
    upload = SimpleUploadedFile("opis\r\nBcc.pdf", b"%PDF-1.4\n% opis\n")
    with pytest.raises(ValidationError) as error:
        application_submit(
            edition_id=contest.pk,
            organisation=OrganisationFactory(),
            title="Praktyka",
            contact_name="Anna Nowak",
            contact_email="anna@example.org",
            answers={question.pk: "Odpowiedź"},
            attachments=[(upload.name, upload)],
        )
    assert set(error.value.message_dict) == {"attachment"}
    assert not Application.objects.exists() and not Attachment.objects.exists()

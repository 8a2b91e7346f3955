"""Issue 9's acceptance property for the contest (findings 1, 5 and 9): random text, numbers, dates
and files sent to every contest form — the application and its edit link, the jury's declaration
and scores, the results page's status and step forms, the edition's admin form — never give a
500 or an unhandled exception, and a rejected input changes no row."""

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerstwa.contests.links import EDIT_LINK, edit_token
from partnerstwa.contests.models import (
    Answer,
    Application,
    Attachment,
    Category,
    ConflictDeclaration,
    ContestEdition,
    Score,
)
from partnerstwa.contests.tests.factories import application, edition, juror, staff
from partnerstwa.lib.bounds import EARLIEST_DAY, latest_day, today
from partnerstwa.lib.tests.hostile import DAY, FAST, NUMBER, TEXT, UPLOAD
from partnerstwa.lib.tests.links import expired
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


# Text as people and attackers type it: anything, line breaks and control characters, the
# oversized, the almost valid.


def snapshot(*models) -> list:
    """Every row of the models, field by field: what a rejected input must leave as it was."""
    return [list(model.objects.order_by("pk").values()) for model in models]


def succeeded(response) -> bool:
    return any(
        message.level == constants.SUCCESS for message in get_messages(response.wsgi_request)
    )


@pytest.fixture
def call(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REGISTRATION_RATE = "100000/h"  # the limit is tested elsewhere; here every input
    contest = edition()
    Category.objects.create(edition=contest, name="Partnerstwa")
    OrganisationFactory(name="Gmina Przykładowa")
    return contest


@FAST
@given(
    kind=st.one_of(st.sampled_from(["organisation", "partnership"]), TEXT),
    organisation=st.one_of(st.just("Gmina Przykładowa"), TEXT),
    partnership=NUMBER,
    category=st.one_of(st.none(), NUMBER),
    title=TEXT,
    summary=TEXT,
    contact_name=TEXT,
    contact_email=st.one_of(st.just("anna@example.org"), st.emails().map(str), TEXT),
    language=st.one_of(st.sampled_from(["pl", "en"]), TEXT),
    answer=TEXT,
    consent=st.sampled_from(["on", "", None]),
    upload=UPLOAD,
)
def test_random_applications_never_fail_and_a_refused_one_writes_nothing(
    client,
    call,
    kind,
    organisation,
    partnership,
    category,
    title,
    summary,
    contact_name,
    contact_email,
    language,
    answer,
    consent,
    upload,
):
    if category is None:
        category = str(call.categories.get().pk)
    data = {
        "applicant_kind": kind,
        "organisation": organisation,
        "partnership": partnership,
        "category": category,
        "title": title,
        "summary": summary,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "language": language,
        f"q{call.questions.get().pk}": answer,
    }
    if consent is not None:
        data["consent"] = consent
    if upload is not None:
        data["attachment"] = upload
    before = snapshot(Application, Answer, Attachment)
    response = client.post(reverse("contests:apply", args=[call.slug]), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert snapshot(Application, Answer, Attachment) == before
    else:
        assert Application.objects.count() == len(before[0]) + 1


@FAST
@given(
    title=TEXT,
    summary=TEXT,
    contact_name=TEXT,
    contact_email=st.one_of(st.just("anna@example.org"), TEXT),
    category=NUMBER,
    answer=TEXT,
    token=st.one_of(
        st.sampled_from(["fresh", "expired"]),
        TEXT.filter(lambda text: "/" not in text and text.strip()),
    ),
)
def test_random_edits_never_fail_and_a_refused_one_changes_nothing(
    client, call, title, summary, contact_name, contact_email, category, answer, token
):
    entry = Application.objects.filter(edition=call).first() or application(
        call, status="submitted"
    )
    if token == "fresh":
        token = edit_token(entry)
    elif token == "expired":
        token = expired(EDIT_LINK, entry.pk)
    url = reverse("contests:application_edit", args=[token])
    data = {
        "title": title,
        "summary": summary,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "category": category,
        "language": "pl",
        f"q{call.questions.get().pk}": answer,
    }
    before = snapshot(Application, Answer)
    response = client.post(url, data)
    assert response.status_code in (200, 302, 400, 404, 410)  # 400: a NUL in the address
    if response.status_code != 302:
        assert snapshot(Application, Answer) == before


@pytest.fixture
def jury():
    contest = edition(status="scoring")
    entry = application(contest, status="finalist")
    return contest, entry, juror(contest, chair=True)


@FAST
@given(
    declare=st.booleans(),
    has_conflict=st.one_of(st.sampled_from(["yes", "no"]), TEXT),
    reason=TEXT,
    points=st.lists(NUMBER, min_size=2, max_size=2),
    comments=st.lists(TEXT, min_size=2, max_size=2),
)
def test_random_declarations_and_scores_never_fail_and_a_refused_one_changes_nothing(
    client, jury, declare, has_conflict, reason, points, comments
):
    contest, entry, judge = jury
    client.force_login(judge.user)
    url = reverse("contests:jury_application", args=[contest.slug, entry.pk])
    if declare:
        data = {"declare": "1", "has_conflict": has_conflict, "reason": reason}
    else:
        data = {"score": "1"}
        for criterion, point, comment in zip(
            contest.criteria.order_by("order"), points, comments, strict=True
        ):
            data[f"c{criterion.pk}"] = point
            data[f"comment{criterion.pk}"] = comment
    before = snapshot(ConflictDeclaration, Score)
    response = client.post(url, data)
    assert response.status_code in (200, 302, 404)  # 404 once the juror declared a conflict
    if response.status_code != 302:
        assert snapshot(ConflictDeclaration, Score) == before


@FAST
@given(
    status=st.one_of(
        st.sampled_from(["eligible", "ineligible", "finalist", "laureate", "none"]), TEXT
    ),
    reason=TEXT,
    step=st.one_of(st.sampled_from(["open", "closed", "scoring", "decided", "published"]), TEXT),
    edition_status=st.sampled_from(["closed", "scoring", "decided"]),
    as_chair=st.booleans(),
)
def test_random_status_changes_and_steps_never_fail_and_a_refused_one_changes_nothing(
    client, jury, status, reason, step, edition_status, as_chair
):
    contest, entry, judge = jury
    ContestEdition.objects.filter(pk=contest.pk).update(status=edition_status)
    client.force_login(judge.user if as_chair else staff())
    before = snapshot(Application, ContestEdition)
    response = client.post(
        reverse("contests:application_status", args=[contest.slug, entry.pk]),
        {"status": status, "reason": reason},
    )
    assert response.status_code == 302
    if not succeeded(response):
        assert snapshot(Application, ContestEdition) == before
    before = snapshot(Application, ContestEdition)
    response = client.post(reverse("contests:advance", args=[contest.slug]), {"to": step})
    assert response.status_code in (302, 404)  # 404: the chair takes no step
    if not succeeded(response):
        assert snapshot(Application, ContestEdition) == before


@settings(FAST, max_examples=20)
@given(
    name=TEXT,
    year=NUMBER,
    decided_on=DAY,
    opens=DAY,
    closes=DAY,
    time_of_day=st.one_of(st.times().map(lambda moment: moment.strftime("%H:%M")), TEXT),
    sources=st.one_of(TEXT, st.just("https://example.org/a\nhttp://example.org/b")),
    rules=TEXT,
)
def test_random_edition_admin_input_never_fails_and_what_is_saved_is_within_bounds(
    admin_client, name, year, decided_on, opens, closes, time_of_day, sources, rules
):
    contest = ContestEdition.objects.filter(slug="wlasciwosci").first() or edition(
        slug="wlasciwosci", status="published"
    )
    data = {
        "name": name,
        "slug": contest.slug,
        "year": year,
        "rules": rules,
        "applications_open_at_0": opens,
        "applications_open_at_1": time_of_day,
        "applications_close_at_0": closes,
        "applications_close_at_1": time_of_day,
        "decided_on": decided_on,
        "decided_where": "",
        "tie_break": "top_criterion",
        "sources": sources,
    }
    for prefix in ("categories", "criteria", "questions", "jury"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    before = snapshot(ContestEdition)
    response = admin_client.post(
        reverse("admin:contests_contestedition_change", args=[contest.pk]), data
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert snapshot(ContestEdition) == before
    else:
        contest.refresh_from_db()
        assert contest.decided_on is None or EARLIEST_DAY <= contest.decided_on <= today()
        for moment in (contest.applications_open_at, contest.applications_close_at):
            assert moment is None or EARLIEST_DAY <= moment.date() <= latest_day()

import io

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerstwa.contests.links import edit_token
from partnerstwa.contests.models import Application, Attachment, ConflictDeclaration, Score
from partnerstwa.contests.selectors import conflicted_ids
from partnerstwa.contests.services import declaration_make, score_save
from partnerstwa.contests.tests.factories import application, edition, juror, staff
from partnerstwa.partnerships.models import PartnershipMember
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.registry.models import Affiliation
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_public_pages_show_laureates_only_once_results_are_published(client):
    contest = edition(status="decided")
    winner = application(
        contest, title="Wspólne centrum usług", status="laureate", summary="Opis praktyki"
    )
    url = reverse("contests:edition", args=[contest.slug])
    assert "Wspólne centrum usług" not in client.get(url).content.decode()
    contest.status = "published"
    contest.save()
    content = client.get(url).content.decode()
    assert "Wspólne centrum usług" in content and "Opis praktyki" in content
    assert winner.organisation.name in client.get(reverse("contests:index")).content.decode()
    assert "jan@example.org" not in content and "Jan Kowalski" not in content


def test_a_draft_edition_is_not_public(client):
    contest = edition(status="draft")
    assert client.get(reverse("contests:edition", args=[contest.slug])).status_code == 404


def test_applying_through_the_form_and_changing_it_with_the_link(
    client, django_capture_on_commit_callbacks
):
    contest = edition()
    organisation = OrganisationFactory(name="Gmina Przykładowa")
    question = contest.questions.get()
    data = {
        "applicant_kind": "organisation",
        "organisation": "gmina przykładowa",
        "title": "Wspólny transport",
        "summary": "Gminy uruchomiły wspólną linię autobusową.",
        "contact_name": "Anna Nowak",
        "contact_email": "anna@example.org",
        "language": "pl",
        f"q{question.pk}": "Szczegóły",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contests:apply", args=[contest.slug]), data)
    assert response.status_code == 302
    entry = Application.objects.get()
    assert entry.organisation == organisation and entry.answers.get().text == "Szczegóły"
    assert len(mail.outbox) == 1
    edit_url = reverse("contests:application_edit", args=[edit_token(entry)])
    client.post(edit_url, {**data, "title": "Wspólny transport publiczny"})
    entry.refresh_from_db()
    assert entry.title == "Wspólny transport publiczny"
    assert client.get(reverse("contests:application_edit", args=["zly"])).status_code == 404

    contest.status = "closed"
    contest.save()
    response = client.post(edit_url, {**data, "title": "Po terminie"})
    assert response.status_code == 200
    assert "Nabór jest zamknięty" in response.content.decode()
    entry.refresh_from_db()
    assert entry.title == "Wspólny transport publiczny"


def test_an_organisation_outside_the_registry_is_refused(client):
    contest = edition()
    response = client.post(
        reverse("contests:apply", args=[contest.slug]),
        {
            "applicant_kind": "organisation",
            "organisation": "Nieznana",
            "title": "x",
            "consent": "on",
        },
    )
    assert response.status_code == 400 and not Application.objects.exists()


def test_the_form_is_closed_outside_the_window(client):
    contest = edition(status="closed")
    assert client.get(reverse("contests:apply", args=[contest.slug])).status_code == 403


@pytest.fixture
def scoring():
    contest = edition(status="scoring")
    office = OrganisationFactory()
    own = application(contest, organisation=office, title="Własna")
    other = application(contest, title="Cudza")
    affiliated = juror(contest, organisations=[office])
    neutral = juror(contest)
    chair = juror(contest, chair=True)
    return {
        "contest": contest,
        "own": own,
        "other": other,
        "affiliated": affiliated,
        "neutral": neutral,
        "chair": chair,
    }


def test_a_juror_cannot_open_a_conflicted_application(client, scoring):
    client.force_login(scoring["affiliated"].user)
    contest = scoring["contest"]
    listing = client.get(reverse("contests:jury", args=[contest.slug]))
    assert [a.title for a in listing.context["applications"]] == ["Cudza"]
    own = reverse("contests:jury_application", args=[contest.slug, scoring["own"].pk])
    assert client.get(own).status_code == 404
    assert client.post(own, {"declare": "1", "has_conflict": "no"}).status_code == 404


def test_jurors_download_the_attachments_of_applications_they_may_see(client, scoring):
    contest = scoring["contest"]
    pdf = SimpleUploadedFile("opis.pdf", b"%PDF-1.4\n% opis praktyki\n")
    other = Attachment.objects.create(application=scoring["other"], title="Opis", file=pdf)
    own = Attachment.objects.create(
        application=scoring["own"],
        title="Własny opis",
        file=SimpleUploadedFile("w.pdf", b"%PDF-1.4\n"),
    )
    client.force_login(scoring["neutral"].user)
    page = client.get(
        reverse("contests:jury_application", args=[contest.slug, scoring["other"].pk])
    )
    url = reverse("contests:jury_attachment", args=[contest.slug, scoring["other"].pk, other.pk])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Another application's attachment under this application's address: not found.
    wrong = reverse("contests:jury_attachment", args=[contest.slug, scoring["other"].pk, own.pk])
    assert client.get(wrong).status_code == 404

    client.force_login(scoring["affiliated"].user)
    conflicted = reverse("contests:jury_attachment", args=[contest.slug, scoring["own"].pk, own.pk])
    assert client.get(conflicted).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_a_juror_sees_no_one_elses_scores_until_scoring_closes(client, scoring):
    contest, other = scoring["contest"], scoring["other"]
    first, second = contest.criteria.order_by("order")
    declaration_make(juror=scoring["neutral"], application=other, has_conflict=False)
    score_save(
        juror=scoring["neutral"],
        application=other,
        points={first.pk: 9, second.pk: 9},
        comments={first.pk: "Tajna uwaga"},
    )
    client.force_login(scoring["chair"].user)
    url = reverse("contests:jury_application", args=[contest.slug, other.pk])
    assert "Tajna uwaga" not in client.get(url).content.decode()
    contest.status = "decided"
    contest.save()
    assert "Tajna uwaga" in client.get(url).content.decode()


def test_scoring_over_http_after_declaring(client, scoring):
    contest, other = scoring["contest"], scoring["other"]
    first, second = contest.criteria.order_by("order")
    client.force_login(scoring["neutral"].user)
    url = reverse("contests:jury_application", args=[contest.slug, other.pk])
    client.post(url, {"declare": "1", "has_conflict": "no"})
    response = client.post(url, {"score": "1", f"c{first.pk}": "8", f"c{second.pk}": "12"})
    assert response.status_code == 200  # 12 is over the maximum of 10
    assert (
        client.post(url, {"score": "1", f"c{first.pk}": "8", f"c{second.pk}": "7"}).status_code
        == 302
    )
    assert other.scores.count() == 2


def test_results_belong_to_staff_and_the_chair(client, admin_client, scoring):
    contest = scoring["contest"]
    url = reverse("contests:results", args=[contest.slug])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(scoring["neutral"].user)
    assert client.get(url).status_code == 404
    assert (
        client.post(reverse("contests:advance", args=[contest.slug]), {"to": "decided"}).status_code
        == 404
    )
    client.force_login(scoring["chair"].user)
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("contests:results_xlsx", args=[contest.slug])).status_code == 404
    )  # staff only
    assert admin_client.get(url).status_code == 200


def test_the_chair_gives_awards_but_not_eligibility(client, scoring):
    contest = scoring["contest"]
    client.force_login(scoring["chair"].user)
    url = reverse("contests:application_status", args=[contest.slug, scoring["other"].pk])
    client.post(url, {"status": "finalist"})
    scoring["other"].refresh_from_db()
    assert scoring["other"].status == "eligible"
    scoring["other"].status = "finalist"
    scoring["other"].save()
    contest.status = "decided"
    contest.save()
    client.post(url, {"status": "laureate"})
    scoring["other"].refresh_from_db()
    assert scoring["other"].status == "laureate"


def test_the_ranking_export_holds_every_score(admin_client, scoring):
    contest, other = scoring["contest"], scoring["other"]
    first, second = contest.criteria.order_by("order")
    declaration_make(juror=scoring["neutral"], application=other, has_conflict=False)
    score_save(
        juror=scoring["neutral"], application=other, points={first.pk: 9, second.pk: 3}, comments={}
    )
    response = admin_client.get(reverse("contests:results_xlsx", args=[contest.slug]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    ranking_rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    score_rows = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert ranking_rows[1][0] == 1 and ranking_rows[1][2] == "Cudza" and ranking_rows[1][6] == 21
    assert len(score_rows) == 3 and {row[5] for row in score_rows[1:]} == {9, 3}


def score_everything(contest):
    """Every juror of the edition declares no conflict and scores every finalist, except where
    a conflict is found (their own organisation's or its partnership's application)."""
    criteria = list(contest.criteria.all())
    declarations, scores = [], []
    for seat in contest.jury.all():
        conflicted = conflicted_ids(seat)
        for entry in contest.applications.filter(status="finalist"):
            if entry.pk in conflicted or seat.declarations.filter(application=entry).exists():
                continue
            declarations.append(
                ConflictDeclaration(juror=seat, application=entry, has_conflict=False)
            )
            scores += [
                Score(juror=seat, application=entry, criterion=criterion, points=7)
                for criterion in criteria
            ]
    ConflictDeclaration.objects.bulk_create(declarations)
    Score.objects.bulk_create(scores)


def add_applications(contest, count):
    for _ in range(count):
        application(contest, status="finalist")
        application(contest, status="ineligible", ineligibility_reason="Po terminie")


def add_jurors(contest, count, *, conflicted_on):
    """`count` more jurors who score every finalist, three of whom turn out to be conflicted
    afterwards, one in each way a conflict is found: declared, affiliated with the applicant of
    `conflicted_on`, and affiliated with a member of an applicant partnership."""
    member = OrganisationFactory()
    partnership = PartnershipFactory()
    PartnershipMember.objects.create(partnership=partnership, organisation=member)
    application(contest, organisation=None, partnership=partnership, status="finalist")
    declared, affiliated, of_partnership, *_ = [juror(contest) for _ in range(count)]
    score_everything(contest)
    ConflictDeclaration.objects.filter(juror=declared, application=conflicted_on).update(
        has_conflict=True, reason="Mój brat"
    )
    Affiliation.objects.create(person=affiliated.person, organisation=conflicted_on.organisation)
    Affiliation.objects.create(person=of_partnership.person, organisation=member)
    return declared, affiliated


@pytest.mark.parametrize("page", ["results", "jury_application", "results_xlsx"])
def test_contest_page_queries_do_not_grow_with_jurors_or_applications(
    client, django_assert_num_queries, page
):
    """The results page (a chair with a conflict: two, then thirteen applications of theirs to
    see), a juror's application page with the others' scores, the staff's export: what the
    conflicts leave out is found in SQL, not juror by juror."""
    contest = edition(status="scoring")
    office = OrganisationFactory()
    chair = juror(contest, organisations=[office], chair=True)
    application(contest, organisation=office, status="finalist")  # hidden from the chair
    opened = application(contest, status="finalist")
    application(contest, status="ineligible", ineligibility_reason="Po terminie")
    score_everything(contest)
    contest.status = "decided"
    contest.save()
    if page == "jury_application":
        client.force_login(chair.user)
        url = reverse("contests:jury_application", args=[contest.slug, opened.pk])
    else:
        client.force_login(chair.user if page == "results" else staff())
        url = reverse(f"contests:{page}", args=[contest.slug])
    assert client.get(url).status_code == 200  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    contest.status = "scoring"
    contest.save()
    add_applications(contest, 5)
    declared, affiliated = add_jurors(contest, 8, conflicted_on=opened)
    contest.status = "decided"
    contest.save()
    assert contest.jury.count() == 9
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    if page == "results":
        assert len(response.context["ranked"]) == 7 and len(response.context["others"]) == 6
    elif page == "jury_application":
        shown = {score.juror for score in response.context["others"]}
        assert shown == set(contest.jury.exclude(pk__in=[chair.pk, declared.pk, affiliated.pk]))
    else:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")

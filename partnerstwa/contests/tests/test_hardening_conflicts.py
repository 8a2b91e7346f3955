"""Finding 1 of issue 9: a conflict of interest holds on every page and service that touches an
application (results, ranking, awards, edition steps, exports, the admin), not only on the
jury pages."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partnerstwa.contests.models import Application
from partnerstwa.contests.selectors import edition_scores, ranking
from partnerstwa.contests.services import (
    application_set_status,
    declaration_make,
    edition_advance,
    score_save,
)
from partnerstwa.contests.tests.factories import application, edition, juror, staff
from partnerstwa.registry.models import Affiliation
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def give(judge, entry, innovation, durability):
    first, second = entry.edition.criteria.order_by("order")
    declaration_make(juror=judge, application=entry, has_conflict=False)
    score_save(
        juror=judge,
        application=entry,
        points={first.pk: innovation, second.pk: durability},
        comments={first.pk: f"Uwaga o {entry.title}"},
    )


@pytest.fixture
def conflicted_chair():
    """A chair affiliated with the applicant of "Własna"; a neutral juror scored both."""
    contest = edition(status="scoring")
    office = OrganisationFactory(name="Urząd Gminy Konfliktowo")
    own = application(contest, organisation=office, title="Własna", status="finalist")
    other = application(contest, title="Cudza", status="finalist")
    chair = juror(contest, organisations=[office], chair=True)
    neutral = juror(contest)
    give(neutral, own, 9, 9)  # 27
    give(neutral, other, 5, 5)  # 15
    return {"contest": contest, "own": own, "other": other, "chair": chair}


def results_url(contest):
    return reverse("contests:results", args=[contest.slug])


def test_finding_1_the_results_page_hides_a_conflicted_application_from_the_chair(
    client, conflicted_chair
):
    contest = conflicted_chair["contest"]
    client.force_login(conflicted_chair["chair"].user)
    for status in ("scoring", "decided"):
        contest.status = status
        contest.save()
        content = client.get(results_url(contest)).content.decode()
        assert "Cudza" in content
        assert "Własna" not in content and "Urząd Gminy Konfliktowo" not in content


def test_finding_1_ranks_shown_to_a_conflicted_chair_count_only_what_they_may_see(
    client, conflicted_chair
):
    contest = conflicted_chair["contest"]
    contest.status = "decided"
    contest.save()
    client.force_login(conflicted_chair["chair"].user)
    ranked = client.get(results_url(contest)).context["ranked"]
    # "Własna" (27 points) is first in truth; a gap at rank 1 would give it away.
    assert [(row.application.title, row.rank) for row in ranked] == [("Cudza", 1)]


def test_finding_1_a_declared_conflict_hides_the_application_from_the_chair_too(client):
    contest = edition(status="decided")
    entry = application(contest, title="Zadeklarowana", status="finalist")
    chair = juror(contest, chair=True)
    declaration_make(juror=chair, application=entry, has_conflict=True, reason="Mój brat")
    client.force_login(chair.user)
    assert "Zadeklarowana" not in client.get(results_url(contest)).content.decode()


def test_finding_1_the_chair_sees_no_scores_while_the_jury_is_scoring(client, conflicted_chair):
    contest = conflicted_chair["contest"]
    client.force_login(conflicted_chair["chair"].user)
    response = client.get(results_url(contest))
    assert response.status_code == 200
    assert all(row.mean is None and row.jurors == 0 for row in response.context["ranked"])
    assert "15,00" not in response.content.decode()  # "Cudza"'s weighted mean


def test_finding_1_a_conflicted_chair_cannot_award_the_application(client, conflicted_chair):
    contest, own = conflicted_chair["contest"], conflicted_chair["own"]
    contest.status = "decided"
    contest.save()
    client.force_login(conflicted_chair["chair"].user)
    url = reverse("contests:application_status", args=[contest.slug, own.pk])
    assert client.post(url, {"status": "laureate"}).status_code == 404
    own.refresh_from_db()
    assert own.status == "finalist"
    # The service holds the rule too, whoever calls it.
    with pytest.raises(Application.DoesNotExist):
        application_set_status(
            application=own, status="laureate", by=conflicted_chair["chair"].user
        )
    own.refresh_from_db()
    assert own.status == "finalist"


def test_finding_1_the_chair_still_awards_the_applications_without_a_conflict(
    client, conflicted_chair
):
    contest, other = conflicted_chair["contest"], conflicted_chair["other"]
    contest.status = "decided"
    contest.save()
    client.force_login(conflicted_chair["chair"].user)
    url = reverse("contests:application_status", args=[contest.slug, other.pk])
    assert client.post(url, {"status": "laureate"}).status_code == 302
    other.refresh_from_db()
    assert other.status == "laureate"


@pytest.mark.parametrize("conflicted", [True, False])
def test_finding_1_only_staff_close_scoring_never_the_chair(client, conflicted):
    contest = edition(status="scoring")
    office = OrganisationFactory()
    application(contest, organisation=office)
    chair = juror(contest, organisations=[office] if conflicted else [], chair=True)
    client.force_login(chair.user)
    response = client.post(reverse("contests:advance", args=[contest.slug]), {"to": "decided"})
    assert response.status_code == 404
    contest.refresh_from_db()
    assert contest.status == "scoring"
    assert "Move on to" not in client.get(results_url(contest)).content.decode()
    with pytest.raises(PermissionDenied):
        edition_advance(edition=contest, to="decided", by=chair.user)

    client.force_login(staff())
    client.post(reverse("contests:advance", args=[contest.slug]), {"to": "decided"})
    contest.refresh_from_db()
    assert contest.status == "decided"


def test_finding_1_staff_with_a_conflicted_jury_seat_neither_see_nor_decide_the_application(
    client, conflicted_chair
):
    """Staff status does not lift a conflict: the rules follow the person's seat."""
    contest, own = conflicted_chair["contest"], conflicted_chair["own"]
    office = own.organisation
    officer = staff()
    juror(contest, organisations=[office], user=officer)
    client.force_login(officer)
    content = client.get(results_url(contest)).content.decode()
    assert "Cudza" in content and "Własna" not in content
    # The export holds neither its ranking row nor its scores.
    response = client.get(reverse("contests:results_xlsx", args=[contest.slug]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    }
    assert "Cudza" in cells and "Własna" not in cells and "Uwaga o Własna" not in cells
    # Closing scoring decides on every application, so they may not take that step either.
    response = client.post(reverse("contests:advance", args=[contest.slug]), {"to": "decided"})
    assert response.status_code == 404
    contest.refresh_from_db()
    assert contest.status == "scoring"
    with pytest.raises(Application.DoesNotExist):
        application_set_status(application=own, status="laureate", by=officer)


def test_finding_1_the_admin_hides_conflicted_applications_and_their_scores(
    client, conflicted_chair
):
    contest, own = conflicted_chair["contest"], conflicted_chair["own"]
    officer = staff()
    officer.user_permissions.add(
        *officer.user_permissions.model.objects.filter(
            content_type__app_label="contests", codename__startswith="view_"
        )
    )
    juror(contest, organisations=[own.organisation], user=officer)
    client.force_login(officer)
    listing = client.get(reverse("admin:contests_application_changelist")).content.decode()
    assert "Cudza" in listing and "Własna" not in listing
    change = reverse("admin:contests_application_change", args=[own.pk])
    assert client.get(change).status_code in (302, 404)
    scores = client.get(reverse("admin:contests_score_changelist")).content.decode()
    assert "Cudza" in scores and "Własna" not in scores


def test_finding_1_a_jurors_scores_stop_counting_once_a_conflict_with_the_application_is_found():
    """A juror scored, then turned out to work for the applicant (an affiliation recorded later):
    their scores no longer count in the ranking nor appear among the export's scores."""
    contest = edition(status="scoring")
    office = OrganisationFactory()
    entry = application(contest, organisation=office, status="finalist")
    honest, late = juror(contest), juror(contest)
    give(honest, entry, 5, 5)  # 15
    give(late, entry, 10, 10)  # 30
    assert ranking(contest)[0].mean == Decimal("22.5")
    Affiliation.objects.create(person=late.person, organisation=office)
    (row,) = ranking(contest)
    assert (row.jurors, row.mean) == (1, Decimal("15"))
    assert {score.juror_id for score in edition_scores(contest)} == {honest.pk}

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.forms import inlineformset_factory
from django.utils import timezone

from partnerstwa.contests.admin import JuryFormSet
from partnerstwa.contests.models import (
    Application,
    ConflictDeclaration,
    ContestEdition,
    JuryMember,
    Score,
)
from partnerstwa.contests.selectors import (
    automatically_conflicted,
    conflicted_ids,
    counted_scores,
    ranking,
)
from partnerstwa.contests.services import (
    application_set_status,
    application_submit,
    declaration_make,
    edition_advance,
    score_save,
)
from partnerstwa.contests.tests.factories import application, edition, juror, staff
from partnerstwa.partnerships.services import member_add
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.registry.models import Affiliation
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_edition_moves_one_step_at_a_time():
    contest = edition(status="draft")
    officer = staff()
    with pytest.raises(ValidationError):
        edition_advance(edition=contest, to="closed", by=officer)
    for step in ["open", "closed", "scoring", "decided"]:
        contest = edition_advance(edition=contest, to=step, by=officer)
    assert contest.decided_on == timezone.localdate()
    with pytest.raises(ValidationError):
        edition_advance(edition=contest, to="scoring", by=officer)  # never back
    with pytest.raises(ValidationError) as error:
        edition_advance(edition=contest, to="published", by=officer)
    assert "laureata" in str(error.value)


def submit(contest, **fields):
    question = contest.questions.get()
    data = {
        "edition_id": contest.pk,
        "organisation": OrganisationFactory(),
        "title": "Wspólne zakupy energii",
        "contact_name": "Anna Nowak",
        "contact_email": "anna@example.org",
        "answers": {question.pk: "Opis praktyki"},
    }
    data.update(fields)
    return application_submit(**data)


def test_applications_are_taken_only_in_the_window(django_capture_on_commit_callbacks):
    contest = edition()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(contest)
    assert submitted.status == "submitted"
    assert (
        mail.outbox[0].to == ["anna@example.org"] and "/konkurs/zgloszenie/" in mail.outbox[0].body
    )
    late = edition(applications_close_at=timezone.now() - datetime.timedelta(minutes=1))
    early = edition(applications_open_at=timezone.now() + datetime.timedelta(days=1))
    closed = edition(status="closed")
    for refused in (late, early, closed):
        with pytest.raises(ValidationError):
            submit(refused)
    assert Application.objects.count() == 1


def test_an_application_needs_one_applicant_and_the_required_answers():
    contest = edition()
    with pytest.raises(ValidationError):
        submit(contest, organisation=None)
    with pytest.raises(ValidationError):
        submit(contest, partnership=PartnershipFactory())  # both an organisation and a partnership
    with pytest.raises(ValidationError) as error:
        submit(contest, answers={})
    assert "answers" in error.value.message_dict
    assert not Application.objects.exists()


def test_application_statuses_cannot_skip_steps():
    contest = edition(status="closed")
    officer = staff()
    entry = application(contest, status="submitted")
    with pytest.raises(ValidationError):
        application_set_status(application=entry, status="finalist", by=officer)
    with pytest.raises(ValidationError):
        application_set_status(application=entry, status="ineligible", by=officer)  # needs a reason
    application_set_status(application=entry, status="eligible", by=officer)
    application_set_status(application=entry, status="finalist", by=officer)
    with pytest.raises(ValidationError):
        application_set_status(
            application=entry, status="laureate", by=officer
        )  # not before scoring is over
    contest.status = "decided"
    contest.save()
    application_set_status(application=entry, status="laureate", by=officer)
    contest.status = "published"
    contest.save()
    with pytest.raises(ValidationError):
        application_set_status(
            application=entry, status="distinction", by=officer
        )  # frozen once published


def test_a_juror_is_excluded_from_their_organisations_and_its_partnerships_applications():
    contest = edition(status="scoring")
    office = OrganisationFactory(name="Urząd Miasta")
    partnership = PartnershipFactory()
    member_add(partnership=partnership, organisation=office)
    own = application(contest, organisation=office)
    of_partnership = application(contest, organisation=None, partnership=partnership)
    other = application(contest)
    judge = juror(contest, organisations=[office])
    assert set(automatically_conflicted(judge)) == {own, of_partnership}
    for excluded in (own, of_partnership):
        with pytest.raises(Application.DoesNotExist):
            declaration_make(juror=judge, application=excluded, has_conflict=False)
    declaration_make(juror=judge, application=other, has_conflict=False)


def test_only_the_jurors_own_affiliation_in_force_today_counts():
    contest = edition(status="scoring")
    office = OrganisationFactory(name="Urząd Gminy")
    entry = application(contest, organisation=office)
    judge = juror(contest)
    next_year = timezone.localdate() + datetime.timedelta(days=365)
    Affiliation.objects.create(person=judge.person, organisation=office, started_on=next_year)
    # Someone else's affiliation with the same organisation, in force for years, must not
    # stand in for the juror's own, which has not begun yet.
    Affiliation.objects.create(
        person=PersonFactory(), organisation=office, started_on=datetime.date(2000, 1, 1)
    )
    assert entry not in automatically_conflicted(judge)


def test_the_counted_scores_leave_out_exactly_the_jurors_conflicts_found_after_scoring():
    """counted_scores() finds the conflicts in one query: the same rule as for a juror's pages —
    an affiliation in force today with the applicant, or with a member of the applicant
    partnership; an ended or future affiliation, or someone else's, leaves the scores in."""
    contest = edition(status="scoring")
    office, member = OrganisationFactory(), OrganisationFactory()
    partnership = PartnershipFactory()
    member_add(partnership=partnership, organisation=member)
    own = application(contest, organisation=office)
    of_partnership = application(contest, organisation=None, partnership=partnership)
    unrelated = application(contest)
    now, ended, future, of_member, neighbour = (juror(contest) for _ in range(5))
    first, second = contest.criteria.order_by("order")
    for judge in (now, ended, future, of_member, neighbour):
        for entry in (own, of_partnership, unrelated):
            declaration_make(juror=judge, application=entry, has_conflict=False)
            score_save(
                juror=judge, application=entry, points={first.pk: 5, second.pk: 5}, comments={}
            )
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    Affiliation.objects.create(person=now.person, organisation=office, started_on=today)
    Affiliation.objects.create(person=ended.person, organisation=office, ended_on=today - day)
    Affiliation.objects.create(person=future.person, organisation=office, started_on=today + day)
    Affiliation.objects.create(person=of_member.person, organisation=member)
    Affiliation.objects.create(person=PersonFactory(), organisation=office)
    everything = {
        (judge.pk, entry.pk)
        for judge in (now, ended, future, of_member, neighbour)
        for entry in (own, of_partnership, unrelated)
    }
    counted = set(counted_scores(contest).values_list("juror", "application"))
    assert counted == everything - {(now.pk, own.pk), (of_member.pk, of_partnership.pk)}


def test_a_declared_conflict_excludes_the_application_and_needs_a_reason():
    contest = edition(status="scoring")
    entry = application(contest)
    judge = juror(contest)
    with pytest.raises(ValidationError):
        declaration_make(juror=judge, application=entry, has_conflict=True)
    declaration_make(
        juror=judge, application=entry, has_conflict=True, reason="Mój brat jest wójtem"
    )
    assert entry.pk in conflicted_ids(judge)
    with pytest.raises(Application.DoesNotExist):
        score_save(juror=judge, application=entry, points={}, comments={})
    with pytest.raises(ValidationError):
        declaration_make(juror=judge, application=entry, has_conflict=False)  # one declaration
    assert ConflictDeclaration.objects.count() == 1


def test_scoring_needs_a_declaration_the_scoring_phase_and_points_in_range():
    contest = edition(status="scoring")
    entry = application(contest)
    judge = juror(contest)
    first, second = contest.criteria.order_by("order")
    with pytest.raises(ValidationError):
        score_save(juror=judge, application=entry, points={first.pk: 5, second.pk: 5}, comments={})
    declaration_make(juror=judge, application=entry, has_conflict=False)
    with pytest.raises(ValidationError):
        score_save(juror=judge, application=entry, points={first.pk: 11, second.pk: 5}, comments={})
    score_save(
        juror=judge,
        application=entry,
        points={first.pk: 7, second.pk: 5},
        comments={first.pk: "Dobre"},
    )
    assert Score.objects.count() == 2
    contest.status = "decided"
    contest.save()
    with pytest.raises(ValidationError):
        score_save(juror=judge, application=entry, points={first.pk: 1, second.pk: 1}, comments={})


def give(judge, entry, innovation, durability):
    first, second = entry.edition.criteria.order_by("order")
    declaration_make(juror=judge, application=entry, has_conflict=False)
    score_save(
        juror=judge,
        application=entry,
        points={first.pk: innovation, second.pk: durability},
        comments={},
    )


def test_the_result_is_the_weighted_mean_over_the_jurors_who_scored():
    contest = edition(status="scoring")
    entry = application(contest)
    first_judge, second_judge, lazy_judge = (juror(contest) for _ in range(3))
    give(first_judge, entry, 8, 6)  # 8*2 + 6*1 = 22
    give(second_judge, entry, 5, 9)  # 5*2 + 9*1 = 19
    declaration_make(juror=lazy_judge, application=entry, has_conflict=False)
    Score.objects.create(
        juror=lazy_judge, application=entry, criterion=contest.criteria.first(), points=1
    )
    (row,) = ranking(contest)
    assert row.jurors == 2  # an incomplete scorecard does not count
    assert row.mean == Decimal("20.5")
    assert round(row.percent, 2) == Decimal("68.33")  # of 30 possible


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("top_criterion", ["Innowacyjna", "Trwała"]), ("earlier", ["Trwała", "Innowacyjna"])],
)
def test_ties_are_broken_by_the_editions_rule(rule, expected):
    contest = edition(status="scoring", tie_break=rule)
    durable = application(
        contest, title="Trwała", submitted_at=timezone.now() - datetime.timedelta(days=2)
    )
    innovative = application(contest, title="Innowacyjna", submitted_at=timezone.now())
    judge = juror(contest)
    give(judge, durable, 6, 8)  # 20
    give(judge, innovative, 7, 6)  # 20
    rows = ranking(contest)
    assert [row.application.title for row in rows] == expected
    assert [row.rank for row in rows] == [1, 2] and not any(row.tied for row in rows)


def test_under_the_chairs_rule_tied_applications_share_a_place():
    contest = edition(status="scoring", tie_break="chair")
    entries = [application(contest, title=title) for title in ("A", "B", "C")]
    judge = juror(contest)
    give(judge, entries[0], 6, 8)
    give(judge, entries[1], 7, 6)
    give(judge, entries[2], 9, 9)
    rows = ranking(contest)
    assert [(row.application.title, row.rank, row.tied) for row in rows] == [
        ("C", 1, False),
        ("A", 2, True),
        ("B", 2, True),
    ]


def test_a_jurors_seat_holding_declarations_or_scores_cannot_be_deleted_an_unused_one_can():
    """The outside review: a staff juror able to edit the edition could delete their own seat,
    and with it their scores and the conflict it revealed."""
    contest = edition(status="scoring")
    judge, entry = juror(contest), application(contest)
    first, second = contest.criteria.order_by("order")
    declaration_make(juror=judge, application=entry, has_conflict=False)
    score_save(juror=judge, application=entry, points={first.pk: 5, second.pk: 4}, comments={})
    with pytest.raises(RestrictedError):
        judge.delete()
    assert Score.objects.filter(juror=judge).count() == 2
    assert ConflictDeclaration.objects.filter(juror=judge).exists()
    unused = juror(contest)
    unused.delete()
    assert not type(unused).objects.filter(pk=unused.pk).exists()


def test_the_edition_admin_refuses_to_delete_a_seat_that_holds_scores_instead_of_failing():
    contest = edition(status="scoring")
    judge, entry = juror(contest), application(contest)
    first, second = contest.criteria.order_by("order")
    declaration_make(juror=judge, application=entry, has_conflict=False)
    score_save(juror=judge, application=entry, points={first.pk: 5, second.pk: 4}, comments={})
    JuryForms = inlineformset_factory(
        ContestEdition, JuryMember, formset=JuryFormSet, fields=["user", "person"], extra=0
    )
    data = {
        "jury-TOTAL_FORMS": "1",
        "jury-INITIAL_FORMS": "1",
        "jury-0-id": str(judge.pk),
        "jury-0-edition": str(contest.pk),
        "jury-0-user": str(judge.user_id),
        "jury-0-person": str(judge.person_id),
        "jury-0-DELETE": "on",
    }
    forms = JuryForms(data, instance=contest, prefix="jury")
    assert not forms.is_valid()
    assert "Nie można usunąć miejsca w jury" in " ".join(forms.non_form_errors())
    assert JuryMember.objects.filter(pk=judge.pk).exists()

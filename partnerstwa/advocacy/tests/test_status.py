import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerstwa.advocacy import services
from partnerstwa.advocacy.models import BarrierStatus as S
from partnerstwa.advocacy.models import StatusChange
from partnerstwa.advocacy.tests.factories import barrier, staff_user

PATH = [S.UNDER_ANALYSIS, S.RECOMMENDATION_DRAFTED, S.SUBMITTED, S.ANSWERED, S.RESOLVED]


def test_a_new_barrier_starts_reported_with_one_attributed_history_row(db):
    user = staff_user()
    created = barrier(by=user)
    [first] = created.changes.all()
    assert (created.status, first.from_status, first.to_status, first.changed_by) == (
        S.REPORTED,
        "",
        S.REPORTED,
        user,
    )


def test_each_step_along_the_path_is_a_dated_attributed_row_without_a_reason(db):
    user = staff_user()
    created = barrier()
    for status in PATH:
        services.barrier_set_status(barrier=created, status=status, by=user)
    changes = list(created.changes.order_by("changed_at", "pk"))
    assert [(c.from_status, c.to_status) for c in changes[1:]] == list(
        zip([S.REPORTED, *PATH[:-1]], PATH, strict=True)
    )
    assert all(c.changed_by == user and c.changed_at for c in changes[1:])
    created.refresh_from_db()
    assert created.status == S.RESOLVED


@pytest.mark.parametrize(
    "steps,target",
    [
        ([], S.SUBMITTED),  # a skip
        ([S.UNDER_ANALYSIS, S.RECOMMENDATION_DRAFTED], S.UNDER_ANALYSIS),  # a step back
        ([], S.NOT_TAKEN_UP),  # an outcome before any answer
        (
            [S.UNDER_ANALYSIS, S.RECOMMENDATION_DRAFTED, S.SUBMITTED, S.ANSWERED, S.RESOLVED],
            S.ANSWERED,
        ),
    ],
)
def test_a_skip_or_a_step_back_is_refused_without_a_reason_and_writes_nothing(db, steps, target):
    created = barrier()
    for status in steps:
        services.barrier_set_status(barrier=created, status=status)
    rows = StatusChange.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.barrier_set_status(barrier=created, status=target)
    assert refused.value.error_dict["reason"][0].code == "reason_needed"
    assert StatusChange.objects.count() == rows
    created.refresh_from_db()
    assert created.status == (steps[-1] if steps else S.REPORTED)


def test_a_skip_with_a_reason_is_taken_and_the_reason_kept(db):
    created = barrier()
    change = services.barrier_set_status(
        barrier=created, status=S.NOT_TAKEN_UP, reason="Ustawodawca zmienił przepis sam."
    )
    assert change.reason == "Ustawodawca zmienił przepis sam."
    created.refresh_from_db()
    assert created.status == S.NOT_TAKEN_UP


def test_the_same_status_again_is_refused_even_with_a_reason(db):
    created = barrier()
    with pytest.raises(ValidationError) as refused:
        services.barrier_set_status(barrier=created, status=S.REPORTED, reason="Jeszcze raz")
    assert refused.value.code == "same_status"


def test_the_database_refuses_a_skipped_step_without_a_reason(db):
    created = barrier()
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(barrier=created, from_status=S.REPORTED, to_status=S.ANSWERED)


def test_sending_and_answering_a_recommendation_move_the_barriers_waiting_for_them(db):
    import datetime

    from partnerstwa.advocacy.tests.factories import recommendation

    user = staff_user()
    waiting = barrier()
    for status in (S.UNDER_ANALYSIS, S.RECOMMENDATION_DRAFTED):
        services.barrier_set_status(barrier=waiting, status=status)
    early = barrier(title="Inna bariera")
    sent = recommendation([waiting, early], sent_on=datetime.date(2016, 3, 3), by=user)
    waiting.refresh_from_db()
    early.refresh_from_db()
    assert (waiting.status, early.status) == (S.SUBMITTED, S.REPORTED)
    services.recommendation_record_reply(
        recommendation=sent, text="Przeanalizujemy.", replied_on=datetime.date(2016, 4, 1), by=user
    )
    waiting.refresh_from_db()
    assert waiting.status == S.ANSWERED
    assert waiting.changes.last().changed_by == user

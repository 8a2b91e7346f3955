import datetime

import pytest

from partnerstwa.advocacy.selectors import overdue_recommendations
from partnerstwa.advocacy.tests.factories import barrier, recommendation
from partnerstwa.advocacy.workdays import easter_sunday, public_holidays, reply_due

D = datetime.date


@pytest.mark.parametrize(
    "year,easter",
    [(2016, D(2016, 3, 27)), (2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5))],
)
def test_easter_is_computed_for_the_gregorian_calendar(year, easter):
    assert easter_sunday(year) == easter


def test_polish_holidays_of_2026_include_the_movable_ones_and_christmas_eve():
    days = public_holidays(2026)
    assert D(2026, 4, 6) in days  # Easter Monday
    assert D(2026, 6, 4) in days  # Corpus Christi: Easter + 60
    assert D(2026, 12, 24) in days  # from 2025
    assert D(2026, 1, 6) in days
    assert D(2016, 12, 24) not in public_holidays(2016)
    assert len(days) == 14


def test_a_reply_due_on_a_weekday_stays_thirty_days_after_sending():
    # 1 June 2026 (Monday) + 30 = 1 July 2026, a Wednesday.
    assert reply_due(D(2026, 6, 1)) == D(2026, 7, 1)


def test_a_reply_due_on_a_saturday_moves_to_monday():
    # 3 March 2016 + 30 = 2 April 2016, a Saturday -> Monday 4 April.
    assert reply_due(D(2016, 3, 3)) == D(2016, 4, 4)


def test_a_reply_due_on_a_sunday_before_easter_monday_moves_to_tuesday():
    # 6 March 2026 + 30 = 5 April 2026, Easter Sunday; Monday 6 April is Easter Monday.
    assert reply_due(D(2026, 3, 6)) == D(2026, 4, 7)


def test_a_reply_due_on_christmas_eve_2026_moves_past_christmas_and_the_weekend():
    # 24 November 2026 + 30 = 24 December (Thursday, holiday from 2025); 25-26 holidays,
    # 27 Sunday -> Monday 28 December.
    assert reply_due(D(2026, 11, 24)) == D(2026, 12, 28)


def test_a_reply_due_on_the_eleventh_of_november_moves_to_the_next_working_day():
    # 12 October 2016 + 30 = 11 November 2016 (Friday, Independence Day) -> Monday 14th.
    assert reply_due(D(2016, 10, 12)) == D(2016, 11, 14)


def test_overdue_counts_from_the_moved_due_day_not_the_thirtieth(db):
    sent = recommendation([barrier()], sent_on=D(2016, 3, 3))
    assert sent.reply_due == D(2016, 4, 4)
    assert list(overdue_recommendations(D(2016, 4, 4))) == []  # due that day: not yet late
    assert list(overdue_recommendations(D(2016, 4, 5))) == [sent]


def test_an_answered_or_unsent_recommendation_is_never_overdue(db):
    from partnerstwa.advocacy import services

    answered = recommendation([barrier()], sent_on=D(2016, 3, 3))
    services.recommendation_record_reply(
        recommendation=answered, text="Odpowiedź", replied_on=D(2016, 5, 10)
    )
    recommendation([barrier()])
    assert list(overdue_recommendations(D(2026, 1, 1))) == []

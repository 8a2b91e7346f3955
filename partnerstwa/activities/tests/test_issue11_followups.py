"""Issue 11: the standard evaluation questions in both languages; a registration deadline typed
as a bare date means the end of that day."""

import datetime

import pytest
from django.utils import timezone, translation

from partnerstwa.activities.tests.factories import event
from partnerstwa.lib.dates import local_datetime

pytestmark = pytest.mark.django_db


def test_standard_evaluation_questions_are_written_in_polish_and_english():
    questions = list(event().questions.order_by("order"))
    assert questions[0].text_pl == "Jak ogólnie oceniasz wydarzenie?"
    assert questions[0].text_en == "How do you rate the event overall?"
    with translation.override("en"):
        assert questions[0].text == "How do you rate the event overall?"


def test_registration_deadline_typed_at_midnight_closes_at_the_end_of_that_day():
    day = datetime.date(2030, 3, 12)
    meeting = event()
    meeting.registration_closes_at = local_datetime(day)
    meeting.full_clean()
    closes = timezone.localtime(meeting.registration_closes_at)
    assert (closes.date(), closes.hour, closes.minute) == (day, 23, 59)


def test_registration_deadline_at_a_chosen_hour_is_kept():
    meeting = event()
    noon = local_datetime(datetime.date(2030, 3, 12), datetime.time(12))
    meeting.registration_closes_at = noon
    meeting.full_clean()
    assert meeting.registration_closes_at == noon

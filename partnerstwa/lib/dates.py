"""Dates given as days (in files, in reports) turned into moments of the programme's time zone."""

import datetime

from django.utils import timezone


def local_datetime(
    day: datetime.date, time: datetime.time = datetime.time.min
) -> datetime.datetime:
    """The moment `time` on `day` in the project's time zone (TIME_ZONE, Europe/Warsaw)."""
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())

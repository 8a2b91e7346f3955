"""Dates given as days (in files, in reports) turned into moments of the programme's time zone."""

import datetime

from django.utils import timezone


def local_datetime(
    day: datetime.date, time: datetime.time = datetime.time.min
) -> datetime.datetime:
    """The moment `time` on `day` in the project's time zone (TIME_ZONE, Europe/Warsaw)."""
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def end_of_day_if_midnight(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A deadline typed as a bare date reaches us as midnight, which would close it a day early
    and read "do 30 czerwca, godz. 00:00": it means the end of that day, 23:59 local."""
    if moment is None:
        return None
    local = timezone.localtime(moment)
    if local.time() == datetime.time.min:
        return local.replace(hour=23, minute=59, second=59)
    return moment

"""Dates given as days (in files, in reports) turned into moments of the programme's time zone."""

import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format


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


def days_text(first: datetime.date, last: datetime.date) -> str:
    """Days from `first` to `last` as Polish writes them, the shared parts said once:
    "3 marca 2016", "3–5 marca 2016", "27 lipca – 31 października 2016",
    "30 grudnia 2016 – 2 stycznia 2017" (month names in the genitive, Django's "E")."""
    if last <= first:
        return date_format(first, "j E Y")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{date_format(last, 'j E Y')}"
    if first.year == last.year:
        return f"{date_format(first, 'j E')} – {date_format(last, 'j E Y')}"
    return f"{date_format(first, 'j E Y')} – {date_format(last, 'j E Y')}"

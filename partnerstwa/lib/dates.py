"""Dates given as days (in files, in reports) turned into moments of the programme's time zone."""

import datetime
import functools

from django.utils import formats, timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language


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


def long_date(day: datetime.date) -> str:
    """date_format(day, "j E Y") — "6 maja 2014", "6 May 2014" — from the language's month
    names made once (tested equal for every month in both languages): Django's date formatting
    costs some 25 µs a date, and a list shows one or two a row. A moment is written as its own
    date: give it in local time, as templates do (expects_localtime)."""
    return f"{day.day} {_months_alt(get_language())[day.month - 1]} {day.year}"


def short_date(day: datetime.date) -> str:
    """date_format(day, "SHORT_DATE_FORMAT") — "06-05-2014", "05/06/2014" — from the language's
    format turned once into a str.format pattern (tested equal in both languages): Django's
    date formatting costs some 25 µs a date. A format with other characters than day, month
    and year numbers is left to Django."""
    pattern = _short_pattern(get_language())
    if pattern is None:
        return formats.date_format(day, "SHORT_DATE_FORMAT")
    return pattern.format(day=day.day, month=day.month, year=day.year)


# Django's date format characters a day's short form may use, as str.format fields.
_NUMBERS = {
    "d": "{day:02d}",
    "j": "{day}",
    "m": "{month:02d}",
    "n": "{month}",
    "Y": "{year:04d}",
}


@functools.lru_cache(maxsize=8)
def _short_pattern(language: str | None) -> str | None:
    written = formats.get_format("SHORT_DATE_FORMAT", lang=language)
    pattern = []
    escaped = False
    for character in written:
        if escaped:
            pattern.append(character.replace("{", "{{").replace("}", "}}"))
            escaped = False
        elif character == "\\":
            escaped = True
        elif character in _NUMBERS:
            pattern.append(_NUMBERS[character])
        elif character.isalpha():
            return None
        else:
            pattern.append(character.replace("{", "{{").replace("}", "}}"))
    return "".join(pattern)


@functools.lru_cache(maxsize=8)
def _months_alt(language: str | None) -> tuple[str, ...]:
    """The months' names as Django's "E" writes them (the genitive in Polish)."""
    from django.utils.dates import MONTHS_ALT

    return tuple(str(MONTHS_ALT[number]) for number in range(1, 13))


def days_text(first: datetime.date, last: datetime.date) -> str:
    """Days from `first` to `last` as Polish writes them, the shared parts said once:
    "3 marca 2016", "3–5 marca 2016", "27 lipca – 31 października 2016",
    "30 grudnia 2016 – 2 stycznia 2017" (month names in the genitive, Django's "E")."""
    if last <= first:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{long_date(last)}"
    if first.year == last.year:
        return f"{date_format(first, 'j E')} – {long_date(last)}"
    return f"{long_date(first)} – {long_date(last)}"

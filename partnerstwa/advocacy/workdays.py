"""Working days as the Code of Administrative Procedure counts them (KPA art. 57 § 4): a term
ending on a Saturday, a Sunday or a public holiday ends on the next day that is none of these.

Public holidays are those of the act on days off work (ustawa z dnia 18 stycznia 1951 r. o dniach
wolnych od pracy, Dz.U. 2025 poz. 296): fixed days, two that move with Easter (Easter Monday,
Corpus Christi; Easter and Pentecost fall on Sundays anyway), Epiphany from 2011 and Christmas
Eve from 2025.
"""

import datetime
from functools import cache

# A reply is due this many days after the recommendation went out unless staff set another day.
REPLY_DAYS = 30


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter (the anonymous Meeus/Jones/Butcher computation)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[datetime.date]:
    easter = easter_sunday(year)
    days = {
        datetime.date(year, 1, 1),
        easter,
        easter + datetime.timedelta(days=1),  # Easter Monday
        datetime.date(year, 5, 1),
        datetime.date(year, 5, 3),
        easter + datetime.timedelta(days=49),  # Pentecost
        easter + datetime.timedelta(days=60),  # Corpus Christi
        datetime.date(year, 8, 15),
        datetime.date(year, 11, 1),
        datetime.date(year, 11, 11),
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
    }
    if year >= 2011:
        days.add(datetime.date(year, 1, 6))
    if year >= 2025:
        days.add(datetime.date(year, 12, 24))
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def reply_due(sent_on: datetime.date, days: int = REPLY_DAYS) -> datetime.date:
    """The day a reply is due: `days` after sending, moved past a Saturday, Sunday or holiday."""
    return next_working_day(sent_on + datetime.timedelta(days=days))

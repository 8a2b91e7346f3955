"""The datasets published for the national open-data portal (dane.gov.pl): each declared once,
with its columns, rows and the apps it is made from (its modified date is theirs). Files are CSV
and XLSX; the catalogue (DCAT-AP PL, JSON-LD) lists them for harvesting.

Columns are named as the API's fields are (stable, in English); made-up records are marked in
the last column (lib.illustrative), as in every export."""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace

import tablib
from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerstwa.api import selectors
from partnerstwa.api.http import _changed_at
from partnerstwa.contests.models import AWARDS, Application
from partnerstwa.indicators.selectors import default_day
from partnerstwa.lib import illustrative
from partnerstwa.partnerships.models import Partnership, PartnershipMember
from partnerstwa.programme.selectors import programme_current


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: object  # lazy: read in each language
    description: object
    keywords: tuple[str, ...]
    scopes: tuple[str, ...]
    columns: tuple[str, ...]
    rows: Callable[[], Iterator[dict]]

    def modified(self) -> datetime.datetime:
        changes = _changed_at()
        moments = [changes[scope] for scope in self.scopes if scope in changes]
        return max(moments, default=datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC))

    def table(self) -> tablib.Dataset:
        data = tablib.Dataset(headers=[*self.columns, str(illustrative.COLUMN)])
        for row in self.rows():
            marked = SimpleNamespace(is_illustrative=row.get(illustrative.JSON_FIELD, False))
            data.append(
                [_plain(row.get(column)) for column in self.columns] + [illustrative.cell(marked)]
            )
        return data


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


def _all(rows, shape=None) -> Iterator[dict]:
    # Large tables (national scale) in chunks: memory does not grow with them.
    rows = rows.order_by("id") if hasattr(rows, "order_by") else rows
    for chunk_start in range(0, 10**9, 2000):
        chunk = list(rows[chunk_start : chunk_start + 2000])
        if not chunk:
            return
        yield from shape(chunk) if shape else chunk


def _partnerships() -> Iterator[dict]:
    rows = Partnership.objects.annotate(
        current_members=Count("members", filter=Q(members__left_on__isnull=True))
    )
    return _all(rows.values(*selectors.PARTNERSHIP_FIELDS, "current_members"))


def _members() -> Iterator[dict]:
    rows = PartnershipMember.objects.values(
        "id",
        "role",
        "joined_on",
        "left_on",
        partnership_id_=F("partnership_id"),
        organisation_id_=F("organisation_id"),
        organisation_name=F("organisation__name"),
        organisation_kind=F("organisation__kind"),
        territorial_unit=F("organisation__territorial_unit__code"),
        is_illustrative=F("partnership__is_illustrative"),
    )
    return _all(
        rows, selectors.renaming(partnership="partnership_id_", organisation="organisation_id_")
    )


def _awards() -> Iterator[dict]:
    rows = Application.objects.filter(edition__status="published", status__in=AWARDS).values(
        "id",
        "title",
        "summary",
        "is_illustrative",
        award=F("status"),
        edition_ref=F("edition_id"),
        edition_year=F("edition__year"),
        edition_name_pl=F("edition__name_pl"),
        organisation_ref=F("organisation_id"),
        organisation_name=F("organisation__name"),
        partnership_ref=F("partnership_id"),
        partnership_name=F("partnership__name"),
    )
    return _all(
        rows,
        selectors.renaming(
            edition="edition_ref", organisation="organisation_ref", partnership="partnership_ref"
        ),
    )


def _indicators() -> Iterator[dict]:
    day = default_day(timezone.localdate(), programme_current())
    figures = selectors.indicators(day)
    for item in figures["items"]:
        yield {
            **item,
            "as_of": figures["as_of"],
            illustrative.JSON_FIELD: figures["includes_illustrative"],
        }


DATASETS = [
    Dataset(
        "partnerstwa",
        _("Partnerships of local governments"),
        _("Every partnership of the programme: its kind of area, status and dates."),
        ("partnerstwa", "samorząd", "współpraca"),
        ("partnerships",),
        (*selectors.PARTNERSHIP_FIELDS[:-1], "current_members"),
        _partnerships,
    ),
    Dataset(
        "czlonkowie-partnerstw",
        _("Members of partnerships"),
        _("Which organisations belong, or belonged, to which partnership, and in what role."),
        ("partnerstwa", "samorząd"),
        ("partnerships", "registry"),
        (
            "id",
            "partnership",
            "organisation",
            "organisation_name",
            "organisation_kind",
            "territorial_unit",
            "role",
            "joined_on",
            "left_on",
        ),
        _members,
    ),
    Dataset(
        "projekty",
        _("Projects of partnerships"),
        _("Projects with their funding programme, values in PLN, dates and status."),
        ("projekty", "dofinansowanie"),
        ("partnerships",),
        (
            "id",
            "partnership",
            "title_pl",
            "title_en",
            "reference",
            "funding_programme_pl",
            "total_value",
            "grant",
            "own_contribution",
            "starts_on",
            "ends_on",
            "status",
        ),
        lambda: _all(selectors.projects(), selectors.project_rows),
    ),
    Dataset(
        "wydarzenia",
        _("Events"),
        _("Trainings, workshops, conferences and study visits of the programme."),
        ("wydarzenia", "szkolenia", "konferencje"),
        ("activities", "registry"),
        (
            "id",
            "kind",
            "status",
            "title_pl",
            "title_en",
            "starts_at",
            "ends_at",
            "venue_name_pl",
            "venue_unit",
            "destination_country",
            "destination_city",
            "audience",
            "capacity",
        ),
        lambda: _all(selectors.events(), selectors.event_rows),
    ),
    Dataset(
        "wyniki-konkursu",
        _("Contest results"),
        _("Awards of the contest editions whose results are published."),
        ("konkurs", "dobre praktyki"),
        ("contests", "registry", "partnerships"),
        (
            "id",
            "edition",
            "edition_year",
            "edition_name_pl",
            "award",
            "title",
            "summary",
            "organisation",
            "organisation_name",
            "partnership",
            "partnership_name",
        ),
        _awards,
    ),
    Dataset(
        "wskazniki",
        _("Indicators of the programme"),
        _("Every indicator as of today (or the programme's last day), with its target."),
        ("wskaźniki", "rezultaty"),
        ("indicators", "registry", "partnerships", "activities", "contests"),
        ("code", "as_of", "unit", "name_pl", "name_en", "value", "baseline", "target"),
        _indicators,
    ),
    Dataset(
        "bariery-prawne",
        _("Legal barriers"),
        _("Legal barriers to cooperation reported by local governments, and their status."),
        ("prawo", "bariery", "rzecznictwo"),
        ("advocacy",),
        ("id", "title_pl", "title_en", "status", "reported_on", "area"),
        lambda: (
            {**row, "area": row["area"]["slug"]}
            for row in _all(selectors.barriers(), selectors.barrier_rows)
        ),
    ),
]

BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
FORMATS = ("csv", "xlsx")


def licence() -> str:
    return settings.OPEN_DATA_LICENCE

"""The programme data package: its tables read row by row and checked a batch at a time.

A folder of CSV files, or one XLSX workbook whose sheets carry the same names:
organisations, memberships, partnerships, partnership_members, projects, events, attendance,
contest_editions. CSV: a header row, `,` or `;` (detected), UTF-8 with or without BOM. Dates
ISO (YYYY-MM-DD); amounts in PLN with `.` or `,` before the grosze and optional spaces between
thousands. A file or sheet that is absent stands for no rows.
"""

import datetime
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from partnerstwa.lib import bounds, tabular
from partnerstwa.lib.errors import FileRowError
from partnerstwa.registry.models import LOCAL_GOVERNMENT_LEVELS, Association, TerritorialUnit
from partnerstwa.registry.validators import validate_nip, validate_regon

COLUMNS = {
    "organisations": ["key", "name", "kind", "teryt", "nip", "regon"],
    "memberships": ["organisation_key", "association", "joined_on", "left_on"],
    "partnerships": ["key", "name", "formed_on"],
    "partnership_members": ["partnership_key", "organisation_key", "role", "joined_on"],
    "projects": [
        "key",
        "partnership_key",
        "title",
        "funding_programme",
        "total_value_pln",
        "grant_pln",
        "starts_on",
        "ends_on",
    ],
    "events": ["key", "kind", "title", "starts_on", "ends_on", "city", "country"],
    "attendance": ["event_key", "first_name", "last_name", "email", "organisation_key"],
    "contest_editions": ["key", "name", "decided_on"],
}
# The format's own list (a public contract), not the model's choices: a new kind of
# organisation in the registry does not change what a package may say.
ORGANISATION_KINDS = {
    "gmina",
    "powiat",
    "wojewodztwo",
    "ngo",
    "business",
    "science",
    "public",
    "other",
}
TERYT_LENGTH = {"gmina": 7, "powiat": 4, "wojewodztwo": 2}
EVENT_KINDS = {
    "training",
    "strategy_workshop",
    "cuw_workshop",
    "conference",
    "study_visit",
    "exchange_group",
}
ROLES = {"leader", "member"}


# Days something already happened on: never in the future.
PAST_DAYS = {
    "memberships": {"joined_on"},
    "partnerships": {"formed_on"},
    "partnership_members": {"joined_on"},
    "contest_editions": {"decided_on"},
}

# Every error in a package is the file's: one error type, with file or sheet, row, column, value.
PackageError = FileRowError


class PackageRejected(Exception):
    def __init__(self, errors: list[FileRowError]):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class Package:
    """A package held in memory (small ones, tests): its rows by table."""

    rows: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)


def where(path: Path) -> Callable[[str], dict[str, str]]:
    """Where a table of the package is, as errors name it: a folder's file, a workbook's sheet."""
    if path.is_dir():
        return lambda name: {"file": f"{name}.csv"}
    return lambda name: {"sheet": name}


# Reading: one table at a time, row by row, so that memory does not grow with the package.


class Reader:
    """The package's tables, each streamed as (row number, {column: text}) on demand.

    Use as a context manager (a workbook stays open while its sheets are read). A fault of a
    file met while reading — at opening or at any row — is raised as FileRowError naming it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.located = where(self.path)
        self._book = None
        self._opened = None
        self.columns: dict[str, dict[str, int]] = {}

    def __enter__(self) -> "Reader":
        if not self.path.is_dir():
            self._opened = tabular.workbook(self.path, file=self.path.name)
            self._book = self._opened.__enter__()
            if not self._book.sheet_names:
                self._opened.__exit__(None, None, None)  # __exit__ is not called for us
                raise FileRowError(None, _("the workbook has no sheet"), file=self.path.name)
        return self

    def __exit__(self, *exc) -> None:
        if self._opened is not None:
            self._opened.__exit__(*exc)

    def _raw(self, name: str) -> Iterator[tuple[int, list[str]]]:
        """The table's non-blank rows, header included; none when the table is absent."""
        if self._book is not None:
            rows = self._book.rows(name) if name in self._book.sheet_names else iter(())
        else:
            file = self.path / f"{name}.csv"
            rows = self._csv(file) if file.is_file() else iter(())
        for number, row in rows:
            if any(cell.strip() for cell in row):
                yield number, row

    @staticmethod
    def _csv(file: Path) -> Iterator[tuple[int, list[str]]]:
        try:
            yield from tabular.csv_rows(file)
        except FileRowError as error:
            raise error.located(file=file.name) from None

    def headers(self) -> list[FileRowError]:
        """Read every table's header; the errors of those missing a column. A table with a
        missing column has no rows to give (its other faults cannot be told)."""
        errors = []
        for name, columns in COLUMNS.items():
            rows = self._raw(name)
            first = next(rows, None)
            rows.close()
            if first is None:
                continue
            number, cells = first
            header = [cell.strip().lower().lstrip("\ufeff") for cell in cells]
            missing = [column for column in columns if column not in header]
            if missing:
                errors.append(
                    FileRowError(
                        number,
                        _("missing columns: %(names)s") % {"names": ", ".join(missing)},
                        **self.located(name),
                    )
                )
                continue
            self.columns[name] = {column: header.index(column) for column in columns}
        return errors

    def rows(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        """The table's data rows (after headers() found its columns)."""
        index = self.columns.get(name)
        if index is None:
            return
        rows = self._raw(name)
        next(rows, None)  # the header
        for number, row in rows:
            size = len(row)
            yield number, {c: (row[i].strip() if i < size else "") for c, i in index.items()}


def batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# Values


def parse_date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def parse_pln(value: str) -> Decimal | None:
    """An amount as bounds.parse_amount takes it (ValidationError otherwise), in grosze."""
    if not value:
        return None
    return bounds.parse_amount(value).quantize(Decimal("0.01"))


@dataclass
class _Checker:
    table: str
    location: dict[str, str]
    errors: list[FileRowError]

    def error(self, row: int, column: str, value: str | None, message: str) -> None:
        self.errors.append(FileRowError(row, message, column=column, value=value, **self.location))

    def required(self, row: int, values: dict, *columns: str) -> bool:
        ok = True
        for column in columns:
            if not values[column]:
                self.error(row, column, None, _("required"))
                ok = False
        return ok

    def date(self, row: int, values: dict, column: str) -> datetime.date | None:
        """A day within the system's bounds; a day something happened on is not a future one."""
        try:
            day = parse_date(values[column])
        except ValueError:
            self.error(row, column, values[column], _("not a date (YYYY-MM-DD)"))
            return None
        validate = (
            bounds.validate_past_day
            if column in PAST_DAYS.get(self.table, ())
            else bounds.validate_day
        )
        try:
            validate(day)
        except ValidationError as error:
            self.error(row, column, values[column], " ".join(error.messages))
            return None
        return day

    def amount(self, row: int, values: dict, column: str) -> Decimal | None:
        try:
            return parse_pln(values[column])
        except ValidationError as error:
            self.error(row, column, values[column], " ".join(error.messages))
            return None

    def unique(self, row: int, values: dict, column: str, seen: set) -> None:
        if values[column] in seen:
            self.error(row, column, values[column], _("repeated"))
        seen.add(values[column])


def _length_limits() -> dict[str, dict[str, int]]:
    """The longest value each column may hold, as the fields it is written to allow."""
    from partnerstwa.activities.models import Event
    from partnerstwa.contests.models import ContestEdition
    from partnerstwa.indicators.models import PackageKey
    from partnerstwa.partnerships.models import FundingProgramme, Partnership, Project
    from partnerstwa.registry.models import Organisation, Person

    def limit(model, name: str) -> int:
        return model._meta.get_field(name).max_length

    key = limit(PackageKey, "key")
    return {
        "organisations": {"key": key, "name": limit(Organisation, "name")},
        "memberships": {"organisation_key": key},
        "partnerships": {"key": key, "name": limit(Partnership, "name")},
        "partnership_members": {"partnership_key": key, "organisation_key": key},
        "projects": {
            "key": key,
            "partnership_key": key,
            "title": limit(Project, "title"),
            "funding_programme": limit(FundingProgramme, "name"),
        },
        "events": {
            "key": key,
            "title": limit(Event, "title"),
            "city": min(limit(Event, "venue_address"), limit(Event, "destination_city")),
        },
        "attendance": {
            "event_key": key,
            "organisation_key": key,
            "first_name": limit(Person, "first_name"),
            "last_name": limit(Person, "last_name"),
            "email": limit(Person, "email"),
        },
        "contest_editions": {"key": key, "name": limit(ContestEdition, "name")},
    }


class Checks:
    """Every check of the package, fed table by table in the order of COLUMNS, a batch of rows
    at a time. What it keeps between batches grows with the package's keys (organisations,
    partnerships, events, member pairs), never with its rows: the attendance streams through.
    A row may name a key of an earlier table or one the database already knows (known_keys)."""

    def __init__(self, *, known_keys: dict[str, set[str]], located: Callable[[str], dict]):
        self.known = known_keys
        self.located = located
        self.errors: list[FileRowError] = []
        self.associations = set(Association.objects.values_list("code", flat=True))
        self.limits = _length_limits()
        self.keys: dict[str, set[str]] = {name: set() for name in COLUMNS}
        self.units: dict[str, TerritorialUnit] = {}  # the TERYT units the package names
        self._leaders: dict[str, int] = {}
        self._with_members: set[str] = set()
        self._pairs: set[tuple[str, str]] = set()

    def rows(self, name: str, rows: list[tuple[int, dict[str, str]]]) -> None:
        check = _Checker(name, self.located(name), self.errors)
        limits = self.limits[name]
        for row, values in rows:
            # Every column of the package is one line: a name, a key, a code, a date.
            for column, value in values.items():
                if value.isprintable():
                    continue  # no control, invisible or line-breaking character
                try:
                    bounds.validate_single_line(value)
                except ValidationError as error:
                    check.error(row, column, value, " ".join(error.messages))
            for column, limit in limits.items():
                if len(values[column]) > limit:
                    check.error(
                        row,
                        column,
                        values[column],
                        _("%(column)s is longer than %(limit)s characters")
                        % {"column": column, "limit": limit},
                    )
        getattr(self, f"_{name}")(check, rows)

    def finish(self, name: str) -> None:
        """The checks that need the whole table: a partnership with members has a leader."""
        if name == "partnership_members":
            check = _Checker(name, self.located(name), self.errors)
            for key in sorted(self._with_members & self.keys["partnerships"]):
                if key not in self._leaders:
                    check.error(
                        0,
                        "partnership_key",
                        key,
                        _("partnership %(key)s has no leader") % {"key": key},
                    )
            self._leaders, self._with_members, self._pairs = {}, set(), set()

    def _defined(self, name: str, kind: str) -> set[str]:
        return self.keys[name] | self.known.get(kind, set())

    def _organisations(self, check: "_Checker", rows) -> None:
        # Only codes that could be TERYT codes reach the database (a NUL byte in a cell is an
        # error of that row, reported below as "not in the register", never a database error).
        codes = {
            values["teryt"]
            for _n, values in rows
            if values["teryt"] and values["teryt"].isascii() and values["teryt"].isdigit()
        } - set(self.units)
        if codes:
            self.units.update(
                (unit.code, unit) for unit in TerritorialUnit.objects.filter(code__in=codes)
            )
        keys = self.keys["organisations"]
        for row, values in rows:
            check.required(row, values, "key", "name", "kind")
            check.unique(row, values, "key", keys)
            kind = values["kind"]
            if kind and kind not in ORGANISATION_KINDS:
                check.error(
                    row,
                    "kind",
                    kind,
                    _("unknown kind (one of %(kinds)s)")
                    % {"kinds": ", ".join(sorted(ORGANISATION_KINDS))},
                )
            if kind in TERYT_LENGTH:
                code = values["teryt"]
                if not code:
                    check.error(row, "teryt", None, _("required for a %(kind)s") % {"kind": kind})
                elif len(code) != TERYT_LENGTH[kind] or not code.isascii() or not code.isdigit():
                    check.error(
                        row,
                        "teryt",
                        code,
                        _("a %(kind)s has a %(n)s-digit code")
                        % {"kind": kind, "n": TERYT_LENGTH[kind]},
                    )
                elif code not in self.units:
                    check.error(row, "teryt", code, _("not in the TERYT register"))
                elif self.units[code].level != LOCAL_GOVERNMENT_LEVELS[kind]:
                    check.error(row, "teryt", code, _("not a unit of a %(kind)s") % {"kind": kind})
            elif values["teryt"]:
                check.error(
                    row,
                    "teryt",
                    values["teryt"],
                    _("Only a local government has a territorial unit."),
                )
            for column, validator in (("nip", validate_nip), ("regon", validate_regon)):
                if values[column]:
                    try:
                        validator(values[column])
                    except ValidationError as error:
                        check.error(row, column, values[column], " ".join(error.messages))

    def _memberships(self, check: "_Checker", rows) -> None:
        organisations = self._defined("organisations", "organisation")
        for row, values in rows:
            check.required(row, values, "organisation_key", "association", "joined_on")
            if values["organisation_key"] and values["organisation_key"] not in organisations:
                check.error(
                    row, "organisation_key", values["organisation_key"], _("no such organisation")
                )
            if values["association"] and values["association"] not in self.associations:
                check.error(row, "association", values["association"], _("no such association"))
            joined, left = check.date(row, values, "joined_on"), check.date(row, values, "left_on")
            if joined and left and left < joined:
                check.error(row, "left_on", values["left_on"], _("before joined_on"))

    def _partnerships(self, check: "_Checker", rows) -> None:
        keys = self.keys["partnerships"]
        for row, values in rows:
            check.required(row, values, "key", "name")
            check.unique(row, values, "key", keys)
            check.date(row, values, "formed_on")

    def _partnership_members(self, check: "_Checker", rows) -> None:
        partnerships = self._defined("partnerships", "partnership")
        organisations = self._defined("organisations", "organisation")
        for row, values in rows:
            check.required(row, values, "partnership_key", "organisation_key", "role")
            key = values["partnership_key"]
            if key and key not in partnerships:
                check.error(row, "partnership_key", key, _("no such partnership"))
            if values["organisation_key"] and values["organisation_key"] not in organisations:
                check.error(
                    row, "organisation_key", values["organisation_key"], _("no such organisation")
                )
            if values["role"] and values["role"] not in ROLES:
                check.error(row, "role", values["role"], _("leader or member"))
            pair = (key, values["organisation_key"])
            if pair in self._pairs:
                check.error(
                    row,
                    "organisation_key",
                    values["organisation_key"],
                    _("a member twice in one partnership"),
                )
            self._pairs.add(pair)
            self._with_members.add(key)
            if values["role"] == "leader":
                if key in self._leaders:
                    check.error(
                        row,
                        "role",
                        "leader",
                        _("partnership %(key)s has more than one leader") % {"key": key},
                    )
                else:
                    self._leaders[key] = row
            check.date(row, values, "joined_on")

    def _projects(self, check: "_Checker", rows) -> None:
        partnerships = self._defined("partnerships", "partnership")
        keys = self.keys["projects"]
        for row, values in rows:
            check.required(row, values, "key", "partnership_key", "title")
            check.unique(row, values, "key", keys)
            if values["partnership_key"] and values["partnership_key"] not in partnerships:
                check.error(
                    row, "partnership_key", values["partnership_key"], _("no such partnership")
                )
            total = check.amount(row, values, "total_value_pln")
            grant = check.amount(row, values, "grant_pln")
            if total is not None and grant is not None and grant > total:
                check.error(row, "grant_pln", values["grant_pln"], _("larger than total_value_pln"))
            starts, ends = check.date(row, values, "starts_on"), check.date(row, values, "ends_on")
            if starts and ends and ends < starts:
                check.error(row, "ends_on", values["ends_on"], _("before starts_on"))

    def _events(self, check: "_Checker", rows) -> None:
        keys = self.keys["events"]
        for row, values in rows:
            check.required(row, values, "key", "kind", "title", "starts_on")
            check.unique(row, values, "key", keys)
            if values["kind"] and values["kind"] not in EVENT_KINDS:
                check.error(
                    row,
                    "kind",
                    values["kind"],
                    _("unknown kind (one of %(kinds)s)")
                    % {"kinds": ", ".join(sorted(EVENT_KINDS))},
                )
            starts, ends = check.date(row, values, "starts_on"), check.date(row, values, "ends_on")
            if starts and ends and ends < starts:
                check.error(row, "ends_on", values["ends_on"], _("before starts_on"))
            country = values["country"]
            if country and not re.fullmatch(r"[A-Za-z]{2}", country):
                check.error(row, "country", country, _("a two-letter ISO code"))

    def _attendance(self, check: "_Checker", rows) -> None:
        events = self._defined("events", "event")
        organisations = self._defined("organisations", "organisation")
        for row, values in rows:
            check.required(row, values, "event_key", "first_name", "last_name")
            if values["event_key"] and values["event_key"] not in events:
                check.error(row, "event_key", values["event_key"], _("no such event"))
            if values["organisation_key"] and values["organisation_key"] not in organisations:
                check.error(
                    row, "organisation_key", values["organisation_key"], _("no such organisation")
                )
            email = "".join(values["email"].split())
            if email and not _is_email(email):
                check.error(row, "email", values["email"], _("not an e-mail address"))

    def _contest_editions(self, check: "_Checker", rows) -> None:
        keys = self.keys["contest_editions"]
        for row, values in rows:
            check.required(row, values, "key", "name", "decided_on")
            check.unique(row, values, "key", keys)
            check.date(row, values, "decided_on")


@functools.lru_cache(maxsize=2**16)
def _is_email(text: str) -> bool:
    """Django's e-mail check, once per address: a person attends many events (bounded, so
    memory does not grow with the package)."""
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def validate(
    package: Package, *, known_keys: dict[str, set[str]], located: Callable[[str], dict]
) -> list[FileRowError]:
    """Check every row of a package held in memory and the links between them; all errors."""
    checks = Checks(known_keys=known_keys, located=located)
    for name in COLUMNS:
        checks.rows(name, package.rows.get(name, []))
        checks.finish(name)
    return checks.errors

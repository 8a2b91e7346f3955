"""The programme data package: reading and checking it whole before anything is written.

A folder of CSV files, or one XLSX workbook whose sheets carry the same names:
organisations, memberships, partnerships, partnership_members, projects, events, attendance,
contest_editions. CSV: a header row, `,` or `;` (detected), UTF-8 with or without BOM. Dates
ISO (YYYY-MM-DD); amounts in PLN with `.` or `,` before the grosze and optional spaces between
thousands. A file or sheet that is absent stands for no rows.
"""

import datetime
import re
from collections.abc import Callable
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
    rows: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    units: dict[str, TerritorialUnit] = field(default_factory=dict)


def where(path: Path) -> Callable[[str], dict[str, str]]:
    """Where a table of the package is, as errors name it: a folder's file, a workbook's sheet."""
    if path.is_dir():
        return lambda name: {"file": f"{name}.csv"}
    return lambda name: {"sheet": name}


# Reading


def _tables(path: Path) -> dict[str, list[tuple[int, list[str]]]]:
    """Every table of the package that is present, read whole (FileRowError at the first
    fault of a file)."""
    tables = {}
    if path.is_dir():
        for name in COLUMNS:
            file = path / f"{name}.csv"
            if file.is_file():
                try:
                    tables[name] = list(tabular.csv_rows(file))
                except FileRowError as error:
                    raise error.located(file=file.name) from None
    else:
        with tabular.workbook(path, file=path.name) as book:
            if not book.sheet_names:
                raise FileRowError(None, _("the workbook has no sheet"), file=path.name)
            for name in COLUMNS:
                if name in book.sheet_names:
                    tables[name] = list(book.rows(name))
    return tables


def read(path: Path) -> tuple[Package, list[FileRowError]]:
    """The package's rows by file, with every reading error (header, encoding, structure)."""
    package = Package()
    errors: list[FileRowError] = []
    try:
        tables = _tables(path)
    except FileRowError as error:
        tables, errors = {}, [error]
    except OSError as error:  # a folder or file the process may not read
        tables = {}
        errors = [
            FileRowError(
                None,
                _("the file cannot be opened (%(reason)s)") % {"reason": error.strerror or error},
                file=Path(error.filename or path).name,
            )
        ]
    located = where(path)
    for name, columns in COLUMNS.items():
        table = [(n, row) for n, row in tables.get(name, []) if any(c.strip() for c in row)]
        package.rows[name] = []
        if not table:
            continue
        number, first = table[0]
        header = [cell.strip().lower().lstrip("\ufeff") for cell in first]
        missing = [column for column in columns if column not in header]
        if missing:
            errors.append(
                FileRowError(
                    number,
                    _("missing columns: %(names)s") % {"names": ", ".join(missing)},
                    **located(name),
                )
            )
            continue
        index = {column: header.index(column) for column in columns}
        for number, row in table[1:]:
            package.rows[name].append(
                (number, {c: (row[i].strip() if i < len(row) else "") for c, i in index.items()})
            )
    return package, errors


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


def validate(
    package: Package, *, known_keys: dict[str, set[str]], located: Callable[[str], dict]
) -> list[FileRowError]:
    """Check every row of every file and the links between them; collect all errors."""
    errors: list[FileRowError] = []
    associations = set(Association.objects.values_list("code", flat=True))
    limits = _length_limits()
    for name in COLUMNS:
        check = _Checker(name, located(name), errors)
        for row, values in package.rows[name]:
            # Every column of the package is one line: a name, a key, a code, a date.
            for column, value in values.items():
                try:
                    bounds.validate_single_line(value)
                except ValidationError as error:
                    check.error(row, column, value, " ".join(error.messages))
            for column, limit in limits[name].items():
                if len(values[column]) > limit:
                    check.error(
                        row,
                        column,
                        values[column],
                        _("%(column)s is longer than %(limit)s characters")
                        % {"column": column, "limit": limit},
                    )

    check = _Checker("organisations", located("organisations"), errors)
    organisation_keys: set[str] = set()
    # Only codes that could be TERYT codes reach the database (a NUL byte in a cell is an error
    # of that row, reported below as "not in the register", never a database error).
    codes = {
        values["teryt"]
        for _n, values in package.rows["organisations"]
        if values["teryt"] and values["teryt"].isascii() and values["teryt"].isdigit()
    }
    package.units = {unit.code: unit for unit in TerritorialUnit.objects.filter(code__in=codes)}
    for row, values in package.rows["organisations"]:
        check.required(row, values, "key", "name", "kind")
        check.unique(row, values, "key", organisation_keys)
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
            elif code not in package.units:
                check.error(row, "teryt", code, _("not in the TERYT register"))
            elif package.units[code].level != LOCAL_GOVERNMENT_LEVELS[kind]:
                check.error(row, "teryt", code, _("not a unit of a %(kind)s") % {"kind": kind})
        elif values["teryt"]:
            check.error(
                row, "teryt", values["teryt"], _("Only a local government has a territorial unit.")
            )
        for column, validator in (("nip", validate_nip), ("regon", validate_regon)):
            try:
                validator(values[column])
            except ValidationError as error:
                check.error(row, column, values[column], " ".join(error.messages))
    organisations = organisation_keys | known_keys.get("organisation", set())

    check = _Checker("memberships", located("memberships"), errors)
    for row, values in package.rows["memberships"]:
        check.required(row, values, "organisation_key", "association", "joined_on")
        if values["organisation_key"] and values["organisation_key"] not in organisations:
            check.error(
                row, "organisation_key", values["organisation_key"], _("no such organisation")
            )
        if values["association"] and values["association"] not in associations:
            check.error(row, "association", values["association"], _("no such association"))
        joined, left = check.date(row, values, "joined_on"), check.date(row, values, "left_on")
        if joined and left and left < joined:
            check.error(row, "left_on", values["left_on"], _("before joined_on"))

    check = _Checker("partnerships", located("partnerships"), errors)
    partnership_keys: set[str] = set()
    for row, values in package.rows["partnerships"]:
        check.required(row, values, "key", "name")
        check.unique(row, values, "key", partnership_keys)
        check.date(row, values, "formed_on")
    partnerships = partnership_keys | known_keys.get("partnership", set())

    check = _Checker("partnership_members", located("partnership_members"), errors)
    leaders: dict[str, list[int]] = {}
    pairs: set[tuple[str, str]] = set()
    for row, values in package.rows["partnership_members"]:
        check.required(row, values, "partnership_key", "organisation_key", "role")
        if values["partnership_key"] and values["partnership_key"] not in partnerships:
            check.error(row, "partnership_key", values["partnership_key"], _("no such partnership"))
        if values["organisation_key"] and values["organisation_key"] not in organisations:
            check.error(
                row, "organisation_key", values["organisation_key"], _("no such organisation")
            )
        if values["role"] and values["role"] not in ROLES:
            check.error(row, "role", values["role"], _("leader or member"))
        pair = (values["partnership_key"], values["organisation_key"])
        if pair in pairs:
            check.error(
                row,
                "organisation_key",
                values["organisation_key"],
                _("a member twice in one partnership"),
            )
        pairs.add(pair)
        if values["role"] == "leader":
            leaders.setdefault(values["partnership_key"], []).append(row)
        check.date(row, values, "joined_on")
    for key, rows in leaders.items():
        if len(rows) > 1:
            for row in rows[1:]:
                check.error(
                    row,
                    "role",
                    "leader",
                    _("partnership %(key)s has more than one leader") % {"key": key},
                )
    for key in partnership_keys:
        if key not in leaders and any(
            v["partnership_key"] == key for _r, v in package.rows["partnership_members"]
        ):
            check.error(
                0, "partnership_key", key, _("partnership %(key)s has no leader") % {"key": key}
            )

    check = _Checker("projects", located("projects"), errors)
    project_keys: set[str] = set()
    for row, values in package.rows["projects"]:
        check.required(row, values, "key", "partnership_key", "title")
        check.unique(row, values, "key", project_keys)
        if values["partnership_key"] and values["partnership_key"] not in partnerships:
            check.error(row, "partnership_key", values["partnership_key"], _("no such partnership"))
        total = check.amount(row, values, "total_value_pln")
        grant = check.amount(row, values, "grant_pln")
        if total is not None and grant is not None and grant > total:
            check.error(row, "grant_pln", values["grant_pln"], _("larger than total_value_pln"))
        starts, ends = check.date(row, values, "starts_on"), check.date(row, values, "ends_on")
        if starts and ends and ends < starts:
            check.error(row, "ends_on", values["ends_on"], _("before starts_on"))

    check = _Checker("events", located("events"), errors)
    event_keys: set[str] = set()
    for row, values in package.rows["events"]:
        check.required(row, values, "key", "kind", "title", "starts_on")
        check.unique(row, values, "key", event_keys)
        if values["kind"] and values["kind"] not in EVENT_KINDS:
            check.error(
                row,
                "kind",
                values["kind"],
                _("unknown kind (one of %(kinds)s)") % {"kinds": ", ".join(sorted(EVENT_KINDS))},
            )
        starts, ends = check.date(row, values, "starts_on"), check.date(row, values, "ends_on")
        if starts and ends and ends < starts:
            check.error(row, "ends_on", values["ends_on"], _("before starts_on"))
        country = values["country"]
        if country and not re.fullmatch(r"[A-Za-z]{2}", country):
            check.error(row, "country", country, _("a two-letter ISO code"))
    events = event_keys | known_keys.get("event", set())

    check = _Checker("attendance", located("attendance"), errors)
    for row, values in package.rows["attendance"]:
        check.required(row, values, "event_key", "first_name", "last_name")
        if values["event_key"] and values["event_key"] not in events:
            check.error(row, "event_key", values["event_key"], _("no such event"))
        if values["organisation_key"] and values["organisation_key"] not in organisations:
            check.error(
                row, "organisation_key", values["organisation_key"], _("no such organisation")
            )
        email = "".join(values["email"].split())
        if email:
            try:
                validate_email(email)
            except ValidationError:
                check.error(row, "email", values["email"], _("not an e-mail address"))

    check = _Checker("contest_editions", located("contest_editions"), errors)
    edition_keys: set[str] = set()
    for row, values in package.rows["contest_editions"]:
        check.required(row, values, "key", "name", "decided_on")
        check.unique(row, values, "key", edition_keys)
        check.date(row, values, "decided_on")
    return errors

"""The programme data package: reading and checking it whole before anything is written.

A folder of CSV files, or one XLSX workbook whose sheets carry the same names:
organisations, memberships, partnerships, partnership_members, projects, events, attendance,
contest_editions. CSV: a header row, `,` or `;` (detected), UTF-8 with or without BOM. Dates
ISO (YYYY-MM-DD); amounts in PLN with `.` or `,` before the grosze and optional spaces between
thousands. A file or sheet that is absent stands for no rows.
"""

import codecs
import csv
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from partnerstwa.lib.forms import parse_amount
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


@dataclass(frozen=True)
class PackageError:
    file: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        values = {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }
        if self.row and self.column:
            return _("%(file)s, row %(row)s, %(column)s “%(value)s”: %(message)s") % values
        if self.row:
            return _("%(file)s, row %(row)s: %(message)s") % values
        if self.column:
            return _("%(file)s, %(column)s “%(value)s”: %(message)s") % values
        return _("%(file)s: %(message)s") % values


class PackageRejected(Exception):
    def __init__(self, errors: list[PackageError]):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class Package:
    rows: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    units: dict[str, TerritorialUnit] = field(default_factory=dict)


# Reading


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open("rb") as raw:
        first = raw.readline()
    delimiter = ";" if first.count(b";") > first.count(b",") else ","
    with path.open("rb") as raw:
        reader = csv.reader(codecs.getreader("utf-8-sig")(raw), delimiter=delimiter)
        return list(reader)


def _sheet_rows(sheet) -> list[list[str]]:
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if value is None else _cell(value) for value in values])
    return rows


def _cell(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read(path: Path) -> tuple[Package, list[PackageError]]:
    """The package's rows by file, with every reading error (header, encoding, structure)."""
    package = Package()
    errors: list[PackageError] = []
    tables: dict[str, list[list[str]]] = {}
    if path.is_dir():
        for name in COLUMNS:
            file = path / f"{name}.csv"
            if file.is_file():
                try:
                    tables[name] = _csv_rows(file)
                except UnicodeDecodeError:
                    errors.append(
                        PackageError(f"{name}.csv", 0, "", "", _("the file is not UTF-8 encoded"))
                    )
                except csv.Error as error:
                    errors.append(PackageError(f"{name}.csv", 0, "", "", str(error)))
    else:
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            errors.append(PackageError(path.name, 0, "", "", _("the file is not an XLSX workbook")))
        else:
            for name in COLUMNS:
                if name in workbook.sheetnames:
                    tables[name] = _sheet_rows(workbook[name])
            workbook.close()
    for name, columns in COLUMNS.items():
        label = f"{name}.csv" if path.is_dir() else name
        table = [row for row in tables.get(name, []) if any(cell.strip() for cell in row)]
        package.rows[name] = []
        if not table:
            continue
        header = [cell.strip().lower().lstrip("\ufeff") for cell in table[0]]
        missing = [column for column in columns if column not in header]
        if missing:
            errors.append(
                PackageError(
                    label,
                    1,
                    "",
                    "",
                    _("missing columns: %(names)s") % {"names": ", ".join(missing)},
                )
            )
            continue
        index = {column: header.index(column) for column in columns}
        for number, row in enumerate(table[1:], start=2):
            package.rows[name].append(
                (
                    number,
                    {c: (row[i].strip() if i < len(row) else "") for c, i in index.items()},
                )
            )
    return package, errors


# Values


def parse_date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def parse_pln(value: str) -> Decimal | None:
    if not value:
        return None
    text = parse_amount(value)
    if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
        raise ValueError(value)
    return Decimal(text).quantize(Decimal("0.01"))


@dataclass
class _Checker:
    file: str
    errors: list[PackageError]

    def error(self, row: int, column: str, value: str, message: str) -> None:
        self.errors.append(PackageError(self.file, row, column, value, message))

    def required(self, row: int, values: dict, *columns: str) -> bool:
        ok = True
        for column in columns:
            if not values[column]:
                self.error(row, column, "", _("required"))
                ok = False
        return ok

    def date(self, row: int, values: dict, column: str) -> datetime.date | None:
        try:
            return parse_date(values[column])
        except ValueError:
            self.error(row, column, values[column], _("not a date (YYYY-MM-DD)"))
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
    package: Package, *, known_keys: dict[str, set[str]], file_label
) -> list[PackageError]:
    """Check every row of every file and the links between them; collect all errors."""
    errors: list[PackageError] = []
    associations = set(Association.objects.values_list("code", flat=True))
    for name, limits in _length_limits().items():
        check = _Checker(file_label(name), errors)
        for row, values in package.rows[name]:
            for column, limit in limits.items():
                if len(values[column]) > limit:
                    check.error(
                        row,
                        column,
                        values[column][:50],
                        _("%(column)s is longer than %(limit)s characters")
                        % {"column": column, "limit": limit},
                    )

    check = _Checker(file_label("organisations"), errors)
    organisation_keys: set[str] = set()
    codes = {values["teryt"] for _n, values in package.rows["organisations"] if values["teryt"]}
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
                check.error(row, "teryt", "", _("required for a %(kind)s") % {"kind": kind})
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

    check = _Checker(file_label("memberships"), errors)
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

    check = _Checker(file_label("partnerships"), errors)
    partnership_keys: set[str] = set()
    for row, values in package.rows["partnerships"]:
        check.required(row, values, "key", "name")
        check.unique(row, values, "key", partnership_keys)
        check.date(row, values, "formed_on")
    partnerships = partnership_keys | known_keys.get("partnership", set())

    check = _Checker(file_label("partnership_members"), errors)
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

    check = _Checker(file_label("projects"), errors)
    project_keys: set[str] = set()
    for row, values in package.rows["projects"]:
        check.required(row, values, "key", "partnership_key", "title")
        check.unique(row, values, "key", project_keys)
        if values["partnership_key"] and values["partnership_key"] not in partnerships:
            check.error(row, "partnership_key", values["partnership_key"], _("no such partnership"))
        amounts = {}
        for column in ("total_value_pln", "grant_pln"):
            try:
                amounts[column] = parse_pln(values[column])
            except (ValueError, InvalidOperation):
                check.error(row, column, values[column], _("not an amount in PLN"))
        total, grant = amounts.get("total_value_pln"), amounts.get("grant_pln")
        if total is not None and grant is not None and grant > total:
            check.error(row, "grant_pln", values["grant_pln"], _("larger than total_value_pln"))
        starts, ends = check.date(row, values, "starts_on"), check.date(row, values, "ends_on")
        if starts and ends and ends < starts:
            check.error(row, "ends_on", values["ends_on"], _("before starts_on"))

    check = _Checker(file_label("events"), errors)
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

    check = _Checker(file_label("attendance"), errors)
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

    check = _Checker(file_label("contest_editions"), errors)
    edition_keys: set[str] = set()
    for row, values in package.rows["contest_editions"]:
        check.required(row, values, "key", "name", "decided_on")
        check.unique(row, values, "key", edition_keys)
        check.date(row, values, "decided_on")
    return errors

"""Reading the GUS (BDL) export of population by economic age group.

Header: ``"Kod";"Nazwa";"<group>;ogółem;<year>;[osoba]";…`` with the groups "w wieku
przedprodukcyjnym", "w wieku produkcyjnym" and "w wieku poprodukcyjnym" (their sum is the total;
the mobile and non-mobile working-age columns are parts of the working age and are not needed).

Every row has the header's columns (a shorter row is a truncated file, not missing figures) and
the code of a unit in the register, in force or retired: a figure for a unit the register does
not know would belong to nothing. BDL exports list units that ceased before the register's date;
``skip_absent_units`` leaves their rows out (counted) instead of refusing the file.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from partnerstwa.lib import tabular
from partnerstwa.lib.errors import FileRowError
from partnerstwa.lib.text import parse_int
from partnerstwa.registry.models import TerritorialUnit

GROUPS = {
    "w wieku przedprodukcyjnym": "pre_working",
    "w wieku produkcyjnym": "working",
    "w wieku poprodukcyjnym": "post_working",
}
COLUMN = re.compile(r"^(?P<group>[^;]+);ogółem;(?P<year>\d{4});\[osoba\]$")
CODE_COLUMN = "Kod"
# Eight digits: more than Poland's population, and the sum of the groups still fits an integer
# column on every database.
MAX_DIGITS = 8

# One error type for every file the system reads; the name stays for the callers.
PopulationFormatError = FileRowError


@dataclass(frozen=True, slots=True)
class PopulationRow:
    unit_code: str
    year: int
    pre_working: int
    working: int
    post_working: int

    @property
    def total(self) -> int:
        return self.pre_working + self.working + self.post_working


@dataclass
class PopulationFile:
    rows: list[PopulationRow] = field(default_factory=list)
    # (row number, code) of the rows left out because the register does not know the unit.
    left_out: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Header:
    width: int
    columns: dict[int, tuple[str, int]]  # column index -> (group, year)
    years: list[int]


def _header(row: int, header: list[str]) -> _Header:
    if [h.strip() for h in header[:2]] != [CODE_COLUMN, "Nazwa"]:
        raise PopulationFormatError(row, _("the header must start with Kod;Nazwa"))
    columns: dict[int, tuple[str, int]] = {}
    for index, title in enumerate(header[2:], start=2):
        match = COLUMN.match(title.strip())
        if match and match["group"] in GROUPS:
            columns[index] = (GROUPS[match["group"]], int(match["year"]))
    years = sorted({year for _group, year in columns.values()})
    for year in years:
        present = {group for group, y in columns.values() if y == year}
        if present != set(GROUPS.values()):
            raise PopulationFormatError(
                row, _("year %(year)s lacks one of the three age groups") % {"year": year}
            )
    if not years:
        raise PopulationFormatError(row, _("no population columns in the header"))
    return _Header(width=len(header), columns=columns, years=years)


def parse_row(row: int, fields: list[str], header: _Header) -> list[PopulationRow]:
    """One unit's figures, a year with any group missing ("-" or empty) left without a figure
    rather than given a wrong one."""
    if len(fields) != header.width:
        raise PopulationFormatError(
            row,
            _("expected %(expected)s columns, found %(found)s")
            % {"expected": header.width, "found": len(fields)},
            column=min(len(fields), header.width) + 1,
        )
    code = fields[0].strip()
    if len(code) != 7 or not code.isdigit() or not code.isascii():
        raise PopulationFormatError(row, _("not a TERC code"), column=CODE_COLUMN, value=code)
    by_year: dict[int, dict[str, int]] = {year: {} for year in header.years}
    for index, (group, year) in header.columns.items():
        raw = fields[index].strip().replace(" ", "")
        if raw in ("", "-"):
            continue
        people = parse_int(raw, max_digits=MAX_DIGITS)
        if people is None:
            raise PopulationFormatError(
                row, _("not a number of people"), column=index + 1, value=fields[index]
            )
        by_year[year][group] = people
    return [
        PopulationRow(unit_code=code, year=year, **values)
        for year, values in by_year.items()
        if len(values) == len(GROUPS)
    ]


def parse_file(data: bytes, *, skip_absent_units: bool = False) -> PopulationFile:
    """The whole file checked against the register, or PopulationFormatError."""
    known = set(TerritorialUnit.objects.values_list("code", flat=True))
    parsed = PopulationFile()
    header = None
    seen: dict[str, int] = {}
    for row, fields in tabular.csv_rows(data, delimiter=";"):
        if header is None:
            header = _header(row, fields)
            continue
        if not any(field.strip() for field in fields):
            continue
        figures = parse_row(row, fields, header)
        code = fields[0].strip()
        if code in seen:
            raise PopulationFormatError(
                row,
                _("code %(code)s repeats row %(first)s") % {"code": code, "first": seen[code]},
                column=CODE_COLUMN,
                value=code,
            )
        seen[code] = row
        if code not in known:
            if skip_absent_units:
                parsed.left_out.append((row, code))
                continue
            raise PopulationFormatError(
                row,
                _(
                    "no unit with this code in the TERYT register (import the register first, "
                    "or leave out units it does not know with --skip-absent-units)"
                ),
                column=CODE_COLUMN,
                value=code,
            )
        parsed.rows.extend(figures)
    if header is None:
        raise PopulationFormatError(1, _("the header must start with Kod;Nazwa"))
    return parsed


def parse(data: bytes, *, skip_absent_units: bool = False) -> list[PopulationRow]:
    return parse_file(data, skip_absent_units=skip_absent_units).rows

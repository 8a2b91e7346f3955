"""Reading the GUS (BDL) export of population by economic age group.

Header: ``"Kod";"Nazwa";"<group>;ogółem;<year>;[osoba]";…`` with the groups "w wieku
przedprodukcyjnym", "w wieku produkcyjnym" and "w wieku poprodukcyjnym" (their sum is the total;
the mobile and non-mobile working-age columns are parts of the working age and are not needed).
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from partnerstwa.lib.errors import FileRowError
from partnerstwa.lib.text import parse_int

GROUPS = {
    "w wieku przedprodukcyjnym": "pre_working",
    "w wieku produkcyjnym": "working",
    "w wieku poprodukcyjnym": "post_working",
}
COLUMN = re.compile(r"^(?P<group>[^;]+);ogółem;(?P<year>\d{4});\[osoba\]$")


class PopulationFormatError(FileRowError):
    pass


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


def _csv_rows(reader):
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise PopulationFormatError(reader.line_num, str(error)) from None


def parse(data: bytes) -> list[PopulationRow]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PopulationFormatError(
            data.count(b"\n", 0, error.start) + 1, _("the file is not UTF-8 encoded")
        ) from None
    reader = _csv_rows(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = next(reader, None)
    if not header or [h.strip() for h in header[:2]] != ["Kod", "Nazwa"]:
        raise PopulationFormatError(1, _("the header must start with Kod;Nazwa"))
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
                1, _("year %(year)s lacks one of the three age groups") % {"year": year}
            )
    if not years:
        raise PopulationFormatError(1, _("no population columns in the header"))

    rows = []
    seen = set()
    for row, fields in enumerate(reader, start=2):
        if not any(field.strip() for field in fields):
            continue
        code = fields[0].strip()
        if len(code) != 7 or not code.isdigit() or not code.isascii():
            raise PopulationFormatError(row, _("bad TERC code “%(code)s”") % {"code": code})
        if code in seen:
            raise PopulationFormatError(row, _("code %(code)s repeats") % {"code": code})
        seen.add(code)
        by_year: dict[int, dict[str, int]] = {year: {} for year in years}
        for index, (group, year) in columns.items():
            raw = fields[index].strip().replace(" ", "") if index < len(fields) else ""
            if raw in ("", "-"):
                continue
            # Eight digits: more than Poland's population, and the sum of the groups still
            # fits an integer column on every database.
            people = parse_int(raw, max_digits=8)
            if people is None:
                raise PopulationFormatError(
                    row,
                    _("“%(value)s” is not a number of people (column %(column)s)")
                    % {"value": raw, "column": index + 1},
                )
            by_year[year][group] = people
        for year, values in by_year.items():
            # A year with any group missing has no figure rather than a wrong one.
            if len(values) == len(GROUPS):
                rows.append(PopulationRow(unit_code=code, year=year, **values))
    return rows

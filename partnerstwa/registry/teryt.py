"""Reading the TERC register in the forms GUS publishes it.

- CSV: ``;``-separated, UTF-8 with or without BOM, CRLF or LF,
  header ``WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA``, read by the shared table reader;
- XML: ``<catalog name="TERC">`` with ``<row>`` elements of ``<col name=…>`` (current form) or
  ``<column name=…>`` (older form), the additional name as ``NAZWA_DOD`` or ``NAZDOD``.

Parsing is pure: it returns records or raises FileRowError (TerytFormatError) naming the row,
the column, the value and the reason — the same way for both forms.
"""

import datetime
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from partnerstwa.lib import bounds, tabular
from partnerstwa.lib.errors import FileRowError
from partnerstwa.registry.models import (
    GMINA_TYPES,
    TerritorialUnit,
    TerytImport,
    UnitLevel,
    UnitType,
)

CSV_HEADER = ["WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD", "STAN_NA"]
XML_EXTRA_NAME_COLUMNS = ("NAZWA_DOD", "NAZDOD")
VALID_TYPES = {choice.value for choice in UnitType}
NAME_LENGTH = TerritorialUnit._meta.get_field("name").max_length
EXTRA_NAME_LENGTH = TerritorialUnit._meta.get_field("name_extra").max_length
# A register file is a whole register: one that would retire more than this share of the units
# in force is refused unless forced (a year's real changes retire a few units out of ~4,200).
MAX_RETIRED_SHARE = 0.05

# One error type for every file the system reads; the name stays for the callers.
TerytFormatError = FileRowError


@dataclass(frozen=True, slots=True)
class TercRecord:
    row: int
    code: str
    level: str
    unit_type: str
    name: str
    name_extra: str
    state_on: datetime.date

    @property
    def parent_code(self) -> str | None:
        if self.level == UnitLevel.VOIVODESHIP:
            return None
        if self.level == UnitLevel.POWIAT:
            return self.code[:2]
        if self.level == UnitLevel.GMINA:
            return self.code[:4]
        if self.unit_type in (UnitType.TOWN, UnitType.RURAL_AREA):
            return self.code[:6] + UnitType.URBAN_RURAL
        # Warsaw districts and city delegations belong to the city gmina of their powiat,
        # which has a number of its own; the importer resolves it.
        return None


@dataclass
class TercFile:
    records: list[TercRecord]
    state_on: datetime.date


def parse(data: bytes) -> TercFile:
    """Parse a whole register file, CSV or XML, recognised by its content."""
    head = data.lstrip(b"\xef\xbb\xbf").lstrip()
    if not head:
        raise TerytFormatError(None, _("the file is empty"))
    if head.startswith(b"<"):
        return _parse_xml(data)
    return _parse_csv(data)


def _decode(data: bytes) -> None:
    """Name the row and byte of a wrong byte rather than give a vague XML error."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TerytFormatError(
            line,
            _("the file is not UTF-8 encoded (byte %(byte)s)") % {"byte": hex(data[error.start])},
        ) from None


def _parse_csv(data: bytes) -> TercFile:
    records = []
    header_seen = False
    for row, fields in tabular.csv_rows(data, delimiter=";"):
        if not any(field.strip() for field in fields):
            continue
        if not header_seen:
            header = [field.strip() for field in fields]
            if header != CSV_HEADER:
                raise TerytFormatError(
                    row,
                    _("wrong header %(found)s, expected %(expected)s")
                    % {"found": ";".join(header), "expected": ";".join(CSV_HEADER)},
                )
            header_seen = True
            continue
        if len(fields) != len(CSV_HEADER):
            raise TerytFormatError(
                row,
                _("expected %(expected)s columns, found %(found)s")
                % {"expected": len(CSV_HEADER), "found": len(fields)},
            )
        records.append(_record(row, dict(zip(CSV_HEADER, fields, strict=True))))
    if not header_seen:
        raise TerytFormatError(None, _("the file has no header row"))
    return _finish(records, declared_state=None)


_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


def _parse_xml(data: bytes) -> TercFile:
    declared = _XML_ENCODING.match(data.lstrip(b"\xef\xbb\xbf"))
    if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8"):
        _decode(data)  # name the line of a wrong byte rather than a vague XML error
    records = []
    declared_state = None
    catalog_seen = False
    row_number = 0
    try:
        for event, element in SafeET.iterparse(io.BytesIO(data), events=("start", "end")):
            tag = element.tag
            if event == "start" and tag == "catalog":
                catalog_seen = True
                name = element.get("name", "")
                if name != "TERC":
                    raise TerytFormatError(
                        None, _("the catalog is “%(name)s”, not TERC") % {"name": name}
                    )
                declared_state = element.get("date")
            elif event == "end" and tag == "row":
                row_number += 1
                if not catalog_seen:
                    raise TerytFormatError(row_number, _("row outside a TERC catalog"))
                values = {}
                for column in element:
                    if column.tag not in ("col", "column"):
                        raise TerytFormatError(
                            row_number, _("unexpected element <%(tag)s>") % {"tag": column.tag}
                        )
                    values[column.get("name", "")] = (column.text or "").strip()
                element.clear()
                records.append(_record(row_number, _xml_values(row_number, values)))
    except SafeET.ParseError as error:
        line, column = error.position
        raise TerytFormatError(
            row_number + 1,
            _("the XML is malformed or truncated (line %(line)s, column %(column)s)")
            % {"line": line, "column": column},
        ) from None
    except DefusedXmlException:
        raise TerytFormatError(None, _("the XML uses forbidden constructs (entities)")) from None
    if not catalog_seen:
        raise TerytFormatError(None, _("the XML has no TERC catalog"))
    state = None
    if declared_state:
        state = _parse_date(None, declared_state, _("catalog date"))
    return _finish(records, declared_state=state)


def _xml_values(row: int, values: dict[str, str]) -> dict[str, str]:
    extra_column = next((name for name in XML_EXTRA_NAME_COLUMNS if name in values), None)
    missing = [name for name in CSV_HEADER if name != "NAZWA_DOD" and name not in values]
    if extra_column is None or missing:
        missing = missing + ([] if extra_column else ["NAZWA_DOD"])
        raise TerytFormatError(row, _("missing columns: %(names)s") % {"names": ", ".join(missing)})
    values["NAZWA_DOD"] = values.get(extra_column, "")
    return values


def _digits(row: int, value: str, column: str, *, optional: bool) -> str:
    value = value.strip()
    if not value and optional:
        return ""
    if len(value) != 2 or not value.isdigit() or not value.isascii() or value == "00":
        raise TerytFormatError(row, _("not a two-digit code"), column=column, value=value)
    return value


@functools.lru_cache(maxsize=64)
def _bounded_day(text: str) -> datetime.date:
    # A register repeats one date on every row: check it once (errors are not cached).
    day = datetime.date.fromisoformat(text)
    # A register states what was in force on a day that has come: a future date would refuse
    # every real register after it as "older than the one loaded".
    bounds.validate_past_day(day)
    return day


def _parse_date(row: int | None, value: str, column: str) -> datetime.date:
    try:
        day = _bounded_day(value.strip())
    except ValueError:
        raise TerytFormatError(
            row, _("not a date (YYYY-MM-DD)"), column=column, value=value
        ) from None
    except ValidationError as error:
        raise TerytFormatError(row, " ".join(error.messages), column=column, value=value) from None
    return day


def _name(row: int, values: dict[str, str], column: str, limit: int) -> str:
    name = values[column].strip()
    try:
        bounds.validate_single_line(name)
    except ValidationError as error:
        raise TerytFormatError(row, " ".join(error.messages), column=column, value=name) from None
    if len(name) > limit:
        raise TerytFormatError(
            row,
            _("over the limit of characters (%(limit)s)") % {"limit": limit},
            column=column,
            value=name,
        )
    return name


def _record(row: int, values: dict[str, str]) -> TercRecord:
    woj = _digits(row, values["WOJ"], "WOJ", optional=False)
    pow_ = _digits(row, values["POW"], "POW", optional=True)
    gmi = _digits(row, values["GMI"], "GMI", optional=True)
    rodz = values["RODZ"].strip()
    if gmi and not pow_:
        raise TerytFormatError(row, _("a gmina code needs a powiat code"), column="GMI", value=gmi)
    if gmi:
        if rodz not in VALID_TYPES:
            raise TerytFormatError(row, _("wrong type code"), column="RODZ", value=rodz)
        level = UnitLevel.GMINA if rodz in GMINA_TYPES else UnitLevel.GMINA_PART
        code = woj + pow_ + gmi + rodz
    else:
        if rodz:
            raise TerytFormatError(
                row, _("a type code without a gmina code"), column="RODZ", value=rodz
            )
        level = UnitLevel.POWIAT if pow_ else UnitLevel.VOIVODESHIP
        code = woj + pow_
    name = _name(row, values, "NAZWA", NAME_LENGTH)
    if not name:
        raise TerytFormatError(row, _("required"), column="NAZWA", value="")
    return TercRecord(
        row=row,
        code=code,
        level=level,
        unit_type=rodz,
        name=name,
        name_extra=_name(row, values, "NAZWA_DOD", EXTRA_NAME_LENGTH),
        state_on=_parse_date(row, values["STAN_NA"], "STAN_NA"),
    )


def _finish(records: list[TercRecord], declared_state: datetime.date | None) -> TercFile:
    if not records:
        raise TerytFormatError(None, _("the file has no units"))
    seen: dict[str, int] = {}
    for record in records:
        if record.code in seen:
            raise TerytFormatError(
                record.row,
                _("code %(code)s repeats row %(first)s")
                % {"code": record.code, "first": seen[record.code]},
                value=record.code,
            )
        seen[record.code] = record.row
    state_on = declared_state or max(record.state_on for record in records)
    return TercFile(records=records, state_on=state_on)


def iter_levels(records: list[TercRecord]) -> Iterator[list[TercRecord]]:
    """Records grouped so that every parent comes in an earlier group than its children."""
    for level in (UnitLevel.VOIVODESHIP, UnitLevel.POWIAT, UnitLevel.GMINA, UnitLevel.GMINA_PART):
        yield [record for record in records if record.level == level]


# The whole-register rule


@dataclass(frozen=True)
class LoadedRegister:
    state_on: datetime.date | None
    in_force: int


def loaded_register() -> LoadedRegister:
    """The register as loaded, its units in force locked until the transaction ends (so that
    the rule below judges the register the import will change)."""
    in_force = TerritorialUnit.objects.filter(retired_on__isnull=True).select_for_update()
    return LoadedRegister(
        state_on=TerytImport.objects.order_by("-state_on")
        .values_list("state_on", flat=True)
        .first(),
        in_force=len(in_force.values_list("pk", flat=True)),
    )


def whole_register_refusal(
    loaded: LoadedRegister,
    *,
    state_on: datetime.date,
    created: int,
    updated: int,
    retired: int,
) -> str | None:
    """Why an import that would do this is not a whole register replacing the loaded one, or
    None when it is. A file is a whole register: it may retire at most MAX_RETIRED_SHARE of the
    units in force, and a file dated like the loaded register must be that register."""
    if loaded.in_force and retired > loaded.in_force * MAX_RETIRED_SHARE:
        reason = _(
            "it would retire more than %(share)s of the units in force, and a register file "
            "lists every unit: this looks like part of a register"
        ) % {"share": f"{MAX_RETIRED_SHARE:.0%}"}
    elif loaded.state_on == state_on and (created or updated or retired):
        reason = _(
            "it is dated %(date)s like the loaded register, but its content is different"
        ) % {"date": state_on.isoformat()}
    else:
        return None
    return _(
        "The file was refused: %(reason)s. Units in force: %(in_force)s; the file would create "
        "%(created)s, update %(updated)s and retire %(retired)s. Nothing was changed. Check the "
        "file, or repeat with --force to import it anyway."
    ) % {
        "reason": reason,
        "in_force": loaded.in_force,
        "created": created,
        "updated": updated,
        "retired": retired,
    }

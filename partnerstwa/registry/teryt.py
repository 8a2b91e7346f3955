"""Reading the TERC register in the forms GUS publishes it.

- CSV: ``;``-separated, UTF-8 with or without BOM, CRLF or LF,
  header ``WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA``;
- XML: ``<catalog name="TERC">`` with ``<row>`` elements of ``<col name=…>`` (current form) or
  ``<column name=…>`` (older form), the additional name as ``NAZWA_DOD`` or ``NAZDOD``.

Parsing is pure: it returns records or raises TerytFormatError naming the row and the reason.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from partnerstwa.lib.errors import FileRowError
from partnerstwa.registry.models import GMINA_TYPES, UnitLevel, UnitType

CSV_HEADER = ["WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD", "STAN_NA"]
XML_EXTRA_NAME_COLUMNS = ("NAZWA_DOD", "NAZDOD")
VALID_TYPES = {choice.value for choice in UnitType}


class TerytFormatError(FileRowError):
    pass


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


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TerytFormatError(
            line,
            _("the file is not UTF-8 encoded (byte %(byte)s)") % {"byte": hex(data[error.start])},
        ) from None


def _csv_rows(reader):
    """The reader's rows; a row the csv module cannot read is rejected with its number."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise TerytFormatError(reader.line_num, str(error)) from None


def _parse_csv(data: bytes) -> TercFile:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    records = []
    header_seen = False
    for fields in _csv_rows(reader):
        row = reader.line_num
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
        raise TerytFormatError(
            row, _("bad code in %(column)s: “%(value)s”") % {"column": column, "value": value}
        )
    return value


def _parse_date(row: int | None, value: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise TerytFormatError(
            row, _("bad date in %(column)s: “%(value)s”") % {"column": column, "value": value}
        ) from None


def _record(row: int, values: dict[str, str]) -> TercRecord:
    woj = _digits(row, values["WOJ"], "WOJ", optional=False)
    pow_ = _digits(row, values["POW"], "POW", optional=True)
    gmi = _digits(row, values["GMI"], "GMI", optional=True)
    rodz = values["RODZ"].strip()
    name = values["NAZWA"].strip()
    if gmi and not pow_:
        raise TerytFormatError(row, _("a gmina code needs a powiat code"))
    if gmi:
        if rodz not in VALID_TYPES:
            raise TerytFormatError(row, _("wrong type code (RODZ): “%(value)s”") % {"value": rodz})
        level = UnitLevel.GMINA if rodz in GMINA_TYPES else UnitLevel.GMINA_PART
        code = woj + pow_ + gmi + rodz
    else:
        if rodz:
            raise TerytFormatError(
                row, _("a type code (RODZ) “%(value)s” without a gmina code") % {"value": rodz}
            )
        level = UnitLevel.POWIAT if pow_ else UnitLevel.VOIVODESHIP
        code = woj + pow_
    if not name:
        raise TerytFormatError(row, _("the name (NAZWA) is empty"))
    if len(name) > 100 or len(values["NAZWA_DOD"]) > 100:
        raise TerytFormatError(row, _("a name is longer than 100 characters"))
    return TercRecord(
        row=row,
        code=code,
        level=level,
        unit_type=rodz,
        name=name,
        name_extra=values["NAZWA_DOD"].strip(),
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
            )
        seen[record.code] = record.row
    state_on = declared_state or max(record.state_on for record in records)
    return TercFile(records=records, state_on=state_on)


def iter_levels(records: list[TercRecord]) -> Iterator[list[TercRecord]]:
    """Records grouped so that every parent comes in an earlier group than its children."""
    for level in (UnitLevel.VOIVODESHIP, UnitLevel.POWIAT, UnitLevel.GMINA, UnitLevel.GMINA_PART):
        yield [record for record in records if record.level == level]

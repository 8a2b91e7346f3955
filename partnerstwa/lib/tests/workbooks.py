"""XLSX workbooks written by hand, so that tests can break them the ways files from outside come
broken (openpyxl itself never writes such files)."""

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_xml(rows: list[list], shared: list[str]) -> str:
    """A sheet of the values: text goes to the shared strings (t="s"), numbers stay numbers."""
    lines = []
    for number, values in enumerate(rows, start=1):
        cells = []
        for index, value in enumerate(values, start=1):
            reference = f"{_column(index)}{number}"
            if value is None:
                continue
            if isinstance(value, str):
                if value not in shared:
                    shared.append(value)
                cells.append(f'<c r="{reference}" t="s"><v>{shared.index(value)}</v></c>')
            else:
                cells.append(f'<c r="{reference}" t="n"><v>{value}</v></c>')
        lines.append(f'<row r="{number}">{"".join(cells)}</row>')
    width = max((len(values) for values in rows), default=1)
    # Like the files spreadsheets write: the dimension first, which openpyxl reads on opening.
    dimension = f'<dimension ref="A1:{_column(width)}{max(len(rows), 1)}"/>'
    return (
        f'<worksheet xmlns="{MAIN}">{dimension}<sheetData>{"".join(lines)}</sheetData></worksheet>'
    )


def workbook_bytes(
    sheets: dict[str, list[list] | str], *, shared: list[str] | None = None
) -> bytes:
    """An XLSX of the sheets (rows of values, or a sheet's XML as it is given)."""
    shared = [] if shared is None else shared
    parts = {}
    for number, content in enumerate(sheets.values(), start=1):
        xml = content if isinstance(content, str) else sheet_xml(content, shared)
        parts[f"xl/worksheets/sheet{number}.xml"] = xml
    strings = "".join(f"<si><t>{escape(text)}</t></si>" for text in shared)
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">{strings}</sst>'
    )
    sheet_entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheets, start=1)
    )
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>{sheet_entries}</sheets></workbook>'
    )
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{DOC}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    relations += (
        f'<Relationship Id="rId{len(sheets) + 1}" Type="{DOC}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{RELS}">{relations}</Relationships>'
    )
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{OOXML}.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    parts["[Content_Types].xml"] = (
        f'<Types xmlns="{TYPES}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{OOXML}.sheet.main+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{OOXML}.sharedStrings+xml"/>'
        f"{overrides}</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


HEADER = ["first_name", "last_name", "email", "organisation"]
GOOD_ROWS = [HEADER, ["Jan", "Kowalski", "jan@example.org", None], ["Ewa", "Nowak", None, None]]


def broken_workbooks(header: list[str] = HEADER, name: str = "Lista") -> dict[str, bytes]:
    """The ways the review broke attendance lists, each fault at row 3 of sheet `name`."""
    rows = [header, ["Jan", "Kowalski", "jan@example.org"], ["Ewa", "Nowak", "ewa@example.org"]]
    good = sheet_xml(rows, shared := [])
    third = good.index('<row r="3">')
    return {
        "truncated sheet XML": workbook_bytes({name: good[: third + 40]}, shared=list(shared)),
        "a cell that is not a number": workbook_bytes(
            {name: good.replace('<row r="3">', '<row r="3"><c r="E3" t="n"><v>abc</v></c>')},
            shared=list(shared),
        ),
        "the day 2016-02-30": workbook_bytes(
            {name: good.replace('<row r="3">', '<row r="3"><c r="E3" t="d"><v>2016-02-30</v></c>')},
            shared=list(shared),
        ),
        "a shared string out of range": workbook_bytes(
            {name: good.replace('<row r="3">', '<row r="3"><c r="E3" t="s"><v>999</v></c>')},
            shared=list(shared),
        ),
        "no sheet": workbook_bytes({}),
    }

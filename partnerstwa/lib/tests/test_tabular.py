"""The one reader of tables from outside (issue 9, finding 6: a malformed file is the file's
fault — one error type naming the sheet, row, column and value, never another exception)."""

import contextlib
import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerstwa.lib import tabular
from partnerstwa.lib.errors import FileRowError
from partnerstwa.lib.tests.workbooks import (
    GOOD_ROWS,
    MAIN,
    broken_workbooks,
    sheet_xml,
    workbook_bytes,
)

FAST = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def read(source, **kwargs):
    return list(tabular.rows(source, file="lista", **kwargs))


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
@pytest.mark.parametrize("delimiter", [b",", b";"])
def test_csv_is_read_with_or_without_bom_either_line_ending_and_either_delimiter(
    bom, newline, delimiter
):
    text = newline.join(
        [b"a" + delimiter + b"b", b"Jan" + delimiter + b"\xc5\x81\xc3\xb3d\xc5\xba", b""]
    )
    assert read(bom + text) == [(1, ["a", "b"]), (2, ["Jan", "Łódź"])]


def test_rows_keep_the_files_own_numbers_across_blank_lines_and_quoted_line_breaks():
    text = b'a,b\n\n"multi\nline",x\nlast,y\n'
    assert read(text) == [(1, ["a", "b"]), (2, []), (3, ["multi\nline", "x"]), (5, ["last", "y"])]


def test_finding_6_a_byte_that_is_not_utf8_names_its_row_and_column():
    data = "a;b;c\nJan;Kołodziej;x\n".encode("cp1250")
    with pytest.raises(FileRowError) as error:
        read(data)
    assert (error.value.row, error.value.column, error.value.file) == (2, 2, "lista")
    assert "UTF-8" in error.value.reason


def test_finding_8_a_nul_byte_is_refused_with_its_row_and_column():
    with pytest.raises(FileRowError) as error:
        read(b"a,b,c\nx,y\x00z,w\n")
    assert (error.value.row, error.value.column) == (2, 2)
    assert "NUL" in error.value.reason


def test_a_line_no_table_has_is_refused_without_reading_it_whole():
    with pytest.raises(FileRowError) as error:
        read(b"a,b\n" + b"x" * (tabular.MAX_LINE_BYTES + 10))
    assert error.value.row == 2


def test_a_record_the_csv_module_cannot_read_is_the_files_error():
    with pytest.raises(FileRowError) as error:
        read(b"a,b\n" + b"x" * 200_000 + b",y\n")  # a field beyond csv's field size limit
    assert error.value.row == 2


def test_a_workbooks_first_sheet_is_read_as_text_with_its_row_numbers(xlsx_reader):
    rows = read(workbook_bytes({"Lista": [["a", 1, 2.5], [None], ["x", 10.0]]}))
    assert rows == [(1, ["a", "1", "2.5"]), (2, []), (3, ["x", "10"])]


def test_a_sheet_whose_dimension_lies_is_read_whole(xlsx_reader):
    workbook = workbook_bytes({"Lista": [["a"], ["b"], ["c"]]})
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b'ref="A1:A3"', b'ref="A1:A1"'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert [cells for _n, cells in read(buffer.getvalue())] == [["a"], ["b"], ["c"]]


def test_dates_in_a_workbook_are_iso_days(xlsx_reader):
    workbook = openpyxl.Workbook()
    workbook.active.append(["2016-03-03", openpyxl.utils.datetime.from_excel(42432)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read(buffer.getvalue()) == [(1, ["2016-03-03", "2016-03-03"])]


@pytest.fixture(params=["calamine", "openpyxl"])
def xlsx_reader(request, monkeypatch):
    """Each workbook test runs through both readers: calamine (small workbooks) and openpyxl
    (larger ones, streamed; here by lowering the size calamine takes to nothing)."""
    if request.param == "openpyxl":
        monkeypatch.setattr(tabular, "CALAMINE_MAX_BYTES", -1)
    return request.param


@pytest.mark.parametrize(("case", "data"), list(broken_workbooks().items()))
def test_finding_6_every_way_a_workbook_breaks_is_one_error_naming_the_sheet_and_row(
    case, data, xlsx_reader
):
    with pytest.raises(FileRowError) as error:
        read(data)
    if case == "no sheet":
        assert error.value.reason == "skoroszyt nie ma żadnego arkusza"
    else:
        assert (error.value.sheet, error.value.row) == ("Lista", 3)
        assert str(error.value).startswith("lista, ") and "Lista" in str(error.value)


def test_a_file_that_is_not_a_workbook_but_starts_like_one_is_the_files_error():
    with pytest.raises(FileRowError) as error:
        read(b"PK\x03\x04 not really a zip")
    assert error.value.row is None and error.value.file == "lista"


def test_a_missing_or_unreadable_path_is_the_files_error(tmp_path):
    with pytest.raises(FileRowError):
        read(tmp_path / "none.csv")
    with pytest.raises(FileRowError):
        read(tmp_path)  # a folder


def test_the_error_quotes_a_value_without_breaking_the_line():
    error = FileRowError(4, "powód", file="f.csv", column="name", value="a\r\nb" + "x" * 80)
    assert "\n" not in str(error) and "\\x0d\\x0a" in str(error) and "…" in str(error)


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_give_rows_or_the_files_error(data):
    try:
        for number, cells in read(data):
            assert number >= 1 and all(isinstance(cell, str) for cell in cells)
    except FileRowError:
        pass


@FAST
@given(
    st.lists(
        st.lists(st.text(max_size=12), max_size=5),
        max_size=6,
    ),
    st.sampled_from([",", ";"]),
)
def test_any_text_table_written_as_csv_reads_back_or_is_the_files_error(table, delimiter):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(table)
    with contextlib.suppress(FileRowError):
        read(buffer.getvalue().encode("utf-8", "surrogatepass"))


GOOD_WORKBOOK = workbook_bytes({"Lista": GOOD_ROWS})


@FAST
@given(st.integers(min_value=0, max_value=len(GOOD_WORKBOOK)), st.binary(max_size=8))
def test_a_workbook_cut_anywhere_or_scribbled_on_gives_rows_or_the_files_error(cut, scribble):
    data = GOOD_WORKBOOK[:cut] + scribble + GOOD_WORKBOOK[cut + len(scribble) :]
    with contextlib.suppress(FileRowError):
        read(data)


def test_a_row_number_beyond_what_a_spreadsheet_holds_is_refused_once_reached(
    monkeypatch, xlsx_reader
):
    """A two-kilobyte file naming row 30,000,000 kept a worker busy for 20 s: the reader stops at
    the spreadsheet limit (lowered here so the test walks 100 empty rows, not a million)."""
    monkeypatch.setattr(tabular, "MAX_ROWS", 100)
    good = sheet_xml([["a"], ["b"]], shared := [])
    far = good.replace(
        "</sheetData>", '<row r="30000000"><c r="A30000000" t="n"><v>1</v></c></row></sheetData>'
    )
    with pytest.raises(FileRowError) as raised:
        list(read(workbook_bytes({"Lista": far}, shared=shared)))
    assert raised.value.row == 101
    assert raised.value.sheet == "Lista"


CELL_VALUES = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=8),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.booleans(),
    st.dates(min_value=datetime.date(1901, 1, 1), max_value=datetime.date(2099, 12, 31)),
    st.datetimes(
        min_value=datetime.datetime(1901, 1, 1), max_value=datetime.datetime(2099, 12, 31)
    ).map(lambda moment: moment.replace(microsecond=0)),
)


@FAST
@given(
    st.lists(st.lists(CELL_VALUES, max_size=6), max_size=8),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=3),
)
def test_calamine_and_openpyxl_read_any_workbook_to_the_same_rows(table, top, left):
    """The fast reader (calamine) is used only where it gives exactly what the streaming one does:
    row numbers, empty rows, cells as text (numbers, days, moments, truth values)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row, values in enumerate(table, start=1 + top):
        for column, value in enumerate(values, start=1 + left):
            sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    quick = read(data)
    original = tabular.CALAMINE_MAX_BYTES
    tabular.CALAMINE_MAX_BYTES = -1
    try:
        streamed = read(data)
    finally:
        tabular.CALAMINE_MAX_BYTES = original
    assert [(n, c) for n, c in quick if c] == [(n, c) for n, c in streamed if c]
    last = max((n for n, c in streamed if c), default=0)
    assert [n for n, _c in quick if n <= last] == [n for n, _c in streamed if n <= last]


@pytest.mark.parametrize(
    "far_row",
    [
        '<row r="40000"><c r="XFD40000" t="n"><v>1</v></c></row>',
        '<row\nr="40000"><c\tr="XFD40000" t="n"><v>1</v></c></row>',
        '<x:row r="40000"><x:c s="0"\n r="XFD40000" t="n"><x:v>1</x:v></x:c></x:row>',
        '<row spans="1:16384" r="40000"><c s="0" r="XFD40000"><v>1</v></c></row>',
    ],
    ids=["plain", "line-breaks-between-attributes", "namespaced", "other-attributes-first"],
)
def test_a_far_cell_however_its_tag_is_written_is_streamed_not_made_a_grid(monkeypatch, far_row):
    """calamine makes a sheet a dense grid: two cells at A1 and XFD40000 would be 650 million
    cells. Such a workbook goes to the streaming reader."""
    far = (
        sheet_xml([["a"]], shared := [])
        .replace("<worksheet ", f'<worksheet xmlns:x="{MAIN}" ')
        .replace("</sheetData>", far_row + "</sheetData>")
    )
    data = workbook_bytes({"Lista": far}, shared=shared)

    def refuse(*args, **kwargs):
        raise AssertionError("calamine was asked to read it")

    monkeypatch.setattr(tabular.python_calamine.CalamineWorkbook, "from_filelike", refuse)
    rows = read(data)
    assert rows[0] == (1, ["a"]) and rows[-1][0] == 40000 and rows[-1][1][-1] == "1"

import contextlib
import csv
import datetime
import io
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerstwa.activities.models import Attendance, Event
from partnerstwa.contests.models import ContestEdition
from partnerstwa.indicators.package import COLUMNS, Package, PackageRejected, validate
from partnerstwa.indicators.services import programme_import
from partnerstwa.indicators.template import template_workbook
from partnerstwa.lib.errors import FileRowError
from partnerstwa.lib.tests.workbooks import broken_workbooks
from partnerstwa.partnerships.models import Partnership, PartnershipMember, Project
from partnerstwa.registry.models import AssociationMembership, Organisation, Person
from partnerstwa.registry.tests.factories import gmina, powiat

pytestmark = pytest.mark.django_db

PACKAGE = {
    "organisations": [
        ["key", "name", "kind", "teryt", "nip", "regon"],
        ["bol", "Miasto Bolesławiec", "gmina", "0201011", "", ""],
        ["bolw", "Gmina Bolesławiec", "gmina", "0201022", "", ""],
        ["pow", "Powiat bolesławiecki", "powiat", "0201", "", ""],
        ["fund", "Fundacja Rozwoju", "ngo", "", "7791011327", ""],
    ],
    "memberships": [
        ["organisation_key", "association", "joined_on", "left_on"],
        ["bol", "ZMP", "2000-01-01", ""],
    ],
    "partnerships": [
        ["key", "name", "formed_on"],
        ["p1", "Partnerstwo Bolesławieckie", "2013-05-01"],
    ],
    "partnership_members": [
        ["partnership_key", "organisation_key", "role", "joined_on"],
        ["p1", "bol", "leader", "2013-05-01"],
        ["p1", "bolw", "member", ""],
        ["p1", "fund", "member", "2014-01-01"],
    ],
    "projects": [
        [
            "key",
            "partnership_key",
            "title",
            "funding_programme",
            "total_value_pln",
            "grant_pln",
            "starts_on",
            "ends_on",
        ],
        [
            "pr1",
            "p1",
            "Strategia",
            "MF EOG 2009–2014",
            "2 153 204,01",
            "1830223.41",
            "2014-01-01",
            "2016-01-31",
        ],
    ],
    "events": [
        ["key", "kind", "title", "starts_on", "ends_on", "city", "country"],
        ["e1", "training", "Szkolenie", "2014-05-12", "2014-05-13", "Poznań", "PL"],
        ["e2", "study_visit", "Wizyta w Norwegii", "2015-09-01", "2015-09-04", "Oslo", "NO"],
    ],
    "attendance": [
        ["event_key", "first_name", "last_name", "email", "organisation_key"],
        ["e1", "Anna", "Nowak", "Anna.Nowak@example.org", "bol"],
        ["e2", "Anna", "Nowak", " anna.nowak@EXAMPLE.org ", "bol"],
        ["e1", "Jan", "Kowalski", "", ""],
    ],
    "contest_editions": [["key", "name", "decided_on"], ["c14", "Konkurs 2014", "2014-06-02"]],
}


@pytest.fixture(autouse=True)
def register():
    for code in ("0201011", "0201022"):
        gmina(code)
    powiat("0201")


def write_folder(path, package, delimiter=","):
    path.mkdir(exist_ok=True)
    for name, rows in package.items():
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows(rows)
        (path / f"{name}.csv").write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


def write_workbook(path, package):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in package.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def snapshot():
    return (
        list(Organisation.objects.order_by("pk").values()),
        list(PartnershipMember.objects.order_by("pk").values()),
        list(Project.objects.order_by("pk").values()),
        list(
            Event.objects.order_by("pk").values(
                "pk", "title", "starts_at", "ends_at", "destination_city"
            )
        ),
        list(Attendance.objects.order_by("pk").values("session_id", "person_id")),
        list(AssociationMembership.objects.order_by("pk").values()),
    )


def test_a_valid_csv_package_is_imported_and_a_second_import_changes_nothing(tmp_path):
    folder = write_folder(tmp_path / "pakiet", PACKAGE, delimiter=";")
    stats = programme_import(folder)
    assert stats["organisations_created"] == 4 and stats["attendance_created"] == 3
    project = Project.objects.get()
    assert (project.total_value, project.grant, project.own_contribution) == (
        Decimal("2153204.01"),
        Decimal("1830223.41"),
        Decimal("322980.60"),
    )
    partnership = Partnership.objects.get()
    assert partnership.members.get(role="leader").organisation.name == "Miasto Bolesławiec"
    assert Person.objects.filter(email="anna.nowak@example.org").count() == 1  # one Anna
    visit = Event.objects.get(kind="study_visit")
    assert (visit.destination_city, visit.destination_country) == ("Oslo", "NO")
    assert ContestEdition.objects.get().decided_on.isoformat() == "2014-06-02"
    before = snapshot()

    again = programme_import(folder)

    assert snapshot() == before
    assert not any(key.endswith("_created") and count for key, count in again.items())


def test_an_xlsx_workbook_gives_the_same_records(tmp_path):
    programme_import(write_workbook(tmp_path / "pakiet.xlsx", PACKAGE))
    assert Organisation.objects.count() == 4 and Attendance.objects.count() == 3


def test_a_package_with_errors_is_rejected_whole_with_every_error_named(tmp_path):
    broken = {name: [list(row) for row in rows] for name, rows in PACKAGE.items()}
    broken["organisations"][1][3] = "0299011"  # no such unit
    broken["partnership_members"][2][2] = "leader"  # a second leader
    broken["attendance"].append(["e9", "Ewa", "Zielińska", "", ""])  # no such event
    with pytest.raises(PackageRejected) as rejected:
        programme_import(write_folder(tmp_path / "pakiet", broken))
    text = str(rejected.value)
    assert "organisations.csv, wiersz 2, teryt „0299011”: brak w rejestrze TERYT" in text
    assert "partnership_members.csv, wiersz 3, role „leader”" in text
    assert "attendance.csv, wiersz 5, event_key „e9”" in text
    assert len(rejected.value.errors) == 3
    assert not Organisation.objects.exists() and not Partnership.objects.exists()


def test_the_command_lists_errors_and_exits_non_zero(tmp_path):
    broken = {name: [list(row) for row in rows] for name, rows in PACKAGE.items()}
    broken["projects"][1][4] = "dużo"
    with pytest.raises(CommandError) as error:
        call_command("import_programme", str(write_folder(tmp_path / "pakiet", broken)))
    assert "projects.csv, wiersz 2, total_value_pln „dużo”" in str(error.value)
    assert not Project.objects.exists()


def test_a_dry_run_counts_and_writes_nothing(tmp_path):
    out = StringIO()
    call_command(
        "import_programme", str(write_folder(tmp_path / "p", PACKAGE)), "--dry-run", stdout=out
    )
    assert "organisations_created 4" in out.getvalue()
    assert not Organisation.objects.exists()


def test_the_downloadable_template_has_every_sheet_and_imports(client, tmp_path):
    response = client.get("/wskazniki/pakiet-wzor.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == list(COLUMNS)
    for name, columns in COLUMNS.items():
        assert [cell.value for cell in workbook[name][1]] == columns
    gmina("1421033", "Brwinów")
    path = tmp_path / "wzor.xlsx"
    path.write_bytes(template_workbook())
    assert programme_import(path)["attendance_created"] == 1


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(tmp_path):
    text = tmp_path / "pakiet.xlsx"
    text.write_text("to nie jest skoroszyt")
    with pytest.raises(PackageRejected) as rejected:
        programme_import(text)
    assert "nie jest skoroszytem XLSX" in str(rejected.value)


def test_values_the_records_cannot_hold_are_refused_before_anything_is_written(tmp_path):
    broken = {name: [list(row) for row in rows] for name, rows in PACKAGE.items()}
    broken["organisations"][4][3] = "0201011"  # an NGO given a gmina's code
    broken["partnerships"][1][1] = "P" * 300  # longer than a partnership's name may be
    with pytest.raises(PackageRejected) as rejected:
        programme_import(write_folder(tmp_path / "pakiet", broken))
    text = str(rejected.value)
    assert "organisations.csv, wiersz 5, teryt „0201011”" in text
    assert "partnerships.csv, wiersz 2, name" in text
    assert len(rejected.value.errors) == 2
    assert not Organisation.objects.exists()


def test_a_nip_written_with_dashes_is_stored_as_digits(tmp_path):
    package = {name: [list(row) for row in rows] for name, rows in PACKAGE.items()}
    package["organisations"][4][4] = "779-101-13-27"
    programme_import(write_folder(tmp_path / "pakiet", package))
    assert Organisation.objects.get(name="Fundacja Rozwoju").nip == "7791011327"


FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def package_with(**changes):
    """PACKAGE with cells changed: {"projects": {(1, 4): "1e3"}} sets row 1, column 4."""
    package = {name: [list(row) for row in rows] for name, rows in PACKAGE.items()}
    for name, cells in changes.items():
        for (row, column), value in cells.items():
            package[name][row][column] = value
    return package


def command_error(path) -> str:
    with pytest.raises(CommandError) as error:
        call_command("import_programme", str(path))
    return str(error.value)


@pytest.mark.parametrize(
    ("case", "data"), list(broken_workbooks(COLUMNS["events"], "events").items())
)
def test_finding_6_a_malformed_workbook_is_named_by_sheet_and_row_never_a_traceback(
    tmp_path, case, data
):
    path = tmp_path / "pakiet.xlsx"
    path.write_bytes(data)
    message = command_error(path)
    if case != "no sheet":
        assert "arkusz „events”, wiersz 3" in message
    assert not Event.objects.exists() and not Organisation.objects.exists()


def test_finding_6_files_that_are_not_what_they_say_are_named_not_a_traceback(tmp_path):
    not_a_workbook = tmp_path / "pakiet.xlsx"
    not_a_workbook.write_bytes(b"PK\x03\x04 to nie jest skoroszyt")
    assert "nie jest skoroszytem XLSX" in command_error(not_a_workbook)
    folder = write_folder(tmp_path / "pakiet", PACKAGE)
    (folder / "events.csv").write_bytes(bytes(range(256)))
    assert "events.csv, wiersz 1" in command_error(folder)
    assert not Organisation.objects.exists()


def test_finding_8_a_nul_byte_in_a_package_is_refused_with_its_row_and_column(tmp_path):
    package = package_with(partnerships={(1, 1): "Partnerstwo\x00"})
    message = command_error(write_folder(tmp_path / "pakiet", package))
    assert "partnerships.csv, wiersz 2, kolumna 2" in message and "NUL" in message
    assert not Partnership.objects.exists()


def test_finding_9_implausible_days_amounts_and_names_are_refused_each_where_it_is(tmp_path):
    next_year = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()
    package = package_with(
        projects={(1, 4): "1e3", (1, 5): "١٠٠", (1, 6): "0001-01-01", (1, 7): "9999-12-31"},
        partnerships={(1, 1): "Partnerstwo\r\nBcc: x@example.org"},
        contest_editions={(1, 2): next_year},
    )
    with pytest.raises(PackageRejected) as rejected:
        programme_import(write_folder(tmp_path / "pakiet", package))
    found = {(error.file, error.row, error.column) for error in rejected.value.errors}
    assert found == {
        ("projects.csv", 2, "total_value_pln"),
        ("projects.csv", 2, "grant_pln"),
        ("projects.csv", 2, "starts_on"),
        ("projects.csv", 2, "ends_on"),
        ("partnerships.csv", 2, "name"),
        ("contest_editions.csv", 2, "decided_on"),
    }
    assert not Project.objects.exists() and not Partnership.objects.exists()


def cell_values():
    return st.one_of(
        st.text(max_size=20),
        st.dates().map(datetime.date.isoformat),
        st.sampled_from(
            [
                "",
                "0001-01-01",
                "9999-12-31",
                "2016-02-30",
                "1e3",
                "١٠٠",
                "2 153 204,01",
                "-5",
                "gmina",
                "powiat",
                "ngo",
                "0201011",
                "leader",
                "member",
                "training",
                "PL",
                "p1",
                "bol",
                "e1",
                "ZMP",
                "a@example.org",
                "x" * 300,
            ]
        ),
    )


@pytest.mark.parametrize("sheet", list(COLUMNS))
@FAST
@given(data=st.data())
def test_every_sheets_row_parser_turns_any_values_into_errors_never_an_exception(sheet, data):
    rows = data.draw(
        st.lists(st.fixed_dictionaries({c: cell_values() for c in COLUMNS[sheet]}), max_size=3)
    )
    package = Package(rows={name: [] for name in COLUMNS})
    package.rows[sheet] = [(number, row) for number, row in enumerate(rows, start=2)]
    errors = validate(package, known_keys={}, located=lambda name: {"file": f"{name}.csv"})
    assert all(isinstance(error, FileRowError) and str(error) for error in errors)


@FAST
@given(
    sheet=st.sampled_from(list(COLUMNS)),
    rows=st.lists(st.lists(cell_values(), max_size=9), max_size=4),
    raw=st.binary(max_size=60),
)
def test_any_small_package_is_imported_or_rejected_and_a_rejected_one_changes_nothing(
    tmp_path_factory, sheet, rows, raw
):
    folder = write_folder(tmp_path_factory.mktemp("p") / "pakiet", PACKAGE)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([COLUMNS[sheet], *rows])
    (folder / f"{sheet}.csv").write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass") + raw)
    before = snapshot()
    with contextlib.suppress(PackageRejected):
        programme_import(folder)
        return
    assert snapshot() == before

import contextlib
import io

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerstwa.activities.attendance_import import (
    COLUMNS,
    ImportFileError,
    attendance_import,
    row_problems,
)
from partnerstwa.activities.models import Attendance
from partnerstwa.activities.tests.factories import event, register
from partnerstwa.lib.tests.workbooks import broken_workbooks
from partnerstwa.registry.models import Affiliation, Person
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return event().sessions.get()


def csv_file(tmp_path, text: str, *, bom=False, name="lista.csv"):
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def xlsx_file(tmp_path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / "lista.xlsx"
    workbook.save(path)
    return path


def test_the_preview_shows_what_will_happen_and_writes_nothing(tmp_path, session):
    OrganisationFactory(name="Gmina Brwinów")
    path = csv_file(
        tmp_path,
        "first_name,last_name,email,organisation\nJan,Kowalski,jan@example.org,Gmina Brwinów\n"
        "Ewa,Nowak,,\n",
    )
    people_before = Person.objects.count()

    report = attendance_import(path, session=session, user=None, commit=False)

    assert report.ok and report.rows == 2
    assert (report.persons_created, report.attendances_created) == (2, 2)
    assert [outcome.action for outcome in report.outcomes] == ["create", "create"]
    assert Person.objects.count() == people_before and not Attendance.objects.exists()


def test_confirming_writes_every_row(tmp_path, session):
    brwinow = OrganisationFactory(name="Gmina Brwinów")
    path = csv_file(
        tmp_path,
        "first_name;last_name;email;organisation\r\nJan;Kowalski;jan@example.org;gmina brwinów\r\n",
        bom=True,
    )
    report = attendance_import(path, session=session, user=None, commit=True)
    assert report.attendances_created == 1
    attendance = Attendance.objects.get()
    assert attendance.organisation == brwinow and attendance.method == "import"
    assert Affiliation.objects.filter(person=attendance.person, organisation=brwinow).exists()


def test_a_person_is_matched_by_email_ignoring_case_and_spaces(tmp_path, session):
    known = PersonFactory(email="Jan.Kowalski@Example.org")
    path = csv_file(
        tmp_path, "first_name,last_name,email,organisation\nJanek,K,  jan.kowalski@example.ORG ,\n"
    )
    report = attendance_import(path, session=session, user=None, commit=True)
    assert (report.persons_matched, report.persons_created) == (1, 0)
    assert Attendance.objects.get().person == known


def test_without_email_a_person_is_matched_by_name_and_organisation(tmp_path, session):
    office = OrganisationFactory(name="Urząd Miasta")
    known = PersonFactory(first_name="Ewa", last_name="Nowak", email="")
    Affiliation.objects.create(person=known, organisation=office)
    namesake = PersonFactory(first_name="Ewa", last_name="Nowak", email="inna@example.org")
    path = csv_file(tmp_path, "first_name,last_name,email,organisation\newa,NOWAK,,Urząd Miasta\n")
    report = attendance_import(path, session=session, user=None, commit=True)
    assert report.persons_matched == 1
    assert Attendance.objects.get().person == known != namesake


def test_row_errors_are_all_listed_with_their_numbers_and_nothing_is_written(tmp_path, session):
    path = csv_file(
        tmp_path,
        "first_name,last_name,email,organisation\n"
        "Jan,Kowalski,jan@example.org,\n"
        ",Nowak,,\n"
        "Ewa,Nowak,to-nie-adres,\n"
        "Piotr,Wiśniewski,,Nieznana Fundacja\n",
    )
    report = attendance_import(path, session=session, user=None, commit=True)
    assert not report.ok
    assert [error.row for error in report.errors] == [3, 4, 5]
    # Columns are named as the template names them, in the interface language.
    assert "imię" in report.errors[0].message
    assert "to-nie-adres" in report.errors[1].message
    assert "Nieznana Fundacja" in report.errors[2].message
    assert (
        not Attendance.objects.exists()
        and not Person.objects.filter(email="jan@example.org").exists()
    )


def test_the_same_person_twice_in_a_file_and_people_already_present_are_not_doubled(
    tmp_path, session
):
    path = csv_file(
        tmp_path,
        "first_name,last_name,email,organisation\nJan,K,jan@example.org,\nJan,K,JAN@example.org,\n",
    )
    attendance_import(path, session=session, user=None, commit=True)
    again = attendance_import(path, session=session, user=None, commit=True)
    assert Attendance.objects.count() == 1
    assert again.already_present == 1 and again.duplicates_in_file == 1


def test_xlsx_lists_are_read_too(tmp_path, session):
    path = xlsx_file(
        tmp_path,
        [
            ["First_Name", "Last_Name", "Email", "Organisation"],
            ["Anna", "Zielińska", "anna@example.org", None],
        ],
    )
    report = attendance_import(path, session=session, user=None, commit=True)
    assert report.attendances_created == 1
    assert Person.objects.get(email="anna@example.org").last_name == "Zielińska"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,surname\nJan,K\n", "brak kolumn imię"),
        (b"", "pusty"),
        ("first_name,last_name,email,organisation\nJan,Kołodziej,,\n".encode("cp1250"), "UTF-8"),
        (b"first_name,last_name,email,organisation\n", "wierszy"),
    ],
)
def test_an_unreadable_file_is_refused_as_a_whole(tmp_path, session, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as error:
        attendance_import(path, session=session, user=None, commit=True)
    assert message in str(error.value)
    assert not Attendance.objects.exists()


def test_staff_preview_then_confirm_over_http(admin_client, tmp_path, settings):
    settings.PRIVATE_ROOT = tmp_path
    training = event()
    url = reverse("activities:staff_import", args=[training.slug])
    upload = io.BytesIO(b"first_name,last_name,email,organisation\nJan,K,jan@example.org,\n")
    upload.name = "lista.csv"
    preview = admin_client.post(url, {"session": 1, "file": upload})
    assert preview.status_code == 200
    assert "Potwierdź import" in preview.content.decode()
    assert not Attendance.objects.exists()
    token = admin_client.session["attendance_import"]["token"]
    stale = admin_client.post(url, {"confirm": "1", "token": "another-tab"})
    assert stale.status_code == 200
    assert "Ten podgląd jest już nieaktualny" in stale.content.decode()
    assert "To pole jest wymagane" not in stale.content.decode()
    assert not Attendance.objects.exists()
    confirmed = admin_client.post(url, {"confirm": "1", "token": token})
    assert confirmed.status_code == 302
    assert Attendance.objects.count() == 1
    assert not list((tmp_path / "attendance-imports").iterdir())


def test_a_list_with_errors_cannot_be_confirmed(admin_client, tmp_path, settings):
    settings.PRIVATE_ROOT = tmp_path
    training = event()
    url = reverse("activities:staff_import", args=[training.slug])
    upload = io.BytesIO(b"first_name,last_name,email,organisation\n,K,,\n")
    upload.name = "lista.csv"
    response = admin_client.post(url, {"session": 1, "file": upload})
    assert response.status_code == 400
    assert "Potwierdź import" not in response.content.decode()
    assert admin_client.post(url, {"confirm": "1"}).status_code == 200
    assert not Attendance.objects.exists()


def test_only_staff_import_lists(client, tmp_path):
    training = event()
    register(training)
    response = client.get(reverse("activities:staff_import", args=[training.slug]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_names_with_polish_capitals_match_whatever_the_database(tmp_path, session):
    office = OrganisationFactory(name="Urząd Gminy Żółtki")
    known = PersonFactory(first_name="Łukasz", last_name="Żółw", email="")
    Affiliation.objects.create(person=known, organisation=office)
    path = csv_file(
        tmp_path, "first_name,last_name,email,organisation\nŁUKASZ,ŻÓŁW,,Urząd Gminy Żółtki\n"
    )
    report = attendance_import(path, session=session, user=None, commit=True)
    assert (report.persons_matched, report.persons_created) == (1, 0)
    assert Attendance.objects.get().person == known


def test_spaces_inside_an_email_and_overlong_values_are_handled(tmp_path, session):
    known = PersonFactory(email="imp.test@example.org")
    path = csv_file(
        tmp_path,
        f"first_name,last_name,email,organisation\nJan,K,Imp.Test @example.org,\n{'X' * 101},K,,\n",
    )
    report = attendance_import(path, session=session, user=None, commit=True)
    assert report.error_count == 1 and report.errors[0].row == 3
    assert "100" in report.errors[0].message
    assert not Attendance.objects.exists()
    fixed = csv_file(
        tmp_path,
        "first_name,last_name,email,organisation\nJan,K,Imp.Test @example.org,\n",
        name="ok.csv",
    )
    attendance_import(fixed, session=session, user=None, commit=True)
    assert Attendance.objects.get().person == known


def test_a_name_two_organisations_share_matches_neither(tmp_path, session):
    OrganisationFactory(name="Gmina Świdnica")
    OrganisationFactory(name="Gmina Świdnica")
    path = csv_file(tmp_path, "first_name,last_name,email,organisation\nJan,K,,gmina świdnica\n")
    report = attendance_import(path, session=session, user=None, commit=True)
    assert report.error_count == 1 and "kilku" in report.errors[0].message
    assert not Attendance.objects.exists()


FAST = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def rows_written() -> tuple[int, int]:
    return Person.objects.count(), Attendance.objects.count()


@pytest.mark.parametrize(("case", "data"), list(broken_workbooks().items()))
def test_finding_6_a_malformed_xlsx_list_is_refused_naming_sheet_and_row_never_a_500(
    admin_client, tmp_path, settings, case, data
):
    settings.PRIVATE_ROOT = tmp_path
    training = event()
    url = reverse("activities:staff_import", args=[training.slug])
    before = rows_written()
    upload = io.BytesIO(data)
    upload.name = "lista.xlsx"

    response = admin_client.post(url, {"session": 1, "file": upload})

    assert response.status_code == 400
    page = response.content.decode()
    if case == "no sheet":
        assert "skoroszyt nie ma żadnego arkusza" in page
    else:
        assert "arkusz „Lista”, wiersz 3" in page
    assert rows_written() == before
    assert not list((tmp_path / "attendance-imports").iterdir())


def test_finding_9_names_with_line_breaks_or_control_characters_are_row_errors(tmp_path, session):
    path = csv_file(
        tmp_path,
        'first_name,last_name,email,organisation\n"Jan\r\nBcc: x@example.org",K,,\n'
        "Ewa,No\x07wak,,\nAnna,Zielińska,,\n",
    )
    report = attendance_import(path, session=session, user=None, commit=True)
    assert [error.row for error in report.errors] == [2, 4]
    assert "imię" in report.errors[0].message and "nazwisko" in report.errors[1].message
    assert rows_written() == (0, 0)


def test_finding_8_a_nul_in_a_list_rejects_it_with_the_row_and_column(tmp_path, session):
    path = csv_file(tmp_path, "first_name,last_name,email,organisation\nJan,K\x00,,\n")
    with pytest.raises(ImportFileError) as error:
        attendance_import(path, session=session, user=None, commit=True)
    assert (error.value.row, error.value.column) == (2, 2)
    assert rows_written() == (0, 0)


@FAST
@given(st.fixed_dictionaries({column: st.text(max_size=300) for column in COLUMNS}))
def test_any_row_values_give_a_list_of_problems_never_an_exception(row):
    problems = row_problems({column: value.strip() for column, value in row.items()})
    assert all(isinstance(problem, str) for problem in problems)


@FAST
@given(
    st.lists(
        st.lists(st.text(max_size=30), min_size=0, max_size=5),
        max_size=5,
    )
)
def test_any_small_list_is_imported_or_refused_and_a_refused_one_writes_nothing(
    tmp_path_factory, session, rows
):
    lines = [",".join(COLUMNS)] + [",".join(cells) for cells in rows]
    path = tmp_path_factory.mktemp("list") / "lista.csv"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    before = rows_written()
    report = None
    with contextlib.suppress(ImportFileError):
        report = attendance_import(path, session=session, user=None, commit=True)
    if report is None or not report.ok:
        assert rows_written() == before


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_uploaded_as_a_list_are_refused_or_imported_never_an_exception(
    tmp_path_factory, session, data
):
    path = tmp_path_factory.mktemp("list") / "lista.csv"
    path.write_bytes(data)
    before = rows_written()
    report = None
    with contextlib.suppress(ImportFileError):
        report = attendance_import(path, session=session, user=None, commit=True)
    if report is None or not report.ok:
        assert rows_written() == before

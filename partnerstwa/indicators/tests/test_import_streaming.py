"""The programme import streams its tables in batches (issue 13): memory holds keys, not rows,
and the all-or-nothing rule holds whichever batch the fault is in."""

import pytest

from partnerstwa.activities.models import Attendance, Event
from partnerstwa.indicators import package as pkg
from partnerstwa.indicators import services
from partnerstwa.indicators.package import PackageRejected
from partnerstwa.indicators.services import programme_import
from partnerstwa.indicators.tests.test_package_import import PACKAGE, snapshot, write_folder
from partnerstwa.partnerships.models import Partnership
from partnerstwa.registry.models import Organisation, Person
from partnerstwa.registry.tests.factories import gmina, powiat

pytestmark = pytest.mark.django_db

ROWS = 23  # attendance rows: several batches of BATCH_SIZE


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(services, "BATCH", 4)
    for code in ("0201011", "0201022"):
        gmina(code)
    powiat("0201")


def long_package(attendance_changes=None):
    """PACKAGE with ROWS attendance rows, every person named once by e-mail, a row changed by
    {row index: values}."""
    package = {name: [list(row) for row in rows] for name, rows in PACKAGE.items()}
    package["attendance"] = [package["attendance"][0]] + [
        ["e1" if n % 2 else "e2", f"Imię{n}", f"Nazwisko{n}", f"osoba{n}@example.org", "bol"]
        for n in range(ROWS)
    ]
    for index, values in (attendance_changes or {}).items():
        package["attendance"][index] = values
    return package


def test_every_table_is_checked_and_written_in_batches_of_at_most_batch_rows(tmp_path, monkeypatch):
    sizes = []
    checked = pkg.Checks.rows

    def spy(self, name, rows):
        sizes.append(len(rows))
        return checked(self, name, rows)

    monkeypatch.setattr(pkg.Checks, "rows", spy)
    stats = programme_import(write_folder(tmp_path / "p", long_package()))
    assert max(sizes) == 4
    assert stats["attendance_created"] == ROWS == Attendance.objects.count()


def test_a_fault_in_the_last_row_of_the_last_batch_rejects_the_whole_package(tmp_path):
    package = long_package({ROWS: ["e1", "Ewa", "", "ewa@example.org", "bol"]})
    before = snapshot()
    with pytest.raises(PackageRejected) as rejected:
        programme_import(write_folder(tmp_path / "p", package))
    (error,) = rejected.value.errors
    assert (error.file, error.row, error.column) == ("attendance.csv", ROWS + 1, "last_name")
    assert snapshot() == before and not Person.objects.exists()


def test_faults_in_several_batches_are_all_named_and_nothing_is_written(tmp_path):
    package = long_package(
        {
            1: ["e9", "Ewa", "Lis", "", ""],  # no such event, in the first batch
            10: ["e1", "Jan", "Nowak", "nie-adres", "bol"],  # a middle batch
            ROWS: ["e1", "Jan", "Kos", "", "nikt"],  # no such organisation, the last
        }
    )
    with pytest.raises(PackageRejected) as rejected:
        programme_import(write_folder(tmp_path / "p", package))
    found = {(error.row, error.column) for error in rejected.value.errors}
    assert found == {(2, "event_key"), (11, "email"), (ROWS + 1, "organisation_key")}
    assert not Organisation.objects.exists() and not Event.objects.exists()


def test_a_key_defined_in_an_earlier_table_is_known_in_every_later_batch(tmp_path):
    package = long_package()
    package["events"] += [
        [f"x{n}", "training", f"Szkolenie {n}", "2014-05-12", "", "Poznań", "PL"] for n in range(9)
    ]
    package["attendance"].append(["x8", "Ola", "Kot", "ola@example.org", "fund"])
    stats = programme_import(write_folder(tmp_path / "p", package))
    assert stats["events_created"] == 11 and stats["attendance_created"] == ROWS + 1


def test_a_partnership_whose_members_span_batches_is_checked_for_its_leader_whole(tmp_path):
    package = long_package()
    package["partnership_members"] = [
        package["partnership_members"][0],
        ["p1", "bolw", "member", ""],
        ["p1", "fund", "member", ""],
        ["p1", "pow", "member", ""],
        ["p1", "bolw", "member", ""],  # a member twice, in the next batch
        ["p1", "bol", "member", ""],
    ]
    with pytest.raises(PackageRejected) as rejected:
        programme_import(write_folder(tmp_path / "p", package))
    found = {(error.row, error.column, error.value) for error in rejected.value.errors}
    assert found == {(5, "organisation_key", "bolw"), (0, "partnership_key", "p1")}
    assert not Partnership.objects.exists()


def test_a_person_named_without_an_e_mail_in_several_batches_is_one_person(tmp_path):
    package = long_package()
    package["attendance"] += [["e1" if n % 2 else "e2", "Jan", "Bez", "", "bol"] for n in range(9)]
    stats = programme_import(write_folder(tmp_path / "p", package))
    assert Person.objects.filter(last_name="Bez").count() == 1
    assert stats["attendance_created"] == ROWS + 2  # one per event, the rest repeat

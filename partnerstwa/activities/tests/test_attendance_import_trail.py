"""A confirmed attendance import leaves each record it creates in the audit trail once, with
the importing person as the actor; a preview or a refused list leaves nothing there."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from partnerstwa.activities.attendance_import import attendance_import
from partnerstwa.activities.models import Attendance
from partnerstwa.activities.tests.factories import event
from partnerstwa.registry.models import Affiliation, Person
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIST = (
    "first_name,last_name,email,organisation\n"
    "Jan,Kowalski,jan@example.org,Gmina Brwinów\n"
    "Ewa,Nowak,,\n"
    "Anna,Znana,anna@example.org,\n"
)


@pytest.fixture
def setting(tmp_path):
    organisation = OrganisationFactory(name="Gmina Brwinów")
    PersonFactory(first_name="Anna", last_name="Znana", email="anna@example.org")
    session = event().sessions.get()
    user = get_user_model().objects.create_user("koordynator", email="k@example.org")
    path = tmp_path / "lista.csv"
    path.write_text(LIST, encoding="utf-8")
    return organisation, session, user, path


def created(model) -> dict[int, LogEntry]:
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=LogEntry.Action.CREATE
    )
    found: dict[int, LogEntry] = {}
    for entry in entries:
        assert entry.object_id not in found, "a record is in the trail twice"
        found[entry.object_id] = entry
    return found


def test_each_person_affiliation_and_attendance_the_import_creates_is_in_the_trail_once(setting):
    organisation, session, user, path = setting
    people_before = set(Person.objects.values_list("pk", flat=True))
    trail_before = set(created(Person))

    with set_actor(user):
        report = attendance_import(path, session=session, user=user, commit=True)

    assert report.ok and report.attendances_created == 3
    jan = Person.objects.get(email="jan@example.org")
    ewa = Person.objects.get(last_name="Nowak")
    assert set(Person.objects.values_list("pk", flat=True)) - people_before == {jan.pk, ewa.pk}
    people = created(Person)
    assert set(people) - trail_before == {jan.pk, ewa.pk}
    assert people[jan.pk].changes_dict["email"] == ["None", "jan@example.org"]
    assert people[ewa.pk].changes_dict["first_name"] == ["None", "Ewa"]
    (affiliation,) = Affiliation.objects.filter(person=jan)
    assert created(Affiliation)[affiliation.pk].changes_dict["organisation"] == [
        "None",
        str(organisation.pk),
    ]
    attendances = created(Attendance)
    assert set(attendances) == set(Attendance.objects.values_list("pk", flat=True))
    jans = attendances[Attendance.objects.get(person=jan).pk]
    assert jans.changes_dict["method"] == ["None", "import"]
    assert jans.changes_dict["recorded_by"] == ["None", str(user.pk)]
    new_entries = [people[jan.pk], people[ewa.pk], *attendances.values()]
    assert {(entry.actor, entry.actor_email) for entry in new_entries} == {(user, user.email)}


def test_a_preview_leaves_nothing_in_the_trail(setting):
    _organisation, session, user, path = setting
    before = LogEntry.objects.count()

    with set_actor(user):
        report = attendance_import(path, session=session, user=user, commit=False)

    assert report.ok and report.attendances_created == 3
    assert LogEntry.objects.count() == before


def test_a_list_refused_at_its_last_row_leaves_nothing_in_the_trail(setting):
    _organisation, session, user, path = setting
    path.write_text(LIST + "Zły,Adres,nie-adres,\n", encoding="utf-8")
    before = LogEntry.objects.count()

    with set_actor(user):
        report = attendance_import(path, session=session, user=user, commit=True)

    assert [error.row for error in report.errors] == [5]
    assert LogEntry.objects.count() == before
    assert not Attendance.objects.exists()


def test_an_error_in_a_later_batch_undoes_the_batches_written_before_it(setting, monkeypatch):
    from partnerstwa.activities import attendance_import as module

    _organisation, session, user, path = setting
    monkeypatch.setattr(module, "BATCH", 2)
    rows = [f"Osoba,Nr{number},osoba{number}@example.org,Gmina Brwinów" for number in range(9)]
    rows.append("Ostatnia,Zła,nie-adres,")
    path.write_text("first_name,last_name,email,organisation\n" + "\n".join(rows) + "\n")
    counts = (Person.objects.count(), Affiliation.objects.count(), LogEntry.objects.count())

    with set_actor(user):
        report = attendance_import(path, session=session, user=user, commit=True)

    assert [error.row for error in report.errors] == [11]
    assert report.persons_created == 9  # the batches before the error were written, then undone
    assert (Person.objects.count(), Affiliation.objects.count(), LogEntry.objects.count()) == counts
    assert not Attendance.objects.exists()

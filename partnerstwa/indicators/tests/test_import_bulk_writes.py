"""Issue 13: the owners write the import's batches in multi-row statements (lib.bulk), several
records' rules checked together, and a refusal still rejects the whole package naming its row."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.activities.models import Attendance, AttendanceMethod, EvaluationQuestion
from partnerstwa.activities.services import attendance_bulk_add, attendance_bulk_record
from partnerstwa.activities.tests.factories import event
from partnerstwa.indicators import services
from partnerstwa.indicators.package import PackageRejected
from partnerstwa.indicators.services import programme_import
from partnerstwa.indicators.tests.test_package_import import PACKAGE, snapshot, write_folder
from partnerstwa.lib import bulk
from partnerstwa.partnerships.models import Project
from partnerstwa.partnerships.services import members_record_many, projects_bulk_create
from partnerstwa.partnerships.tests.factories import PartnershipFactory, gmina_organisation
from partnerstwa.registry.models import (
    Affiliation,
    Association,
    AssociationMembership,
    Organisation,
    Person,
)
from partnerstwa.registry.services import memberships_record, people_bulk_create
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory, gmina, powiat

pytestmark = pytest.mark.django_db
D = datetime.date


def test_people_in_bulk_come_back_with_their_own_keys_and_affiliations():
    organisation = OrganisationFactory()
    people = people_bulk_create(
        people=[("Anna", "Nowak", "anna@example.org"), ("Jan", "Kos", ""), ("Ewa", "Lis", "")],
        organisation_ids=[organisation.pk, None, organisation.pk],
    )
    stored = dict(Person.objects.values_list("pk", "last_name"))
    assert [stored[person.pk] for person in people] == ["Nowak", "Kos", "Lis"]
    assert [person.last_name for person in people] == ["Nowak", "Kos", "Lis"]
    assert set(Affiliation.objects.values_list("person__last_name", "organisation")) == {
        ("Nowak", organisation.pk),
        ("Lis", organisation.pk),
    }


def test_a_person_refused_anywhere_in_a_bulk_batch_refuses_it_whole():
    with pytest.raises(ValidationError) as refused:
        people_bulk_create(
            people=[("Anna", "Nowak", ""), ("Jan", "Kos\nLis", ""), ("Ewa", "a" * 101, "")],
            organisation_ids=[None, None, None],
        )
    assert list(refused.value.message_dict) == ["last_name"]
    assert not Person.objects.exists()


def test_an_address_already_in_the_register_refuses_a_bulk_batch_whole():
    PersonFactory(email="anna@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        people_bulk_create(
            people=[("Jan", "Kos", "jan@example.org"), ("Anna", "Nowak", "ANNA@example.org")],
            organisation_ids=[None, None],
        )
    assert Person.objects.count() == 1


def test_attendance_in_bulk_records_each_person_once_per_session_and_counts_what_it_added():
    session = event().sessions.get()
    anna, jan = PersonFactory(), PersonFactory()
    assert attendance_bulk_record(rows=[(session.pk, anna.pk, None)], method="import") == 1
    added = attendance_bulk_record(
        rows=[(session.pk, anna.pk, None), (session.pk, jan.pk, None), (session.pk, jan.pk, None)],
        method=AttendanceMethod.IMPORT,
    )
    assert added == 1
    assert sorted(Attendance.objects.values_list("person_id", "method")) == [
        (anna.pk, "import"),
        (jan.pk, "import"),
    ]
    assert attendance_bulk_add(attendance=[Attendance(session=session, person=jan)]) == 0


def test_attendance_in_bulk_keeps_the_account_that_recorded_it(django_user_model):
    session = event().sessions.get()
    user = django_user_model.objects.create_user("koordynatorka", password="x" * 12)
    person = PersonFactory()
    attendance_bulk_record(
        rows=[(session.pk, person.pk, None)], method="import", recorded_by_id=user.pk
    )
    assert list(Attendance.objects.values_list("person_id", "recorded_by_id")) == [
        (person.pk, user.pk)
    ]


def test_attendance_in_bulk_refuses_a_method_the_field_does_not_know():
    session = event().sessions.get()
    with pytest.raises(ValidationError):
        attendance_bulk_record(rows=[(session.pk, PersonFactory().pk, None)], method="pigeon")
    assert not Attendance.objects.exists()


def test_memberships_in_bulk_refuse_two_rows_of_one_organisation_sharing_a_day():
    zmp = Association.objects.get(code="ZMP")
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError), transaction.atomic():
        memberships_record(
            organisation_ids={organisation.pk},
            rows=[
                (zmp.pk, organisation.pk, D(2001, 1, 1), D(2005, 12, 31)),
                (zmp.pk, organisation.pk, D(2005, 6, 1), None),
            ],
        )
    assert not AssociationMembership.objects.exists()
    outcomes = memberships_record(
        organisation_ids={organisation.pk},
        rows=[
            (zmp.pk, organisation.pk, D(2001, 1, 1), D(2005, 12, 31)),
            (zmp.pk, organisation.pk, D(2006, 1, 1), None),
            (zmp.pk, organisation.pk, D(2001, 1, 1), D(2005, 12, 31)),
        ],
    )
    assert outcomes == ["created", "created", "unchanged"]
    assert AssociationMembership.objects.count() == 2


def test_members_of_several_partnerships_recorded_together_are_refused_together():
    first, second = PartnershipFactory(), PartnershipFactory()
    bol, bolw = gmina_organisation("0201011"), gmina_organisation("0201022")
    with pytest.raises(ValidationError), transaction.atomic():
        members_record_many(
            groups=[
                (first, [(bol, "leader", None), (bolw, "member", None)]),
                (second, [(bol, "leader", None), (bolw, "observer", None)]),
            ]
        )
    assert not first.members.exists() and not second.members.exists()
    results = members_record_many(
        groups=[(first, [(bol, "leader", None)]), (second, [(bolw, "leader", D(2014, 1, 1))])]
    )
    assert results == [["created"], ["created"]]
    assert set(second.members.values_list("organisation", "role", "joined_on")) == {
        (bolw.pk, "leader", D(2014, 1, 1))
    }


def test_projects_in_bulk_work_out_the_third_amount_and_refuse_a_grant_above_the_total():
    partnership = PartnershipFactory()
    (project,) = projects_bulk_create(
        projects=[
            Project(
                partnership=partnership,
                title="Strategia",
                total_value=Decimal("100.00"),
                grant=Decimal("85.00"),
            )
        ]
    )
    assert Project.objects.get(pk=project.pk).own_contribution == Decimal("15.00")
    with pytest.raises(ValidationError):
        projects_bulk_create(
            projects=[
                Project(partnership=partnership, title="Druga", grant=Decimal("1.00")),
                Project(
                    partnership=partnership,
                    title="Za duża",
                    total_value=Decimal("10.00"),
                    grant=Decimal("11.00"),
                ),
            ]
        )
    assert Project.objects.count() == 1


def test_events_in_bulk_get_one_session_and_the_standard_questions_each():
    from partnerstwa.activities.models import Event
    from partnerstwa.activities.services import events_bulk_create

    start = datetime.datetime(2014, 5, 12, 10, tzinfo=datetime.UTC)
    events = events_bulk_create(
        events=[
            Event(kind="training", title=f"S{n}", slug=f"s{n}", starts_at=start, ends_at=start)
            for n in range(3)
        ]
    )
    for created in events:
        assert list(created.sessions.values_list("number", "starts_at")) == [(1, start)]
    texts = list(EvaluationQuestion.objects.filter(event=events[1]).values_list("order", "text_pl"))
    assert [order for order, _text in texts] == [1, 2, 3, 4]
    assert all(text for _order, text in texts)
    assert len({event.uid for event in events}) == 3


def test_bulk_insert_returns_the_new_keys_in_the_order_of_the_rows():
    earlier = PersonFactory()
    now = timezone.now()
    keys = bulk.insert(
        Person,
        [
            "first_name",
            "last_name",
            "email",
            "phone",
            "created_at",
            "updated_at",
            "is_illustrative",
        ],
        [("Anna", f"Nowak {n}", "", "", now, now, False) for n in range(1500)],
        returning=True,
    )
    names = dict(Person.objects.values_list("pk", "last_name"))
    assert [names[key] for key in keys] == [f"Nowak {n}" for n in range(1500)]
    assert earlier.pk not in keys


@pytest.fixture
def register():
    for code in ("0201011", "0201022"):
        gmina(code)
    powiat("0201")


def test_a_membership_overlapping_another_in_a_later_batch_rejects_the_package_naming_it(
    tmp_path, monkeypatch, register
):
    monkeypatch.setattr(services, "BATCH", 2)
    package = {name: [list(row) for row in rows] for name, rows in PACKAGE.items()}
    package["memberships"] += [
        ["bolw", "ZMP", "2001-01-01", "2003-12-31"],
        ["pow", "ZMP", "2001-01-01", ""],
        ["bolw", "ZMP", "2003-06-01", ""],  # the fourth row of the table, in the second batch
    ]
    before = snapshot()
    with pytest.raises(PackageRejected) as rejected:
        programme_import(write_folder(tmp_path / "p", package))
    (error,) = rejected.value.errors
    assert (error.file, error.row) == ("memberships.csv", 5)
    assert error.reason == _(
        "This organisation is already a member of the association in that period."
    )
    assert snapshot() == before and not Organisation.objects.exists()

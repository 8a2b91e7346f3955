"""lib.bulk: rows written in multi-row statements reach the audit trail as auditlog's own
"created" entries would — once each, every field's value, the actor and the source — whatever
the values hold."""

import datetime
import json

import pytest
from auditlog.context import set_actor, set_extra_data
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Lower
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerstwa.lib import bulk, freshness
from partnerstwa.lib.bulk import OneOf
from partnerstwa.registry.models import Person, PopulationFigure

pytestmark = pytest.mark.django_db

NAMES = ["first_name", "last_name", "email", "phone", "created_at", "updated_at", "is_illustrative"]
MOMENT = datetime.datetime(2026, 3, 3, 9, 30, 15, 123456, tzinfo=datetime.UTC)


def person_row(first_name: str, last_name: str, email: str = "") -> tuple:
    return (first_name, last_name, email, "", MOMENT, MOMENT, False)


def stored_changes(entry: LogEntry) -> str:
    """The changes' JSON text as the database gives it back (PostgreSQL's jsonb normalises it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes FROM auditlog_logentry WHERE id = %s", [entry.pk])
        (stored,) = cursor.fetchone()
    return stored


def created_entries(model) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), action=LogEntry.Action.CREATE
        ).order_by("pk")
    )


def test_each_row_written_in_bulk_is_in_the_trail_once_with_each_fields_value():
    keys = bulk.insert(
        Person,
        NAMES,
        [person_row("Anna", "Nowak", "anna@example.org"), person_row("Jan", "Kos")],
        returning=True,
    )

    entries = created_entries(Person)
    assert [entry.object_id for entry in entries] == keys
    assert [entry.object_pk for entry in entries] == [str(key) for key in keys]
    assert entries[0].changes == {
        "first_name": ["None", "Anna"],
        "last_name": ["None", "Nowak"],
        "email": ["None", "anna@example.org"],
        "phone": ["None", ""],
        "created_at": ["None", "2026-03-03 09:30:15.123456+00:00"],
        "updated_at": ["None", "2026-03-03 09:30:15.123456+00:00"],
        "is_illustrative": ["None", "False"],
    }
    assert entries[1].changes["last_name"] == ["None", "Kos"]
    assert entries[1].object_repr == f"{Person._meta.verbose_name} {keys[1]}"


def test_the_trails_changes_are_stored_as_the_same_json_text_auditlog_would_store():
    (key,) = bulk.insert(Person, NAMES, [person_row("Zofia", 'Żółć "Ł" \\ ✓')], returning=True)

    (entry,) = created_entries(Person)
    expected = {
        "first_name": ["None", "Zofia"],
        "last_name": ["None", 'Żółć "Ł" \\ ✓'],
        "email": ["None", ""],
        "phone": ["None", ""],
        "created_at": ["None", "2026-03-03 09:30:15.123456+00:00"],
        "updated_at": ["None", "2026-03-03 09:30:15.123456+00:00"],
        "is_illustrative": ["None", "False"],
    }
    if connection.vendor == "sqlite":
        # JSONField stores json.dumps() of the dict: this exact text, not only an equal value.
        assert stored_changes(entry) == json.dumps(expected)
    assert json.loads(stored_changes(entry)) == expected
    assert entry.object_id == key


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(last_name=st.text(min_size=1, max_size=40).filter(lambda text: "\x00" not in text))
def test_any_text_comes_back_from_the_trail_as_it_was_written(last_name):
    (key,) = bulk.insert(Person, NAMES, [person_row("Anna", last_name)], returning=True)

    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Person), object_id=key
    )
    assert entry.changes["last_name"] == ["None", last_name]
    assert json.loads(stored_changes(entry))["last_name"] == ["None", last_name]


def test_the_trail_names_the_actor_and_the_source_of_a_bulk_write():
    user = get_user_model().objects.create_user("importer", email="importer@example.org")

    # As auditlog's middleware sets them: the actor and the extra data in one context.
    context = {"actor": user, "additional_data": {"page": "POST /x/"}}
    with set_extra_data(context_data=context):
        bulk.insert(Person, NAMES, [person_row("Anna", "Nowak")])

    (entry,) = created_entries(Person)
    assert entry.actor == user
    assert entry.actor_email == "importer@example.org"
    assert entry.additional_data == {"page": "POST /x/"}


def test_a_bulk_write_under_set_actor_names_the_actor():
    user = get_user_model().objects.create_user("importer")

    with set_actor(user):
        bulk.insert(Person, NAMES, [person_row("Anna", "Nowak")])

    (entry,) = created_entries(Person)
    assert (entry.actor, entry.additional_data) == (user, None)


def test_outside_any_actor_the_trail_names_nobody():
    bulk.insert(Person, NAMES, [person_row("Anna", "Nowak")])

    (entry,) = created_entries(Person)
    assert (entry.actor, entry.actor_email, entry.additional_data) == (None, None, None)


def test_a_row_a_unique_constraint_leaves_out_is_not_in_the_trail():
    bulk.insert(Person, NAMES, [person_row("Anna", "Nowak", "anna@example.org")])

    written = bulk.insert(
        Person,
        NAMES,
        [
            person_row("Jan", "Kos", "jan@example.org"),
            person_row("Anna", "Inna", "ANNA@example.org"),
            person_row("Ewa", "Lis"),
        ],
        ignore_conflicts=True,
    )

    assert written == 2
    entries = created_entries(Person)
    assert [entry.changes["last_name"][1] for entry in entries] == ["Nowak", "Kos", "Lis"]
    assert sorted(entry.object_id for entry in entries) == sorted(
        Person.objects.values_list("pk", flat=True)
    )


def test_every_row_of_a_write_longer_than_one_statement_is_in_the_trail_once():
    rows = [person_row("Anna", f"Nowak{number}") for number in range(2500)]

    keys = bulk.insert(Person, NAMES, rows, returning=True)

    entries = created_entries(Person)
    assert [entry.object_id for entry in entries] == keys
    assert [entry.changes["last_name"][1] for entry in entries] == [row[1] for row in rows]


def test_values_every_row_shares_are_written_in_each_row_and_in_its_trail():
    rows = [("Anna", f'Nowak {number}% "x"', f"a{number}@example.org") for number in range(1500)]

    keys = bulk.insert(
        Person,
        ["first_name", "last_name", "email"],
        rows,
        same={
            "phone": "100% pewny",
            "created_at": MOMENT,
            "updated_at": MOMENT,
            "is_illustrative": False,
        },
        returning=True,
    )

    stored = {
        person.pk: (person.first_name, person.last_name, person.email, person.phone)
        for person in Person.objects.all()
    }
    assert [stored[key] for key in keys] == [(*row, "100% pewny") for row in rows]
    assert set(Person.objects.values_list("created_at", "updated_at", "is_illustrative")) == {
        (MOMENT, MOMENT, False)
    }
    entry = created_entries(Person)[-1]
    assert entry.object_id == keys[-1]
    assert entry.changes == {
        "first_name": ["None", "Anna"],
        "last_name": ["None", 'Nowak 1499% "x"'],
        "email": ["None", "a1499@example.org"],
        "phone": ["None", "100% pewny"],
        "created_at": ["None", "2026-03-03 09:30:15.123456+00:00"],
        "updated_at": ["None", "2026-03-03 09:30:15.123456+00:00"],
        "is_illustrative": ["None", "False"],
    }


def test_shared_values_and_rows_a_constraint_leaves_out_go_together():
    bulk.insert(Person, NAMES, [person_row("Anna", "Nowak", "anna@example.org")])
    shared = {"phone": "", "created_at": MOMENT, "updated_at": MOMENT, "is_illustrative": True}

    written = bulk.insert(
        Person,
        ["first_name", "last_name", "email"],
        [("Jan", "Kos", "jan@example.org"), ("Anna", "Inna", "ANNA@example.org")],
        same=shared,
        ignore_conflicts=True,
    )

    assert written == 1
    assert list(Person.objects.order_by("pk").values_list("last_name", "is_illustrative")) == [
        ("Nowak", False),
        ("Kos", True),
    ]
    assert [entry.changes["is_illustrative"] for entry in created_entries(Person)] == [
        ["None", "False"],
        ["None", "True"],
    ]


def test_a_single_value_a_row_is_in_the_trail_beside_the_shared_ones():
    shared = {
        "first_name": "Anna",
        "email": "",
        "phone": "",
        "created_at": MOMENT,
        "updated_at": MOMENT,
        "is_illustrative": False,
    }

    bulk.insert(Person, ["last_name"], [("Nowak",), ("Kos",)], same=shared)

    entries = created_entries(Person)
    assert [(e.changes["last_name"], e.changes["first_name"]) for e in entries] == [
        (["None", "Nowak"], ["None", "Anna"]),
        (["None", "Kos"], ["None", "Anna"]),
    ]


POPULATION = ["unit_code", "year", "pre_working", "working", "post_working", "total"]


def test_a_bulk_write_that_reads_nothing_back_bumps_its_apps_version(
    settings, django_capture_on_commit_callbacks
):
    # PostgreSQL writes such rows with COPY, which Django's execute wrappers never see.
    settings.FRESHNESS_SECONDS = 0
    freshness.forget()
    before = freshness.versions().get("registry", 0)
    with django_capture_on_commit_callbacks(execute=True):
        written = bulk.insert(PopulationFigure, POPULATION, [("0201011", 2020, 1, 2, 3, 6)])
    assert written == 1
    assert freshness.versions().get("registry", 0) == before + 1


def test_a_row_a_constraint_refuses_in_a_bulk_write_raises_djangos_integrity_error():
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert(
            PopulationFigure,
            POPULATION,
            [("0201011", 2020, 1, 2, 3, 6), ("0201011", 2021, 1, 2, 3, 7)],
        )
    assert not PopulationFigure.objects.exists()


ADDRESSES = [
    "anna@example.org",
    'o"quote@example.org',
    "back\\slash@example.org",
    "{brace},comma@example.org",
    "NULL",
    "spacja w@example.org",
]


def test_one_of_finds_exactly_what_in_finds_whatever_the_values_hold():
    bulk.insert(
        Person,
        NAMES,
        [person_row("Osoba", str(number), address) for number, address in enumerate(ADDRESSES)],
    )
    asked = [address.upper() for address in ADDRESSES[1:]] + ["nikt@example.org", None]
    lower = [value.lower() for value in asked if value]
    found = set(Person.objects.annotate(key=Lower("email")).filter(OneOf(F("key"), lower)))
    assert found == set(Person.objects.annotate(key=Lower("email")).filter(key__in=lower))
    assert {person.email for person in found} == set(ADDRESSES[1:])
    assert not Person.objects.filter(OneOf(F("email"), [])).exists()
    assert not Person.objects.filter(OneOf(F("email"), [None])).exists()

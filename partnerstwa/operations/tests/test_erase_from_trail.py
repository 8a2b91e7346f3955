"""erase_from_trail: what the data-subject erasure (issue 16) calls so the trail keeps no trace
of a person: every given string goes from every audit entry, wherever in the entry it is."""

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from partnerstwa.operations.services import ERASED, erase_from_trail

pytestmark = pytest.mark.django_db

EMAIL = "anna.kowalska@example.org"


def _entry(**fields) -> LogEntry:
    defaults = {
        "content_type": ContentType.objects.get_for_model(User),
        "object_pk": "1",
        "object_id": 1,
        "object_repr": "someone",
        "action": LogEntry.Action.UPDATE,
        "changes": {},
    }
    return LogEntry.objects.create(**{**defaults, **fields})


def test_every_occurrence_goes_from_changes_repr_serialized_and_additional_data():
    entry = _entry(
        object_repr="Anna Kowalska <anna.kowalska@example.org>",
        changes={"email": ["old@example.org", EMAIL], "last_name": ["Nowak", "Kowalska"]},
        changes_text=f"email: {EMAIL}",
        serialized_data={"fields": {"email": EMAIL, "notes": ["x", "Kowalska"]}},
        additional_data={"page": "/biuro/osoby/1/", "who": "Anna Kowalska"},
    )

    assert erase_from_trail([EMAIL, "Kowalska", "Anna"]) == 1

    entry.refresh_from_db()
    stored = repr(
        (
            entry.object_repr,
            entry.changes,
            entry.changes_text,
            entry.serialized_data,
            entry.additional_data,
        )
    )
    assert "Kowalska" not in stored and "anna.kowalska" not in stored and "Anna" not in stored
    assert entry.changes["email"] == ["old@example.org", ERASED]
    assert entry.additional_data["page"] == "/biuro/osoby/1/"


def test_entries_without_the_strings_are_left_alone_and_not_counted():
    untouched = _entry(object_repr="Gmina Mikołów", changes={"name": ["A", "B"]})
    _entry(object_repr=EMAIL)

    assert erase_from_trail([EMAIL]) == 1

    untouched.refresh_from_db()
    assert untouched.object_repr == "Gmina Mikołów"
    assert untouched.changes == {"name": ["A", "B"]}


def test_matching_ignores_letter_case_and_reaches_polish_letters_stored_in_json():
    entry = _entry(object_repr="ŁUKASZ Żółć", changes={"first_name": ["", "Łukasz Żółć"]})

    assert erase_from_trail(["Łukasz Żółć"]) == 1

    entry.refresh_from_db()
    assert entry.changes == {"first_name": ["", ERASED]}
    # The case differs from the value given; on SQLite LIKE folds ASCII only, PostgreSQL all.
    assert "Żółć" not in entry.object_repr


def test_the_email_of_an_actor_is_erased_too():
    entry = _entry(actor_email=EMAIL)

    assert erase_from_trail([EMAIL]) == 1

    entry.refresh_from_db()
    assert EMAIL not in (entry.actor_email or "")


def test_wagtail_and_django_admin_log_entries_are_erased_too():
    user = User.objects.create(username="editor")
    content_type = ContentType.objects.get_for_model(User)
    wagtail_entry = ModelLogEntry.objects.create(
        content_type=content_type,
        object_id="1",
        label=f"Kontakt: {EMAIL}",
        action="wagtail.edit",
        data={"title": {"old": EMAIL, "new": "x"}},
        timestamp="2026-11-30T08:00:00Z",
        user=user,
    )
    admin_entry = AdminLogEntry.objects.create(
        user=user,
        content_type=content_type,
        object_id="1",
        object_repr=EMAIL,
        action_flag=CHANGE,
        change_message=f"changed {EMAIL}",
    )

    assert erase_from_trail([EMAIL]) == 2

    wagtail_entry.refresh_from_db()
    admin_entry.refresh_from_db()
    assert EMAIL not in wagtail_entry.label + repr(wagtail_entry.data)
    assert EMAIL not in admin_entry.object_repr + admin_entry.change_message


def test_blank_values_erase_nothing():
    _entry(object_repr="Anna")

    assert erase_from_trail(["", "   "]) == 0
    assert LogEntry.objects.get().object_repr == "Anna"

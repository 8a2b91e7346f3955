"""The trail in a data-subject access request: the person sees the changes to their records."""

import pytest

from partnerstwa.operations.personal import TrailHolder
from partnerstwa.privacy import holders
from partnerstwa.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_access_export_lists_the_changes_to_the_persons_records():
    person = PersonFactory(first_name="Anna", last_name="Kowalska", email="anna@example.org")
    person.last_name = "Nowak"
    person.save()
    PersonFactory(first_name="Jan", last_name="Inny", email="jan@example.org")

    (rows,) = TrailHolder().export(holders.subject_for("anna@example.org")).values()

    assert [row["action"] for row in rows] == ["create", "update"]
    assert rows[1]["changes"]["last_name"] == ["Kowalska", "Nowak"]
    assert not any("jan@example.org" in str(row) for row in rows)

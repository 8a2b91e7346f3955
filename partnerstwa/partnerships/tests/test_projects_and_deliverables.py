import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerstwa.partnerships.models import Deliverable, Project
from partnerstwa.partnerships.services import deliverable_save, project_amounts, project_save
from partnerstwa.partnerships.tests.factories import PartnershipFactory, ProjectFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_grant_and_own_contribution_must_add_up_to_the_total_value():
    partnership = PartnershipFactory()
    with pytest.raises(ValidationError) as error:
        project_save(
            partnership=partnership,
            title="P",
            total_value=Decimal("2669830.28"),
            grant=Decimal("2269355.74"),
            own_contribution=Decimal("400474.55"),
        )
    assert "total_value" in error.value.message_dict
    assert not Project.objects.exists()


def test_exact_grosze_add_up_on_every_database():
    project = project_save(
        partnership=PartnershipFactory(),
        title="Nysa 2020",
        total_value=Decimal("2669830.28"),
        grant=Decimal("2269355.74"),
        own_contribution=Decimal("400474.54"),
    )
    project.refresh_from_db()
    assert project.grant + project.own_contribution == project.total_value


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            {"total_value": "2485383.00", "grant": "1491230.00"},
            ("2485383.00", "1491230.00", "994153.00"),
        ),
        ({"grant": "100.10", "own_contribution": "0.20"}, ("100.30", "100.10", "0.20")),
        ({"total_value": "10.00", "own_contribution": "2.50"}, ("10.00", "7.50", "2.50")),
        ({"grant": "2282568.75"}, (None, "2282568.75", None)),
    ],
)
def test_when_two_amounts_are_known_the_third_follows(given, expected):
    amounts = {key: Decimal(value) for key, value in given.items()}
    result = project_amounts(
        total_value=amounts.get("total_value"),
        grant=amounts.get("grant"),
        own_contribution=amounts.get("own_contribution"),
    )
    assert result == tuple(Decimal(v) if v else None for v in expected)


def test_a_grant_larger_than_the_total_is_refused():
    with pytest.raises(ValidationError):
        project_amounts(total_value=Decimal("100"), grant=Decimal("150"), own_contribution=None)


def test_the_database_refuses_amounts_that_do_not_add_up():
    project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(
            total_value=Decimal("100.00"), grant=Decimal("60.00"), own_contribution=Decimal("30.00")
        )


def test_a_document_moves_forward_only():
    partnership = PartnershipFactory()
    deliverable = deliverable_save(
        partnership=partnership, kind="strategy", title="Strategia", status="in_progress"
    )
    with pytest.raises(ValidationError) as error:
        deliverable_save(partnership=partnership, deliverable=deliverable, status="planned")
    assert "status" in error.value.message_dict
    deliverable.refresh_from_db()
    assert deliverable.status == "in_progress"


def test_an_adopted_document_needs_its_date_and_resolution():
    partnership = PartnershipFactory()
    deliverable = deliverable_save(partnership=partnership, kind="strategy", title="Strategia")
    with pytest.raises(ValidationError) as error:
        deliverable_save(partnership=partnership, deliverable=deliverable, status="adopted")
    assert set(error.value.message_dict) == {"adopted_on", "adopting_resolution"}
    deliverable_save(
        partnership=partnership,
        deliverable=deliverable,
        status="adopted",
        adopted_on=D(2016, 3, 15),
        adopting_resolution="XII/85/2016",
    )
    assert Deliverable.objects.get().status == "adopted"
    with pytest.raises(IntegrityError), transaction.atomic():
        Deliverable.objects.filter(pk=deliverable.pk).update(adopting_resolution="")


def test_a_document_cannot_point_to_another_partnerships_project():
    partnership = PartnershipFactory()
    foreign_project = ProjectFactory()
    with pytest.raises(ValidationError):
        deliverable_save(partnership=partnership, project=foreign_project, kind="study", title="S")

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from partnerstwa.contests.models import Application, ContestEdition, Criterion, JuryMember, Question
from partnerstwa.registry.models import Affiliation
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

_numbers = iter(range(1, 10**6))


def edition(status="open", **fields) -> ContestEdition:
    number = next(_numbers)
    now = timezone.now()
    defaults = {
        "name": f"Konkurs {number}",
        "slug": f"konkurs-{number}",
        "year": 2026,
        "status": status,
        "applications_open_at": now - datetime.timedelta(days=10),
        "applications_close_at": now + datetime.timedelta(days=10),
    }
    defaults.update(fields)
    contest = ContestEdition.objects.create(**defaults)
    Criterion.objects.create(
        edition=contest, order=1, name="Innowacyjność", weight=Decimal("2"), max_points=10
    )
    Criterion.objects.create(
        edition=contest, order=2, name="Trwałość", weight=Decimal("1"), max_points=10
    )
    Question.objects.create(edition=contest, order=1, text="Na czym polega praktyka?")
    return contest


def application(
    contest, *, organisation=None, partnership=None, status="eligible", **fields
) -> Application:
    if organisation is None and partnership is None:
        organisation = OrganisationFactory()
    defaults = {
        "title": f"Praktyka {next(_numbers)}",
        "contact_name": "Jan Kowalski",
        "contact_email": "jan@example.org",
        "status": status,
    }
    defaults.update(fields)
    return Application.objects.create(
        edition=contest, organisation=organisation, partnership=partnership, **defaults
    )


def staff():
    """A member of the programme staff who may change applications (not a superuser)."""
    user = get_user_model().objects.create_user(
        f"staff{next(_numbers)}", password="haslo-biura-1", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="contests", codename="change_application")
    )
    return user


def juror(contest, *, organisations=(), chair=False, user=None) -> JuryMember:
    number = next(_numbers)
    if user is None:
        user = get_user_model().objects.create_user(f"juror{number}", password="haslo-jurora-1")
    person = PersonFactory()
    for organisation in organisations:
        Affiliation.objects.create(person=person, organisation=organisation)
    return JuryMember.objects.create(edition=contest, user=user, person=person, is_chair=chair)

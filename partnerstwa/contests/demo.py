"""The demo's contest: the 2014 and 2015 editions with the laureates public sources name, and
one illustrative edition, marked as such, open for applications."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnerstwa.contests.models import (
    Application,
    ApplicationStatus,
    Category,
    ContestEdition,
    Criterion,
    EditionStatus,
    Question,
)
from partnerstwa.lib.bounds import with_web_scheme
from partnerstwa.partnerships.models import Partnership
from partnerstwa.registry.models import Organisation, OrganisationKind
from partnerstwa.registry.services import organisation_create

CONTEST_NAME = "Samorządowy Lider Zarządzania – Razem dla Rozwoju"


def _kind(name: str) -> str:
    """The kind of organisation only where the name itself says it."""
    if name.startswith(("Stowarzyszenie", "LGD")):
        return OrganisationKind.NGO  # an association; a local action group (LGD) is one too
    if name.startswith("MOPS"):
        return OrganisationKind.PUBLIC  # a municipal social welfare centre
    return OrganisationKind.OTHER


def _applicant(name: str) -> dict:
    partnership = Partnership.objects.filter(name=name).first()
    if partnership is not None:
        return {"partnership": partnership, "organisation": None}
    organisation = Organisation.objects.filter(name=name).first() or organisation_create(
        name=name, kind=_kind(name)
    )
    return {"organisation": organisation, "partnership": None}


@transaction.atomic
def contest_load_reference(data: dict) -> int:
    """Create or refresh the editions of reference.yaml (idempotent); returns how many."""
    count = 0
    for entry in data.get("contest", []):
        year = entry["edition"]
        edition, _created = ContestEdition.objects.update_or_create(
            slug=f"slz-{year}",
            defaults={
                "name": f"{CONTEST_NAME} {year}",
                "year": year,
                "decided_on": entry.get("decided_on"),
                "decided_where": entry.get("where", ""),
                "applications_reported": entry.get("applications"),
                "finalists_reported": entry.get("finalists"),
                "sources": with_web_scheme(entry.get("source", "")),
                "status": EditionStatus.PUBLISHED,
            },
        )
        awards = [(name, ApplicationStatus.LAUREATE) for name in entry.get("laureates", [])]
        awards += [(name, ApplicationStatus.LAUREATE) for name in entry.get("laureates_named", [])]
        awards += [
            (name, ApplicationStatus.DISTINCTION) for name in entry.get("distinctions_named", [])
        ]
        for name, status in awards:
            applicant = _applicant(name)
            if not Application.objects.filter(edition=edition, title=name).exists():
                # The sources name the winner, not its practice: the title repeats the name.
                Application.objects.create(
                    edition=edition,
                    title=name,
                    status=status,
                    submitted_at=timezone.make_aware(datetime.datetime(year, 1, 1)),
                    **applicant,
                )
        count += 1
    return count


ILLUSTRATIVE_SLUG = "przyklad-edycja-konkursu"


@transaction.atomic
def illustrative_edition_load() -> bool:
    if ContestEdition.objects.filter(slug=ILLUSTRATIVE_SLUG).exists():
        return False
    now = timezone.now()
    edition = ContestEdition.objects.create(
        name=f"Przykład: {CONTEST_NAME} – edycja ilustracyjna",
        slug=ILLUSTRATIVE_SLUG,
        year=now.year + 1,
        status=EditionStatus.OPEN,
        applications_open_at=now - datetime.timedelta(days=1),
        applications_close_at=now + datetime.timedelta(days=60),
        rules=(
            "Edycja ilustracyjna: pokazuje nabór, ocenę jury i publikację wyników. "
            "Zgłoszenia mogą składać samorządy, organizacje i partnerstwa."
        ),
        is_illustrative=True,
    )
    for name in ("Partnerstwa międzysamorządowe", "Współpraca międzysektorowa"):
        Category.objects.create(edition=edition, name=name)
    for order, (name, weight) in enumerate(
        [("Innowacyjność", "2"), ("Trwałość efektów", "1.5"), ("Możliwość powielenia", "1")],
        start=1,
    ):
        Criterion.objects.create(
            edition=edition, order=order, name=name, weight=Decimal(weight), max_points=10
        )
    for order, text in enumerate(
        [
            "Na czym polega praktyka i jaki problem rozwiązuje?",
            "Jakie są jej efekty i jak je zmierzono?",
        ],
        start=1,
    ):
        Question.objects.create(edition=edition, order=order, text=text)
    return True

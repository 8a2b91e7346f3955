"""The demo's contest: the 2014 and 2015 editions with the laureates public sources name, and
one illustrative edition, marked as such, open for applications.

Sourced (reference.yaml, contest: tvtwoja.pl/?p=2229 for 2014, miasta.pl/aktualnosci/
konkurs-samorzadowy-lider-zarzadzania-razem-dla-rozwoju for 2015): the editions, the dates and
places of the decisions, the numbers of applications and finalists, the laureates and the
distinction named, and their organisations. Made up (is_illustrative): the illustrative edition,
its dates, rules, categories, criteria and questions. English texts: the developers'
translations (reference_en.yaml, contest:)."""

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
from partnerstwa.contests.services import edition_create
from partnerstwa.lib.bounds import with_web_scheme
from partnerstwa.lib.dates import local_datetime
from partnerstwa.partnerships.models import Partnership
from partnerstwa.registry.models import Organisation, OrganisationKind
from partnerstwa.registry.services import organisation_create

CONTEST_NAME = "Samorządowy Lider Zarządzania – Razem dla Rozwoju"
CONTEST_NAME_EN = "Local Government Management Leader – Together for Development"


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
def contest_load_reference(data: dict, english: dict | None = None) -> int:
    """Create or refresh the editions of reference.yaml (idempotent); returns how many.
    english: reference_en.yaml, whose contest name and places are set beside."""
    renderings = (english or {}).get("contest", {})
    name_en = renderings.get("name", CONTEST_NAME_EN)
    count = 0
    for entry in data.get("contest", []):
        year = entry["edition"]
        rendering = renderings.get("editions", {}).get(year, {})
        edition, _created = ContestEdition.objects.update_or_create(
            slug=f"slz-{year}",
            defaults={
                "name": f"{CONTEST_NAME} {year}",
                "name_en": f"{name_en} {year}",
                "year": year,
                "decided_on": entry.get("decided_on"),
                "decided_where": entry.get("where", ""),
                "decided_where_en": rendering.get("where", ""),
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
    today = timezone.localdate()
    # Opened yesterday morning; closes at the end of a day (edition_create makes the bare day
    # 23:59), as a call's deadline is written.
    edition = edition_create(
        name=f"Przykład: {CONTEST_NAME} – edycja ilustracyjna",
        name_en=f"Example: {CONTEST_NAME_EN} – an illustrative edition",
        slug=ILLUSTRATIVE_SLUG,
        year=today.year + 1,
        status=EditionStatus.OPEN,
        applications_open_at=local_datetime(today - datetime.timedelta(days=1), datetime.time(9)),
        applications_close_at=local_datetime(today + datetime.timedelta(days=60)),
        rules=(
            "Edycja ilustracyjna: pokazuje nabór, ocenę jury i publikację wyników. "
            "Zgłoszenia mogą składać samorządy, organizacje i partnerstwa."
        ),
        rules_en=(
            "An illustrative edition: it shows the call for applications, the jury's assessment "
            "and the publication of the results. Local governments, organisations and "
            "partnerships may apply."
        ),
        is_illustrative=True,
    )
    for name, name_en in [
        ("Partnerstwa międzysamorządowe", "Inter-municipal partnerships"),
        ("Współpraca międzysektorowa", "Cross-sector cooperation"),
    ]:
        Category.objects.create(edition=edition, name=name, name_en=name_en)
    for order, (name, name_en, weight) in enumerate(
        [
            ("Innowacyjność", "Innovation", "2"),
            ("Trwałość efektów", "Lasting results", "1.5"),
            ("Możliwość powielenia", "Transferability", "1"),
        ],
        start=1,
    ):
        Criterion.objects.create(
            edition=edition,
            order=order,
            name=name,
            name_en=name_en,
            weight=Decimal(weight),
            max_points=10,
        )
    for order, (text, text_en) in enumerate(
        [
            (
                "Na czym polega praktyka i jaki problem rozwiązuje?",
                "What is the practice and what problem does it solve?",
            ),
            (
                "Jakie są jej efekty i jak je zmierzono?",
                "What are its results and how were they measured?",
            ),
        ],
        start=1,
    ):
        Question.objects.create(edition=edition, order=order, text=text, text_en=text_en)
    return True

"""The demo's partnerships: those public sources name (reference.yaml), plus one illustrative
partnership, marked as such, that shows what the reference facts leave empty.

Sourced (reference.yaml, each partnership with its source addresses): the 14 partnerships' names,
leaders, the members their sources name, formation dates, declared partner counts, project
references and amounts. Made up (is_illustrative): the partnership "Przykład: partnerstwo
ilustracyjne" led by Milicz, its association and company, its project, documents, the expert
"Ewa Przykładowa" and her support. Its members Milicz, Cieszków and Krośnice are real gminas of
one powiat; their membership of it is made up. English texts: the developers' translations
(reference_en.yaml)."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from partnerstwa.lib.bounds import with_web_scheme
from partnerstwa.lib.text import slug as text_slug
from partnerstwa.partnerships import services
from partnerstwa.partnerships.models import (
    DeliverableKind,
    DeliverableStatus,
    MemberRole,
    Partnership,
    PartnershipMember,
    Project,
    ProjectStatus,
    SupportEngagement,
    SupportForm,
)
from partnerstwa.registry.models import (
    Organisation,
    OrganisationKind,
    Person,
    TerritorialUnit,
)
from partnerstwa.registry.services import organisation_create, person_create, unit_organisation

EEA_FUNDING = "MF EOG 2009–2014"
EEA_FUNDING_EN = "EEA Financial Mechanism 2009–2014"
_TYPE_IN_NAME = re.compile(r"^(?P<name>.+?) \(gmina (?P<kind>miejska|wiejska|miejsko-wiejska)\)$")
_TYPES = {"miejska": "1", "wiejska": "2", "miejsko-wiejska": "3"}


@dataclass
class DemoReport:
    partnerships: int = 0
    members_added: int = 0
    unresolved: list[str] = field(default_factory=list)


def resolve_unit(name: str, *, voivodeship: str = "") -> TerritorialUnit | None:
    """The unit a source's name means, or None when the register cannot tell (never a guess)."""
    units = TerritorialUnit.objects.in_force()
    if voivodeship:
        units = units.in_voivodeship(voivodeship)
    if name.startswith("powiat "):
        candidates = units.powiats().filter(name=name.removeprefix("powiat "))
    elif match := _TYPE_IN_NAME.match(name):
        candidates = units.gminas().filter(name=match["name"], unit_type=_TYPES[match["kind"]])
    else:
        candidates = units.gminas().filter(name=name)
    found = list(candidates[:2])
    return found[0] if len(found) == 1 else None


def _member(partnership, organisation, role, joined_on, report) -> None:
    if PartnershipMember.objects.filter(
        partnership=partnership, organisation=organisation
    ).exists():
        return
    services.member_add(
        partnership=partnership, organisation=organisation, role=role, joined_on=joined_on
    )
    report.members_added += 1


def _organisation(name: str, kind: str, *, is_illustrative: bool = False) -> Organisation:
    """The registry's organisation of that name and kind, created there when absent."""
    existing = Organisation.objects.filter(name=name, kind=kind).first()
    return existing or organisation_create(kind=kind, name=name, is_illustrative=is_illustrative)


def _amount(value) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


@transaction.atomic
def partnerships_load_reference(data: dict, hints: dict, english: dict | None = None) -> DemoReport:
    """Create or refresh the partnerships of reference.yaml (idempotent) with exactly the members
    their sources name; english: reference_en.yaml, whose names and notes are set beside."""
    report = DemoReport()
    hint_map = hints.get("partnerships", {})
    english = english or {}
    renderings = english.get("partnerships", {})
    funding_en = english.get("funding_programmes", {}).get(EEA_FUNDING, "")
    for entry in data.get("partnerships", []):
        name = entry["name"]
        rendering = renderings.get(name, {})
        hint = hint_map.get(name, {})
        voivodeship = hint.get("voivodeship", "")
        formed_on = entry.get("formed_on")
        sources = entry.get("source", "")
        leader_name = entry.get("leader")
        leader_unit = resolve_unit(leader_name, voivodeship=voivodeship) if leader_name else None
        slug = text_slug(name)[:100]
        fields = {
            "name": name,
            "name_en": rendering.get("name", ""),
            "area_kind": hint.get("area_kind", "other"),
            "formed_on": formed_on,
            "sources": "\n".join(
                with_web_scheme(part)
                for part in [
                    *sources.split(";"),
                    "vdocuments.pub/rozwj-wsppracy-midzysamorzdowej-i-zagbiowski-park-linearny.html",
                ]
                if part.strip()
            ),
            # The notes of reference.yaml are in English; the page shows the Polish rendering.
            "source_notes": rendering.get("note_pl", entry.get("note", "")),
            "declared_partner_count": entry.get("partners_total"),
            "is_illustrative": False,
            "leader_as_named": leader_name if leader_name and leader_unit is None else "",
        }
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            partnership = services.partnership_create(slug=slug, **fields)
        else:
            services.partnership_update(partnership=partnership, **fields)
        report.partnerships += 1
        if leader_name and leader_unit is None:
            report.unresolved.append(f"{name}: {leader_name}")
        if leader_unit is not None:
            _member(
                partnership, unit_organisation(leader_unit), MemberRole.LEADER, formed_on, report
            )
        for member_name in entry.get("members", []):
            if member_name == leader_name:
                continue
            unit = resolve_unit(member_name, voivodeship=voivodeship)
            if unit is None:
                report.unresolved.append(f"{name}: {member_name}")
                continue
            _member(partnership, unit_organisation(unit), MemberRole.MEMBER, formed_on, report)
        if any(key in entry for key in ("grant_pln", "total_value_pln", "eea_project")):
            title = f"Projekt partnerstwa „{name}”"
            title_en = f"Project of the “{rendering.get('name') or name}” partnership"
            project = Project.objects.filter(partnership=partnership, title=title).first()
            if project is not None and project.title_en != title_en:
                # project_save sets the amounts it is given: give them as they stand.
                services.project_save(
                    partnership=partnership,
                    project=project,
                    title_en=title_en,
                    total_value=project.total_value,
                    grant=project.grant,
                    own_contribution=project.own_contribution,
                )
            if project is None:
                services.project_save(
                    partnership=partnership,
                    title=title,
                    title_en=title_en,
                    reference=entry.get("eea_project", ""),
                    funding_programme=(
                        services.funding_programme_get_or_create(EEA_FUNDING, name_en=funding_en)
                        if entry.get("eea_project")
                        else None
                    ),
                    total_value=_amount(entry.get("total_value_pln")),
                    grant=_amount(entry.get("grant_pln")),
                    own_contribution=None,
                    status=ProjectStatus.COMPLETED,
                )
    return report


ILLUSTRATIVE_SLUG = "przyklad-partnerstwo-ilustracyjne"


@transaction.atomic
def illustrative_partnership_load() -> Partnership | None:
    """One made-up partnership showing every kind of record; its page says it is made up."""
    if Partnership.objects.filter(slug=ILLUSTRATIVE_SLUG).exists():
        return None
    units = [resolve_unit(name, voivodeship="02") for name in ("Milicz", "Cieszków", "Krośnice")]
    if any(unit is None for unit in units):
        return None
    partnership = services.partnership_create(
        name="Przykład: partnerstwo ilustracyjne",
        name_en="Example: an illustrative partnership",
        slug=ILLUSTRATIVE_SLUG,
        area_kind="rural_urban",
        formed_on=datetime.date(2013, 3, 1),
        status="concluded",
        description=(
            "Partnerstwo ilustracyjne: pokazuje, jak system przedstawia członków trzech sektorów, "
            "projekt z dokumentami i wsparcie doradcze. Nie opisuje rzeczywistego partnerstwa: "
            "gminy Milicz, Cieszków i Krośnice istnieją, ale ich udział w nim jest zmyślony."
        ),
        description_en=(
            "An illustrative partnership: it shows how the portal presents members from three "
            "sectors, a project with its documents and advisory support. It describes no real "
            "partnership: the gminas of Milicz, Cieszków and Krośnice exist, but their part in "
            "it is made up."
        ),
        is_illustrative=True,
    )
    organisations = [unit_organisation(unit) for unit in units]
    # Made up, named after the area they would work in (powiat milicki).
    ngo = _organisation(
        "Stowarzyszenie Przykładowe Ziemi Milickiej (ilustracyjne)",
        OrganisationKind.NGO,
        is_illustrative=True,
    )
    business = _organisation(
        "Przykładowa Spółka Milicka z o.o. (ilustracyjna)",
        OrganisationKind.BUSINESS,
        is_illustrative=True,
    )
    joined = datetime.date(2013, 3, 1)
    services.member_add(
        partnership=partnership,
        organisation=organisations[0],
        role=MemberRole.LEADER,
        joined_on=joined,
    )
    for organisation in [*organisations[1:], ngo]:
        services.member_add(partnership=partnership, organisation=organisation, joined_on=joined)
    services.member_add(
        partnership=partnership, organisation=business, role=MemberRole.ASSOCIATED, joined_on=joined
    )
    project = services.project_save(
        partnership=partnership,
        title="Wspólna strategia rozwoju obszaru (przykład)",
        title_en="A joint development strategy for the area (example)",
        funding_programme=services.funding_programme_get_or_create(
            EEA_FUNDING, name_en=EEA_FUNDING_EN
        ),
        total_value=Decimal("1200000.00"),
        grant=Decimal("1020000.00"),
        own_contribution=None,
        starts_on=datetime.date(2014, 1, 1),
        ends_on=datetime.date(2016, 4, 30),
        status=ProjectStatus.COMPLETED,
    )
    services.deliverable_save(
        partnership=partnership,
        project=project,
        kind=DeliverableKind.STRATEGY,
        title="Strategia rozwoju obszaru funkcjonalnego (przykład)",
        title_en="Development strategy of the functional area (example)",
        status=DeliverableStatus.ADOPTED,
        adopted_on=datetime.date(2016, 3, 15),
        adopting_resolution="Uchwała przykładowa nr 1/2016",
    )
    services.deliverable_save(
        partnership=partnership,
        project=project,
        kind=DeliverableKind.TECHNICAL_DOCUMENTATION,
        title="Dokumentacja techniczna ścieżki rowerowej (przykład)",
        title_en="Technical documentation of a cycle path (example)",
        status=DeliverableStatus.IN_PROGRESS,
    )
    expert = Person.objects.filter(
        first_name="Ewa", last_name="Przykładowa (ekspertka ilustracyjna)"
    ).first() or person_create(
        first_name="Ewa", last_name="Przykładowa (ekspertka ilustracyjna)", is_illustrative=True
    )
    for day, form, hours, topic in [
        (datetime.date(2014, 2, 10), SupportForm.MODERATION, "6", "Warsztat diagnozy obszaru"),
        (datetime.date(2014, 5, 20), SupportForm.CONSULTING, "3.5", "Konsultacja celów strategii"),
        (
            datetime.date(2015, 11, 5),
            SupportForm.DOCUMENT_REVIEW,
            "8",
            "Recenzja projektu strategii",
        ),
    ]:
        if not SupportEngagement.objects.filter(partnership=partnership, date=day).exists():
            services.support_engagement_create(
                partnership=partnership,
                date=day,
                expert=expert,
                expert_role="ekspertka ds. planowania strategicznego (przykład)",
                hours=Decimal(hours),
                form=form,
                topic=topic,
            )
    return partnership

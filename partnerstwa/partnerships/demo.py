"""The demo's partnerships: those public sources name (reference.yaml), plus one illustrative
partnership, marked as such, that shows what the reference facts leave empty."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from partnerstwa.lib.bounds import with_web_scheme
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


def _organisation(name: str, kind: str) -> Organisation:
    """The registry's organisation of that name and kind, created there when absent."""
    existing = Organisation.objects.filter(name=name, kind=kind).first()
    return existing or organisation_create(kind=kind, name=name)


def _amount(value) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


@transaction.atomic
def partnerships_load_reference(data: dict, hints: dict) -> DemoReport:
    report = DemoReport()
    hint_map = hints.get("partnerships", {})
    for entry in data.get("partnerships", []):
        name = entry["name"]
        hint = hint_map.get(name, {})
        voivodeship = hint.get("voivodeship", "")
        formed_on = entry.get("formed_on")
        sources = entry.get("source", "")
        leader_name = entry.get("leader")
        leader_unit = resolve_unit(leader_name, voivodeship=voivodeship) if leader_name else None
        slug = slugify(name)[:100]
        fields = {
            "name": name,
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
            "source_notes": entry.get("note", ""),
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
            if not Project.objects.filter(partnership=partnership, title=title).exists():
                services.project_save(
                    partnership=partnership,
                    title=title,
                    reference=entry.get("eea_project", ""),
                    funding_programme=(
                        services.funding_programme_get_or_create(EEA_FUNDING)
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
        slug=ILLUSTRATIVE_SLUG,
        area_kind="rural_urban",
        formed_on=datetime.date(2013, 3, 1),
        status="concluded",
        description=(
            "Partnerstwo ilustracyjne: pokazuje, jak system przedstawia członków trzech sektorów, "
            "projekt z dokumentami i wsparcie doradcze. Nie opisuje rzeczywistego partnerstwa."
        ),
        is_illustrative=True,
    )
    organisations = [unit_organisation(unit) for unit in units]
    ngo = _organisation("Stowarzyszenie Przykładowe (ilustracyjne)", OrganisationKind.NGO)
    business = _organisation("Przykładowa Spółka z o.o. (ilustracyjna)", OrganisationKind.BUSINESS)
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
        funding_programme=services.funding_programme_get_or_create(EEA_FUNDING),
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
        status=DeliverableStatus.ADOPTED,
        adopted_on=datetime.date(2016, 3, 15),
        adopting_resolution="Uchwała przykładowa nr 1/2016",
    )
    services.deliverable_save(
        partnership=partnership,
        project=project,
        kind=DeliverableKind.TECHNICAL_DOCUMENTATION,
        title="Dokumentacja techniczna ścieżki rowerowej (przykład)",
        status=DeliverableStatus.IN_PROGRESS,
    )
    expert = Person.objects.filter(
        first_name="Ewa", last_name="Przykładowa (ekspertka ilustracyjna)"
    ).first() or person_create(first_name="Ewa", last_name="Przykładowa (ekspertka ilustracyjna)")
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

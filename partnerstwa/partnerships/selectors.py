"""Reads of partnerships: the filtered list, one partnership, its territory, the map counts."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr

from partnerstwa.partnerships.models import (
    Deliverable,
    MemberRole,
    Partnership,
    PartnershipMember,
    Project,
    Sector,
    SupportEngagement,
    sector_of_kind,
)
from partnerstwa.registry.models import (
    LOCAL_GOVERNMENT_KINDS,
    Organisation,
    PopulationFigure,
    TerritorialUnit,
    UnitLevel,
)

SORTS = {
    "name": ("name",),
    "-name": ("-name",),
    "formed": (F("formed_on").asc(nulls_last=True), "name"),
    "-formed": (F("formed_on").desc(nulls_last=True), "name"),
    "members": ("member_count", "name"),
    "-members": ("-member_count", "name"),
    "value": ("projects_value", "name"),
    "-value": ("-projects_value", "name"),
}


@dataclass(frozen=True)
class PartnershipFilters:
    query: str = ""
    voivodeship: str = ""
    area_kind: str = ""
    funding_programme: int | None = None
    leader_association: str = ""
    sort: str = "name"


def _sum_of_projects(column: str) -> Subquery:
    return Subquery(
        Project.objects.filter(partnership=OuterRef("pk"))
        .order_by()
        .values("partnership")
        .annotate(total=Sum(column))
        .values("total"),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def _count_of_members(**conditions) -> Coalesce:
    subquery = Subquery(
        PartnershipMember.objects.filter(partnership=OuterRef("pk"), left_on__isnull=True)
        .with_sector()
        .filter(**conditions)
        .order_by()
        .values("partnership")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )
    return Coalesce(subquery, Value(0))


def _current_leaders() -> Prefetch:
    return Prefetch(
        "members",
        queryset=PartnershipMember.objects.filter(
            role=MemberRole.LEADER, left_on__isnull=True
        ).select_related("organisation__territorial_unit"),
        to_attr="current_leaders",
    )


def partnership_list(filters: PartnershipFilters, *, on: datetime.date) -> QuerySet[Partnership]:
    """Partnerships matching the filters, each with its leader, members by sector and the value
    of its projects — a constant number of queries whatever the number of rows."""
    partnerships = Partnership.objects.annotate(
        member_count=_count_of_members(),
        public_members=_count_of_members(sector=Sector.PUBLIC),
        social_members=_count_of_members(sector=Sector.SOCIAL),
        private_members=_count_of_members(sector=Sector.PRIVATE),
        projects_value=_sum_of_projects("total_value"),
        projects_grant=_sum_of_projects("grant"),
    ).prefetch_related(_current_leaders())

    if filters.query:
        partnerships = partnerships.filter(name__icontains=filters.query)
    if filters.voivodeship:
        partnerships = partnerships.filter(
            Exists(
                PartnershipMember.objects.filter(
                    partnership=OuterRef("pk"),
                    organisation__territorial_unit__code__startswith=filters.voivodeship,
                )
            )
        )
    if filters.area_kind:
        partnerships = partnerships.filter(area_kind=filters.area_kind)
    if filters.funding_programme:
        partnerships = partnerships.filter(
            Exists(
                Project.objects.filter(
                    partnership=OuterRef("pk"), funding_programme_id=filters.funding_programme
                )
            )
        )
    if filters.leader_association:
        members = Organisation.objects.members_of(filters.leader_association, on).values("pk")
        partnerships = partnerships.filter(
            Exists(
                PartnershipMember.objects.filter(
                    partnership=OuterRef("pk"),
                    role=MemberRole.LEADER,
                    left_on__isnull=True,
                    organisation__in=members,
                )
            )
        )
    return partnerships.order_by(*SORTS.get(filters.sort, SORTS["name"]))


def partnership_get(slug: str) -> Partnership:
    """One partnership with everything its page shows (raises Partnership.DoesNotExist)."""
    members = (
        PartnershipMember.objects.with_sector()
        .select_related("organisation__territorial_unit__parent__parent", "contact_person")
        .order_by("role", "organisation__name")
    )
    deliverables = Deliverable.objects.order_by("kind", "title")
    projects = Project.objects.select_related("funding_programme").prefetch_related(
        Prefetch("deliverables", queryset=deliverables, to_attr="deliverable_list")
    )
    return Partnership.objects.prefetch_related(
        Prefetch("members", queryset=members, to_attr="member_list"),
        Prefetch("projects", queryset=projects, to_attr="project_list"),
        Prefetch(
            "deliverables",
            queryset=deliverables.filter(project__isnull=True),
            to_attr="loose_deliverables",
        ),
    ).get(slug=slug)


@dataclass
class MemberGroup:
    sector: str
    label: str
    members: list = field(default_factory=list)


def members_by_sector(partnership: Partnership) -> list[MemberGroup]:
    groups = {sector.value: MemberGroup(sector.value, sector.label) for sector in Sector}
    for member in partnership.member_list:
        groups[member.sector].members.append(member)
    return [group for group in groups.values() if group.members]


@dataclass(frozen=True)
class ProjectTotals:
    total_value: Decimal | None
    grant: Decimal | None
    own_contribution: Decimal | None


def project_totals(partnership: Partnership) -> ProjectTotals:
    totals = Project.objects.filter(partnership=partnership).aggregate(
        total_value=Sum("total_value"), grant=Sum("grant"), own_contribution=Sum("own_contribution")
    )
    return ProjectTotals(**totals)


def support_by_form(partnership: Partnership) -> list[dict]:
    """Hours of support by form, and who gave it (name and role only: the public page shows no
    other personal data of experts)."""
    return list(
        SupportEngagement.objects.filter(partnership=partnership)
        .values("form")
        .annotate(hours=Sum("hours"), engagements=Count("pk"))
        .order_by("form")
    )


def support_experts(partnership: Partnership) -> list[dict]:
    return list(
        SupportEngagement.objects.filter(partnership=partnership)
        .values("expert__first_name", "expert__last_name", "expert_role")
        .annotate(hours=Sum("hours"))
        .order_by("expert__last_name", "expert__first_name")
    )


@dataclass(frozen=True)
class Territory:
    units: list[TerritorialUnit]
    gminas: int
    year: int | None
    population: int | None
    gminas_without_figure: list[TerritorialUnit]
    years: list[int]


def _covered_gminas(partnership: Partnership) -> QuerySet[TerritorialUnit]:
    """Gminas covered by the current local-government members: a gmina itself, every gmina of a
    member powiat or voivodeship — each gmina once, however many members cover it."""
    units = TerritorialUnit.objects.filter(
        organisations__partnership_memberships__partnership=partnership,
        organisations__partnership_memberships__left_on__isnull=True,
        organisations__kind__in=LOCAL_GOVERNMENT_KINDS,
    )
    return TerritorialUnit.objects.gminas().filter(
        Q(pk__in=units.filter(level=UnitLevel.GMINA).values("pk"))
        | Q(parent__in=units.filter(level=UnitLevel.POWIAT).values("pk"))
        | Q(parent__parent__in=units.filter(level=UnitLevel.VOIVODESHIP).values("pk"))
    )


def population_years() -> list[int]:
    return list(
        PopulationFigure.objects.order_by("-year").values_list("year", flat=True).distinct()
    )


def partnership_territory(partnership: Partnership, *, year: int | None = None) -> Territory:
    units = [
        member.organisation.territorial_unit
        for member in partnership.member_list
        if member.left_on is None and member.organisation.territorial_unit is not None
    ]
    years = population_years()
    if year not in years:
        year = years[0] if years else None
    gminas = _covered_gminas(partnership)
    population = None
    without = []
    if year is not None:
        figures = PopulationFigure.objects.filter(year=year, unit_code=OuterRef("code"))
        population = PopulationFigure.objects.filter(
            year=year, unit_code__in=gminas.values("code")
        ).aggregate(total=Sum("total"))["total"]
        without = list(gminas.filter(~Exists(figures)).order_by("name"))
    return Territory(
        units=sorted(units, key=lambda unit: unit.code),
        gminas=gminas.count(),
        year=year,
        population=population,
        gminas_without_figure=without,
        years=years,
    )


def partnership_counts_by_voivodeship() -> dict[str, int]:
    """How many partnerships have a local-government member in each voivodeship."""
    rows = (
        PartnershipMember.objects.filter(organisation__territorial_unit__isnull=False)
        .annotate(voivodeship=Substr("organisation__territorial_unit__code", 1, 2))
        .values("voivodeship")
        .annotate(partnerships=Count("partnership", distinct=True))
        .order_by()
    )
    return {row["voivodeship"]: row["partnerships"] for row in rows}


def organisation_sector_counts() -> dict[str, int]:
    return dict(
        Organisation.objects.annotate(sector=sector_of_kind())
        .values_list("sector")
        .annotate(n=Count("pk"))
        .order_by()
    )

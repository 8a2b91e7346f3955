"""Reads of partnerships: the filtered list, one partnership, its territory, the map counts."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext_lazy

from partnerstwa.lib import figures, freshness
from partnerstwa.lib.addresses import address_of
from partnerstwa.lib.bulk import OneOf
from partnerstwa.lib.collation import polish, sort_key
from partnerstwa.lib.prepared import prepared
from partnerstwa.partnerships.models import (
    SECTOR_OF_KIND,
    Deliverable,
    MemberRole,
    Partnership,
    PartnershipMember,
    PartnershipSlugHistory,
    Project,
    Sector,
    SupportEngagement,
)
from partnerstwa.registry.models import (
    LOCAL_GOVERNMENT_KINDS,
    Organisation,
    PopulationFigure,
    TerritorialUnit,
    UnitLevel,
    unit_title,
)
from partnerstwa.registry.selectors import person_used_elsewhere

# Names in Polish alphabetical order with numbers in natural order ("nr 2" before "nr 10"),
# the same on SQLite and PostgreSQL.
NAME = polish("name")
SORTS = {
    "name": (NAME, "pk"),
    "-name": (polish("name").desc(), "-pk"),
    "formed": (F("formed_on").asc(nulls_last=True), NAME),
    "-formed": (F("formed_on").desc(nulls_last=True), NAME),
    "members": ("member_count", NAME),
    "-members": ("-member_count", NAME),
    # Partnerships without projects come last either way (PostgreSQL would put NULL first).
    "value": (F("projects_value").asc(nulls_last=True), NAME),
    "-value": (F("projects_value").desc(nulls_last=True), NAME),
}

# The kinds of organisation of each sector, for counting members by sector in SQL.
_KINDS_OF_SECTOR = {
    sector.value: [kind for kind, of in SECTOR_OF_KIND.items() if of == sector] for sector in Sector
}

# A sector's members as a heading says it: "Public sector: 3 members".
SECTOR_HEADINGS = {
    Sector.PUBLIC: ngettext_lazy(
        "Public sector: %(count)s member", "Public sector: %(count)s members", "count"
    ),
    Sector.SOCIAL: ngettext_lazy(
        "Social sector: %(count)s member", "Social sector: %(count)s members", "count"
    ),
    Sector.PRIVATE: ngettext_lazy(
        "Private sector: %(count)s member", "Private sector: %(count)s members", "count"
    ),
}
SECTOR_CAPTIONS = {
    Sector.PUBLIC: gettext_lazy("Members from the public sector"),
    Sector.SOCIAL: gettext_lazy("Members from the social sector"),
    Sector.PRIVATE: gettext_lazy("Members from the private sector"),
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


def _count_of_current_members() -> Coalesce:
    subquery = Subquery(
        PartnershipMember.objects.filter(partnership=OuterRef("pk"), left_on__isnull=True)
        .order_by()
        .values("partnership")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )
    return Coalesce(subquery, Value(0))


def partnership_list(filters: PartnershipFilters, *, on: datetime.date) -> QuerySet[Partnership]:
    """Partnerships matching the filters, in the chosen order. Figures shown per row are added
    by partnership_rows() for the rows actually shown, so a deep page costs what page one does."""
    partnerships = _sortable(Partnership.objects.all(), filters.sort)
    if filters.query:
        partnerships = partnerships.filter(name__icontains=filters.query)
    if filters.voivodeship:
        partnerships = partnerships.filter(
            Exists(
                PartnershipMember.objects.filter(
                    partnership=OuterRef("pk"),
                    left_on__isnull=True,
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


def _sortable(partnerships: QuerySet[Partnership], sort: str) -> QuerySet[Partnership]:
    """The partnerships with what the order sorts by and the rows do not hold (members, value)."""
    if sort in ("members", "-members"):
        return partnerships.annotate(member_count=_count_of_current_members())
    if sort in ("value", "-value"):
        return partnerships.annotate(projects_value=_sum_of_projects("total_value"))
    return partnerships


def _filtered(filters: PartnershipFilters) -> bool:
    return bool(
        filters.query
        or filters.voivodeship
        or filters.area_kind
        or filters.funding_programme
        or filters.leader_association
    )


@freshness.kept("partnerships", size=len(SORTS))
def _in_order(sort: str) -> tuple[int, ...]:
    """Every partnership's key in one of the list's orders: sorted by the database once per
    change of partnerships, for every page and filter of that order. Sorting each request
    counted every partnership's members or summed every project to show 25 rows, and on SQLite
    the Polish collation is a Python function called for every comparison."""
    ordered = _sortable(Partnership.objects.all(), sort).order_by(*SORTS[sort])
    return tuple(ordered.values_list("pk", flat=True))


def partnership_list_keys(filters: PartnershipFilters, *, on: datetime.date) -> list[int]:
    """The keys of the partnerships partnership_list() gives, in its order, without sorting them
    in the database again: the kept order, narrowed to the partnerships the filters match."""
    sort = filters.sort if filters.sort in SORTS else "name"
    order = _in_order(sort)
    if _filtered(filters):
        matching = set(partnership_list(filters, on=on).order_by().values_list("pk", flat=True))
        order = [pk for pk in order if pk in matching]
    return list(order)


# What a row of the list shows of its partnership (its name in each language, for the
# fallback's lang attribute): the descriptions and the rest are not read.
_LIST_ROW = (
    "pk",
    "slug",
    "is_illustrative",
    "leader_as_named",
    *(f"name{suffix}" for suffix in ("", "_pl", "_en")),
)


@prepared(keys=list[int])
def _partnerships_of_keys(keys):
    return Partnership.objects.filter(OneOf(F("pk"), keys)).only(*_LIST_ROW).order_by()


def partnerships_by_keys(keys: list[int]) -> list[Partnership]:
    """The partnerships of these keys, in their order, with what a row of the list shows (one
    query)."""
    found = {partnership.pk: partnership for partnership in _partnerships_of_keys(keys=keys)}
    return [found[pk] for pk in keys if pk in found]


# A list row's figures: its current members by sector and in all, its projects' value and
# grants, its current leaders' names. Each read is grouped in SQL over the partnerships given
# (`within`, a condition on the partnership), or over all of them.
def _members_by_sector(within: Q):
    by_sector = {
        sector: Count("pk", filter=Q(organisation__kind__in=kinds))
        for sector, kinds in _KINDS_OF_SECTOR.items()
    }
    by_sector["all"] = Count("pk")
    return (
        PartnershipMember.objects.filter(within, left_on__isnull=True)
        .values("partnership")
        .annotate(**by_sector)
        .order_by()
    )


def _projects_summed(within: Q):
    return (
        Project.objects.filter(within)
        .values("partnership")
        .annotate(value=Sum("total_value"), grant=Sum("grant"))
        .order_by()
    )


def _leaders_named(within: Q):
    return (
        PartnershipMember.objects.filter(within, role=MemberRole.LEADER, left_on__isnull=True)
        .order_by("pk")
        .values_list("partnership", "organisation__name")
    )


@prepared(keys=list[int])
def _current_members_by_sector(keys):
    return _members_by_sector(OneOf(F("partnership"), keys))


@prepared(keys=list[int])
def _project_sums(keys):
    return _projects_summed(OneOf(F("partnership"), keys))


@prepared(keys=list[int])
def _leader_names(keys):
    return _leaders_named(OneOf(F("partnership"), keys))


@dataclass(frozen=True)
class RowFigures:
    public: int = 0
    social: int = 0
    private: int = 0
    members: int = 0
    value: Decimal | None = None
    grant: Decimal | None = None
    leaders: tuple[str, ...] = ()


def _row_figures(sectors, sums, leaders) -> dict[int, RowFigures]:
    names: dict[int, list[str]] = {}
    for partnership, name in leaders:
        names.setdefault(partnership, []).append(name)
    counts = {row["partnership"]: row for row in sectors}
    totals = {row["partnership"]: row for row in sums}
    figures = {}
    for key in counts.keys() | totals.keys() | names.keys():
        count, total = counts.get(key, {}), totals.get(key, {})
        figures[key] = RowFigures(
            public=count.get(Sector.PUBLIC, 0),
            social=count.get(Sector.SOCIAL, 0),
            private=count.get(Sector.PRIVATE, 0),
            members=count.get("all", 0),
            value=total.get("value"),
            grant=total.get("grant"),
            leaders=tuple(names.get(key, ())),
        )
    return figures


@freshness.kept("partnerships", "registry", size=1)
def _every_rows_figures() -> dict[int, RowFigures]:
    """Every partnership's row figures, counted in three grouped reads once per change of
    partnerships or the registry (members' kinds, leaders' names) and kept in each process:
    a page of the list looks its rows up instead of grouping their members and projects again
    (1.5–2 ms a page at national scale). Callers do not change it."""
    everything = Q()
    return _row_figures(
        _members_by_sector(everything), _projects_summed(everything), _leaders_named(everything)
    )


def _rows_figures(keys: list[int]) -> dict[int, RowFigures]:
    """The row figures of these partnerships: looked up in every partnership's, kept between
    changes (READ_CACHE); read for these alone where nothing is kept."""
    if settings.READ_CACHE:
        return _every_rows_figures()
    return _row_figures(
        _current_members_by_sector(keys=keys), _project_sums(keys=keys), _leader_names(keys=keys)
    )


def partnership_rows(partnerships) -> list[Partnership]:
    """The rows of a list with their leaders' names, current members by sector and project
    totals (RowFigures), as kept for every partnership between changes or, where nothing is
    kept, three queries for any number of rows, each grouped in SQL."""
    rows = list(partnerships)
    figures = _rows_figures([partnership.pk for partnership in rows])
    address = address_of("partnerships:detail")
    nothing = RowFigures()
    for partnership in rows:
        row = figures.get(partnership.pk, nothing)
        partnership.leader_names = list(row.leaders)
        partnership.public_members = row.public
        partnership.social_members = row.social
        partnership.private_members = row.private
        partnership.member_count = row.members
        partnership.projects_value = row.value
        partnership.projects_grant = row.grant
        partnership.url = address(partnership.slug)
    return rows


@freshness.kept("partnerships", key=get_language)
def partnership_choices() -> tuple[tuple[int, str], ...]:
    """Every partnership's key and name in the visitor's language (the Polish one where it has
    none; a made-up one said to be an illustrative example), in Polish alphabetical order: the
    public forms' choice of a partnership, read and sorted once per change of partnerships
    (5,000 at national scale)."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    own = f"name_{(get_language() or source).split('-')[0]}"
    rows = Partnership.objects.values("pk", f"name_{source}", own, "is_illustrative").order_by()
    named = sorted(
        (
            (row.get(own) or row[f"name_{source}"], row["pk"], row["is_illustrative"])
            for row in rows
        ),
        key=lambda choice: (sort_key(choice[0]), choice[1]),
    )
    return tuple(
        (pk, gettext("%(name)s (illustrative example)") % {"name": name} if made_up else name)
        for name, pk, made_up in named
    )


@freshness.kept("partnerships")
def partnership_count() -> int:
    """How many partnerships there are (the sitemap's pages), counted once per change."""
    return Partnership.objects.count()


def partnership_moved_to(slug: str) -> str | None:
    """The present address name of a partnership that had this one before, else None."""
    return (
        PartnershipSlugHistory.objects.filter(slug=slug)
        .values_list("partnership__slug", flat=True)
        .first()
    )


# The partnership's page reads: prepared (lib.prepared), each compiled once per process and
# language and run on every request.
@prepared(slug=str)
def _partnership_by_slug(slug):
    return Partnership.objects.filter(slug=slug)


# What the page shows of a member, its organisation and the organisation's unit (a unit is named
# in full and linked to by its code), read as values: a national partnership's 17 members read
# every column of the three tables took the ORM three times as long as the database, and as
# instances of the three models (only these columns) still twice as long as read here.
_MEMBER_SHOWN = (
    "sector",
    "role",
    "joined_on",
    "left_on",
    "organisation__name",
    "organisation__is_illustrative",
    "organisation__territorial_unit__code",
    "organisation__territorial_unit__level",
    "organisation__territorial_unit__unit_type",
    "organisation__territorial_unit__name",
)


@dataclass(frozen=True)
class UnitLink:
    """A unit as a partnership's page links to it: its page's address, named in full."""

    code: str
    url: str
    title: str

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class MemberRow:
    """A member as a partnership's page shows it: its organisation (marked when made up), the
    organisation's unit (when it is a local government), its role and when it joined and
    left."""

    name: str
    is_illustrative: bool
    unit: UnitLink | None
    role: str
    joined_on: datetime.date | None
    left_on: datetime.date | None
    sector: str


@prepared(partnership=int)
def _partnership_members(partnership):
    return (
        PartnershipMember.objects.with_sector()
        .filter(partnership=partnership)
        .order_by("role", polish("organisation__name"))
        .values_list(*_MEMBER_SHOWN)
    )


def _member_rows(partnership: int) -> list[MemberRow]:
    address = address_of("registry:unit_detail")
    rows = []
    for (
        sector,
        role,
        joined_on,
        left_on,
        name,
        made_up,
        code,
        level,
        kind,
        unit,
    ) in _partnership_members(partnership=partnership):
        link = None
        if code is not None:
            link = UnitLink(code, address(code), unit_title(code, level, kind, unit))
        rows.append(MemberRow(name, made_up, link, role, joined_on, left_on, sector))
    return rows


@prepared(partnership=int)
def _partnership_projects(partnership):
    return Project.objects.filter(partnership=partnership).select_related("funding_programme")


@prepared(partnership=int)
def _partnership_deliverables(partnership):
    return Deliverable.objects.filter(partnership=partnership).order_by("kind", polish("title"))


def partnership_by_slug(slug: str) -> Partnership:
    """The partnership alone, without what its page shows (raises Partnership.DoesNotExist):
    for the pages under its address that other apps make."""
    return _partnership_by_slug.get(slug=slug)


def partnership_get(slug: str) -> Partnership:
    """One partnership with everything its page shows (raises Partnership.DoesNotExist):
    member_list (MemberRow), project_list (each with its
    deliverable_list) and loose_deliverables."""
    partnership = _partnership_by_slug.get(slug=slug)
    partnership.member_list = _member_rows(partnership.pk)
    partnership.project_list = list(_partnership_projects(partnership=partnership.pk))
    by_project = {project.pk: project for project in partnership.project_list}
    for project in partnership.project_list:
        project.deliverable_list = []
    partnership.loose_deliverables = []
    for deliverable in _partnership_deliverables(partnership=partnership.pk):
        project = by_project.get(deliverable.project_id)
        if project is not None:
            project.deliverable_list.append(deliverable)
        elif deliverable.project_id is None:
            partnership.loose_deliverables.append(deliverable)
    return partnership


@dataclass
class MemberGroup:
    sector: str
    label: str
    members: list = field(default_factory=list)

    @property
    def heading(self) -> str:
        return SECTOR_HEADINGS[self.sector] % {"count": len(self.members)}

    @property
    def caption(self) -> str:
        return str(SECTOR_CAPTIONS[self.sector])


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
    """The sums of the projects partnership_get() read (project_list), as SQL's SUM gives them:
    None where no project states the amount."""

    def total(field: str) -> Decimal | None:
        stated = [
            getattr(project, field)
            for project in partnership.project_list
            if getattr(project, field) is not None
        ]
        return sum(stated) if stated else None

    return ProjectTotals(total("total_value"), total("grant"), total("own_contribution"))


@prepared(partnership=int)
def _support_by_form(partnership):
    return (
        SupportEngagement.objects.filter(partnership=partnership)
        .values("form")
        .annotate(hours=Sum("hours"), engagements=Count("pk"))
        .order_by("form")
    )


def support_by_form(partnership: Partnership) -> list[dict]:
    """Hours of support by form, and who gave it (name and role only: the public page shows no
    other personal data of experts)."""
    return list(_support_by_form(partnership=partnership.pk))


@prepared(partnership=int)
def _support_experts(partnership):
    return (
        SupportEngagement.objects.filter(partnership=partnership)
        .values("expert__first_name", "expert__last_name", "expert_role")
        .annotate(is_illustrative=F("expert__is_illustrative"), hours=Sum("hours"))
        .order_by(polish("expert__last_name"), polish("expert__first_name"))
    )


def support_experts(partnership: Partnership) -> list[dict]:
    return list(_support_experts(partnership=partnership.pk))


@dataclass(frozen=True)
class NamedUnit:
    """A unit as a list of names shows it: "Kłodzko (0208011)"."""

    code: str
    name: str


@dataclass(frozen=True)
class Territory:
    units: list[UnitLink]
    gminas: int
    year: int | None
    population: int | None
    gminas_without_figure: list[NamedUnit]
    years: list[int]


def _covered_gminas(partnership: int) -> QuerySet[TerritorialUnit]:
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


@prepared(partnership=int)
def _covered_gmina_keys(partnership):
    return _covered_gminas(partnership).order_by().values_list("pk", flat=True)


@prepared(partnership=int, year=int)
def _covered_gminas_with_figure(partnership, year):
    """One pass over the covered gminas, each with its figure for the year (one a year)."""
    figure = PopulationFigure.objects.filter(year=year, unit_code=OuterRef("code"))
    return (
        _covered_gminas(partnership)
        .annotate(figure=Subquery(figure.values("total")[:1]))
        .order_by()
        .values_list("pk", "figure")
    )


@prepared(keys=list[int])
def _units_in_order(keys):
    return (
        TerritorialUnit.objects.filter(OneOf(F("pk"), keys))
        .order_by(polish("name"), "code")
        .values_list("code", "name")
    )


@freshness.kept("registry")
def population_years() -> list[int]:
    """The years with population figures, newest first: distinct over the whole table, so kept
    between changes of the registry (callers do not change the list)."""
    return list(
        PopulationFigure.objects.order_by("-year").values_list("year", flat=True).distinct()
    )


# The apps a partnership's territory is worked out from: its memberships, and the organisations,
# units and population figures of the registry.
TERRITORY_SCOPES = ("partnerships", "registry")


def _territory_figures(partnership: int, year: int | None) -> dict:
    """How many gminas the partnership's current local-government members cover, their
    population at the end of the year, and the gminas without a figure for it ([code, name], in
    Polish alphabetical order)."""
    if year is None:
        return {
            "gminas": len(_covered_gmina_keys(partnership=partnership)),
            "population": None,
            "without": [],
        }
    covered = list(_covered_gminas_with_figure(partnership=partnership, year=year))
    shown = [total for _pk, total in covered if total is not None]
    missing = [pk for pk, total in covered if total is None]
    return {
        "gminas": len(covered),
        "population": sum(shown) if shown else None,
        "without": [list(row) for row in _units_in_order(keys=missing)] if missing else [],
    }


def partnership_territory(partnership: Partnership, *, year: int | None = None) -> Territory:
    """The units of the partnership's current members and the gminas they cover with their
    population in the year (the newest with figures unless another is asked for): counted once
    after a change of the partnerships or the registry and stored (lib.figures), not on every
    request — at national scale the covered gminas and their figures are a join over the
    register and the population table for every view."""
    units = [
        member.unit
        for member in partnership.member_list
        if member.left_on is None and member.unit is not None
    ]
    years = population_years()
    if year not in years:
        year = years[0] if years else None
    counted = figures.stored(
        f"territory {partnership.pk} {year}",
        lambda: _territory_figures(partnership.pk, year),
        scopes=TERRITORY_SCOPES,
    )
    return Territory(
        units=sorted(units, key=lambda unit: unit.code),
        gminas=counted["gminas"],
        year=year,
        population=counted["population"],
        gminas_without_figure=[NamedUnit(code, name) for code, name in counted["without"]],
        years=years,
    )


@freshness.kept("partnerships", "registry")
def partnership_counts_by_voivodeship() -> dict[str, dict[str, int]]:
    """How many partnerships have a current local-government member in each voivodeship, and
    how many of them are made up (illustrative): {"02": {"all": 12, "illustrative": 10}}.
    Counted over every membership, so kept between changes (callers do not change it)."""
    rows = (
        PartnershipMember.objects.filter(
            organisation__territorial_unit__isnull=False, left_on__isnull=True
        )
        .annotate(voivodeship=Substr("organisation__territorial_unit__code", 1, 2))
        .values("voivodeship")
        .annotate(
            partnerships=Count("partnership", distinct=True),
            illustrative=Count(
                "partnership", distinct=True, filter=Q(partnership__is_illustrative=True)
            ),
        )
        .order_by()
    )
    return {
        row["voivodeship"]: {"all": row["partnerships"], "illustrative": row["illustrative"]}
        for row in rows
    }


def member_contact_is_own(member: PartnershipMember) -> bool:
    """Whether the member's coordinators may rewrite its contact person's record: the person
    their form created for this member, used by nothing but this contact and its affiliation
    with the member organisation."""
    person = member.contact_person
    if person is None or member.contact_created_id != person.pk:
        return False
    return member_created_contact_is_free(member)


def member_created_contact_is_free(member: PartnershipMember) -> bool:
    """Whether the person the member's coordinators created is still theirs to rename, contact
    or not: nothing uses it but this member's contact and its affiliation with the member
    organisation (a contact they replaced by an existing person may be taken up again)."""
    person = member.contact_created
    if person is None:
        return False
    return not person_used_elsewhere(
        person,
        besides={
            "partnerships.PartnershipMember.contact_person": Q(pk=member.pk),
            "registry.Affiliation.person": Q(organisation_id=member.organisation_id),
        },
    )


def illustrative_records() -> list[QuerySet]:
    """This app's made-up (demo) records, one queryset per model: the portal asks whether any
    exists, for every app at once in one query, to show the site-wide demo notice."""
    return [Partnership.objects.filter(is_illustrative=True)]

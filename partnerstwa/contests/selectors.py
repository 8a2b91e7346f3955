"""Reads for the contest: who may see what (conflicts of interest), the ranking with its
tie-break, a juror's view, the public results."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone

from partnerstwa.contests.models import (
    AWARDS,
    RANKED,
    SCORABLE,
    Application,
    ApplicationStatus,
    Category,
    ConflictDeclaration,
    ContestEdition,
    Criterion,
    EditionFormerSlug,
    JuryMember,
    Score,
    TieBreak,
    is_award_step,
)
from partnerstwa.lib import collation, freshness
from partnerstwa.lib.bulk import OneOf
from partnerstwa.lib.collation import polish
from partnerstwa.lib.prepared import prepared
from partnerstwa.registry.models import Affiliation

HUNDRED = Decimal(100)


# Conflicts of interest


def _found_conflict(*, person, organisation, partnership) -> Q:
    """The one statement of a conflict found without a declaration: the person holds an
    affiliation in force today with the applicant organisation, or with an organisation that
    belongs (or belonged) to the applicant partnership.

    Pass OuterRef()s for organisation and partnership: an application has one of the two, and
    a None here would read as "IS NULL" rather than "no such applicant"."""
    today = timezone.localdate()
    # Each condition holds for the same affiliation row (one filter() on one row, no join that
    # would let another person's affiliation stand in for the juror's).
    affiliations = Affiliation.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        Q(started_on__isnull=True) | Q(started_on__lte=today),
        person=person,
    )
    return Q(Exists(affiliations.filter(organisation=organisation))) | Q(
        Exists(affiliations.filter(organisation__partnership_memberships__partnership=partnership))
    )


def automatically_conflicted(juror: JuryMember) -> QuerySet[Application]:
    """Applications the juror may never see: of an organisation they are affiliated with, or of
    a partnership one of those organisations belongs to."""
    return Application.objects.filter(edition=juror.edition_id).filter(
        _found_conflict(
            person=juror.person_id,
            organisation=OuterRef("organisation"),
            partnership=OuterRef("partnership"),
        )
    )


def conflicted_ids(juror: JuryMember) -> set[int]:
    """Every application the juror has a conflict with, found or declared."""
    declared = ConflictDeclaration.objects.filter(juror=juror, has_conflict=True).values_list(
        "application_id", flat=True
    )
    return set(automatically_conflicted(juror).values_list("pk", flat=True)) | set(declared)


def hidden_from(user: AbstractBaseUser | AnonymousUser) -> set[int]:
    """Applications of any edition that `user` has a conflict with through one of their jury
    seats (for lists that span editions, such as the admin's)."""
    if not user.is_authenticated:
        return set()
    hidden: set[int] = set()
    for seat in JuryMember.objects.filter(user=user):
        hidden |= conflicted_ids(seat)
    return hidden


def is_contest_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """The programme staff who run the contest: staff status and the right to change
    applications."""
    return user.is_authenticated and user.is_staff and user.has_perm("contests.change_application")


@dataclass(frozen=True)
class ContestAccess:
    """What one user may see and do with one edition's applications, on every page and in every
    service that touches them (results, ranking, statuses, edition steps, exports).

    A conflict of interest follows the person's jury seat, whatever else they are: an
    application they are conflicted with is as good as missing to them, even to staff."""

    edition: ContestEdition
    staff: bool
    seat: JuryMember | None
    hidden: frozenset[int]

    @property
    def is_chair(self) -> bool:
        return self.seat is not None and self.seat.is_chair

    @property
    def sees_results(self) -> bool:
        return self.staff or self.is_chair

    @property
    def sees_scores(self) -> bool:
        """The chair is a juror: like the jury, they see scores only once scoring has closed."""
        return self.staff or (self.is_chair and self.edition.scores_visible_to_jury)

    @property
    def moves_edition(self) -> bool:
        """Steps (closing scoring among them) decide on every application at once: staff take
        them, never the jury, and not a staff member who is conflicted with any application."""
        return self.staff and not self.hidden

    def may_see(self, application: Application) -> bool:
        return application.edition_id == self.edition.pk and application.pk not in self.hidden

    def may_set_status(self, application: Application, status: str) -> bool:
        """Awards are the chair's (or staff's) decision; eligibility and finalists the staff's."""
        if not self.may_see(application):
            return False
        if is_award_step(application.status, status):
            return self.staff or self.is_chair
        return self.staff

    def applications(self) -> QuerySet[Application]:
        return Application.objects.filter(edition=self.edition).exclude(pk__in=self.hidden)


def contest_access(
    edition: ContestEdition, user: AbstractBaseUser | AnonymousUser
) -> ContestAccess:
    seat = jury_seat(edition, user)
    return ContestAccess(
        edition=edition,
        staff=is_contest_staff(user),
        seat=seat,
        hidden=frozenset(conflicted_ids(seat)) if seat is not None else frozenset(),
    )


@dataclass
class RankedApplication:
    application: Application
    jurors: int = 0
    mean: Decimal | None = None  # weighted points, mean over the jurors with complete scorecards
    percent: Decimal | None = None  # the same as a share of the maximum
    criterion_means: dict[int, Decimal] = field(default_factory=dict)
    rank: int | None = None
    tied: bool = False


def counted_scores(
    edition: ContestEdition, *, hidden: frozenset[int] | set[int] = frozenset()
) -> QuerySet[Score]:
    """The edition's scores that count: none of a juror for an application they have a conflict
    with (found after they scored, such as an affiliation recorded later), none of the `hidden`
    applications (the reader's own conflicts). The conflicts are the ones conflicted_ids()
    finds, asked of every score in one query, whatever the number of jurors."""
    declared = ConflictDeclaration.objects.filter(
        juror=OuterRef("juror"), application=OuterRef("application"), has_conflict=True
    )
    found = _found_conflict(
        person=OuterRef("juror__person"),
        organisation=OuterRef("application__organisation"),
        partnership=OuterRef("application__partnership"),
    )
    return (
        Score.objects.filter(application__edition=edition)
        .exclude(application__in=hidden)
        .filter(~Exists(declared), ~found)
    )


def ranking(
    edition: ContestEdition, *, hidden: frozenset[int] | set[int] = frozenset()
) -> list[RankedApplication]:
    """Eligible applications and finalists by their weighted mean, ties broken by the edition's
    rule; applications nobody has fully scored come last, unranked. The `hidden` applications
    (a reader's conflicts) are left out before ranking, so no gap in the ranks gives away where
    they stand.

    A juror's result for an application is the sum of points × weight over all criteria; it
    counts only when the juror scored every criterion. The application's result is the mean of
    those results over the jurors who gave them."""
    criteria = list(edition.criteria.order_by("-weight", "order", "pk"))
    maximum = sum((criterion.weight * criterion.max_points for criterion in criteria), Decimal(0))
    applications = list(
        edition.applications.filter(status__in=RANKED)
        .exclude(pk__in=hidden)
        .select_related("organisation", "partnership", "category")
        .order_by("submitted_at", "pk")
    )
    scores = counted_scores(edition, hidden=hidden)
    cards = (
        scores.values("application", "juror")
        .annotate(
            total=Sum(
                ExpressionWrapper(
                    F("points") * F("criterion__weight"),
                    output_field=DecimalField(max_digits=12, decimal_places=2),
                )
            ),
            criteria_scored=Count("criterion", distinct=True),
        )
        .filter(criteria_scored=len(criteria))
        .order_by()
    )
    totals: dict[int, list[Decimal]] = defaultdict(list)
    for card in cards:
        totals[card["application"]].append(Decimal(card["total"]))
    criterion_means: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in scores.values("application", "criterion").annotate(mean=Avg("points")).order_by():
        criterion_means[row["application"]][row["criterion"]] = Decimal(row["mean"])

    rows = []
    for application in applications:
        row = RankedApplication(application=application)
        results = totals.get(application.pk, [])
        if results:
            row.jurors = len(results)
            row.mean = sum(results, Decimal(0)) / len(results)
            row.percent = (row.mean / maximum * HUNDRED) if maximum else None
            row.criterion_means = criterion_means.get(application.pk, {})
        rows.append(row)

    def key(row: RankedApplication):
        if edition.tie_break == TieBreak.TOP_CRITERION:
            tail = tuple(-row.criterion_means.get(c.pk, Decimal(0)) for c in criteria)
        elif edition.tie_break == TieBreak.EARLIER:
            tail = (row.application.submitted_at.timestamp(),)
        else:
            tail = ()
        return (-row.mean, *tail)

    scored = sorted((row for row in rows if row.mean is not None), key=key)
    previous_key, previous_rank = None, 0
    for position, row in enumerate(scored, start=1):
        row_key = key(row)
        if row_key == previous_key:
            row.rank = previous_rank
            row.tied = True
            scored[position - 2].tied = True
        else:
            row.rank = position
            previous_rank = position
        previous_key = row_key
    return scored + [row for row in rows if row.mean is None]


def results_for(access: ContestAccess) -> tuple[list[RankedApplication], list[Application]]:
    """The results page as one reader may see it: the ranked applications (without scores for a
    chair while the jury is scoring) and the others, none of the reader's conflicts among them."""
    if access.sees_scores:
        ranked = ranking(access.edition, hidden=access.hidden)
    else:
        ranked = [
            RankedApplication(application=application)
            for application in access.applications()
            .filter(status__in=RANKED)
            .select_related("organisation", "partnership", "category")
            .order_by("submitted_at", "pk")
        ]
    others = list(
        access.applications()
        .exclude(status__in=RANKED)
        .select_related("organisation", "partnership")
        .order_by("submitted_at", "pk")
    )
    return ranked, others


def edition_scores(
    edition: ContestEdition, *, hidden: frozenset[int] | set[int] = frozenset()
) -> QuerySet[Score]:
    """The scores the ranking counts (counted_scores), for the export."""
    return (
        counted_scores(edition, hidden=hidden)
        .select_related(
            "application__organisation", "application__partnership", "juror__person", "criterion"
        )
        .order_by(
            "application__submitted_at",
            polish("juror__person__last_name"),
            "juror__pk",
            "criterion__order",
        )
    )


# Laureates (the first award) before distinctions, then the applicant's name in Polish order.
AWARD_ORDER = Case(
    When(status=ApplicationStatus.LAUREATE, then=Value(0)),
    When(status=ApplicationStatus.DISTINCTION, then=Value(1)),
    default=Value(2),
)


def _awarded() -> QuerySet[Application]:
    """Awarded applications: laureates first, then distinctions, names in Polish order."""
    return (
        Application.objects.filter(status__in=AWARDS)
        .select_related("organisation__territorial_unit", "partnership", "category")
        .order_by(
            AWARD_ORDER,
            Collate(Coalesce("organisation__name", "partnership__name"), collation.NAME),
            "pk",
        )
    )


def public_editions() -> QuerySet[ContestEdition]:
    """Published-or-later editions, newest year first, names in Polish order, each with its
    awarded applications (`awarded`): laureates first, then distinctions."""
    return (
        ContestEdition.objects.public()
        .order_by("-year", polish("name"), "pk")
        .prefetch_related(Prefetch("applications", queryset=_awarded(), to_attr="awarded"))
    )


# The contest's public pages read through prepared reads (lib.prepared): compiled once per
# process and language, run on every request.
@prepared()
def _public_editions():
    return ContestEdition.objects.public().order_by("-year", polish("name"), "pk")


@prepared(slug=str)
def _public_edition(slug):
    return ContestEdition.objects.public().filter(slug=slug)


@prepared(editions=list[int])
def _awarded_in(editions):
    return _awarded().filter(OneOf(F("edition"), editions))


@prepared(edition=int)
def _edition_categories(edition):
    return Category.objects.filter(edition=edition).order_by(polish("name"), "pk")


@prepared(edition=int)
def _edition_criteria(edition):
    return Criterion.objects.filter(edition=edition).order_by("order", "pk")


def _with_awarded(editions: list[ContestEdition]) -> list[ContestEdition]:
    by_key = {edition.pk: edition for edition in editions}
    for edition in editions:
        edition.awarded = []
    for application in _awarded_in(editions=list(by_key)):
        by_key[application.edition_id].awarded.append(application)
    return editions


def editions_with_awards() -> list[ContestEdition]:
    """The public editions as public_editions() gives them (with `awarded`), for the contest's
    page."""
    return _with_awarded(list(_public_editions()))


def edition_get(slug: str) -> ContestEdition:
    """A public edition with its `awarded`, `category_list` and `criterion_list`
    (ContestEdition.DoesNotExist for a draft or an unknown one)."""
    (edition,) = _with_awarded([_public_edition.get(slug=slug)])
    edition.category_list = list(_edition_categories(edition=edition.pk))
    edition.criterion_list = list(_edition_criteria(edition=edition.pk))
    return edition


@freshness.kept("contests")
def public_edition_count() -> int:
    """How many editions the public sees (the sitemap's pages), counted once per change."""
    return ContestEdition.objects.public().count()


def edition_current_slug(former: str) -> str | None:
    """The address an edition moved to from `former`, if it ever answered there."""
    return (
        EditionFormerSlug.objects.filter(slug=former, edition__in=ContestEdition.objects.public())
        .values_list("edition__slug", flat=True)
        .first()
    )


def jury_seat(edition: ContestEdition, user) -> JuryMember | None:
    if not user.is_authenticated:
        return None
    return JuryMember.objects.filter(edition=edition, user=user).select_related("person").first()


def juror_applications(juror: JuryMember, conflicted: set[int]) -> list[Application]:
    """What a juror may open: the edition's scorable applications without a conflict, with
    how many criteria they have scored."""
    return list(
        Application.objects.filter(edition=juror.edition_id, status__in=SCORABLE)
        .exclude(pk__in=conflicted)
        .select_related("organisation", "partnership", "category")
        .annotate(my_scores=Count("scores", filter=Q(scores__juror=juror)))
        .order_by("submitted_at", "pk")
    )


def editions_for_staff(*, limit: int = 10) -> list[ContestEdition]:
    """Contest editions, newest first, drafts included, each with its number of applications
    (the stage is the edition's status): one query."""
    return list(
        ContestEdition.objects.annotate(application_count=Count("applications")).order_by(
            "-year", polish("name"), "pk"
        )[:limit]
    )


def illustrative_records() -> list[QuerySet]:
    """This app's made-up (demo) records, one queryset per model: the portal asks whether any
    exists, for every app at once in one query, to show the site-wide demo notice."""
    return [
        ContestEdition.objects.filter(is_illustrative=True),
        Application.objects.filter(is_illustrative=True),
    ]

"""Reads for the contest: the ranking with its tie-break, a juror's view, the public results."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)

from partnerstwa.contests.models import (
    AWARDS,
    RANKED,
    SCORABLE,
    Application,
    ContestEdition,
    Criterion,
    JuryMember,
    Score,
    TieBreak,
)

HUNDRED = Decimal(100)


@dataclass
class RankedApplication:
    application: Application
    jurors: int = 0
    mean: Decimal | None = None  # weighted points, mean over the jurors with complete scorecards
    percent: Decimal | None = None  # the same as a share of the maximum
    criterion_means: dict[int, Decimal] = field(default_factory=dict)
    rank: int | None = None
    tied: bool = False


def ranking(edition: ContestEdition) -> list[RankedApplication]:
    """Eligible applications and finalists by their weighted mean, ties broken by the edition's
    rule; applications nobody has fully scored come last, unranked.

    A juror's result for an application is the sum of points × weight over all criteria; it
    counts only when the juror scored every criterion. The application's result is the mean of
    those results over the jurors who gave them."""
    criteria = list(edition.criteria.order_by("-weight", "order", "pk"))
    maximum = sum((criterion.weight * criterion.max_points for criterion in criteria), Decimal(0))
    applications = list(
        edition.applications.filter(status__in=RANKED)
        .select_related("organisation", "partnership", "category")
        .order_by("submitted_at", "pk")
    )
    scores = Score.objects.filter(application__edition=edition)
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


def public_editions() -> QuerySet[ContestEdition]:
    awarded = (
        Application.objects.filter(status__in=AWARDS)
        .select_related("organisation", "partnership", "category")
        .order_by("status", "organisation__name", "partnership__name")
    )
    return ContestEdition.objects.public().prefetch_related(
        Prefetch("applications", queryset=awarded, to_attr="awarded")
    )


def edition_get(slug: str) -> ContestEdition:
    return (
        public_editions()
        .prefetch_related(
            "categories", Prefetch("criteria", queryset=Criterion.objects.order_by("order", "pk"))
        )
        .get(slug=slug)
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

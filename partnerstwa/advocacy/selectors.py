"""Reads for advocacy: the public list and detail, the staff's queue, overdue replies and the
period summary."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from partnerstwa.advocacy.models import (
    AreaOfLaw,
    BarrierReport,
    BarrierStatus,
    LegalActReference,
    LegalBarrier,
    Recommendation,
    ReportState,
    StatusChange,
)
from partnerstwa.lib import freshness
from partnerstwa.lib.collation import polish
from partnerstwa.lib.prepared import prepared
from partnerstwa.partnerships.models import Partnership
from partnerstwa.registry.models import Organisation


def _public_recommendations() -> Prefetch:
    return Prefetch(
        "recommendations",
        queryset=Recommendation.objects.sent()
        .select_related("addressee", "position_paper", "position_notice")
        .order_by("sent_on", "pk"),
        to_attr="sent_recommendations",
    )


def public_barriers(*, area: str = "", status: str = "") -> QuerySet[LegalBarrier]:
    """Published barriers, newest report first, filtered by area of law (slug) and status."""
    barriers = LegalBarrier.objects.published().select_related("area")
    if area:
        barriers = barriers.filter(area__slug=area)
    if status in BarrierStatus.values:
        barriers = barriers.filter(status=status)
    return barriers.annotate(
        recommendation_count=Count(
            "recommendations", filter=Q(recommendations__sent_on__isnull=False)
        )
    ).order_by("-reported_on", "-pk")


@freshness.kept("advocacy")
def areas_in_use() -> list[AreaOfLaw]:
    """Areas with at least one published barrier, for the list's filter: kept between changes
    of advocacy (callers do not change the list)."""
    return list(
        AreaOfLaw.objects.filter(
            barriers__is_published=True, barriers__merged_into__isnull=True
        ).distinct()
    )


@freshness.kept("advocacy")
def status_counts() -> dict[str, int]:
    """Published barriers by status, counted once per change of advocacy (read-only)."""
    # order_by(): the model's default order would otherwise split each status's group.
    rows = LegalBarrier.objects.published().values("status").annotate(count=Count("pk")).order_by()
    return {row["status"]: row["count"] for row in rows}


@prepared(pk=int)
def _published_barrier(pk):
    return LegalBarrier.objects.filter(pk=pk, is_published=True).select_related(
        "area", "merged_into"
    )


@prepared(barrier=int)
def _barrier_organisations(barrier):
    return Organisation.objects.filter(legal_barriers=barrier).order_by(polish("name"))


@prepared(barrier=int)
def _barrier_partnerships(barrier):
    return Partnership.objects.filter(legal_barriers=barrier).order_by(polish("name"))


@prepared(barrier=int)
def _barrier_evidence(barrier):
    return _visible_documents().filter(legal_barriers=barrier)


@prepared(barrier=int)
def _barrier_references(barrier):
    return LegalActReference.objects.filter(barrier=barrier)


@prepared(barrier=int)
def _barrier_recommendations(barrier):
    return (
        Recommendation.objects.sent()
        .filter(barriers=barrier)
        .select_related("addressee", "position_paper", "position_notice")
        .order_by("sent_on", "pk")
    )


def barrier_public(pk: int) -> LegalBarrier:
    """A published barrier with everything its page shows (organisation_list, partnership_list,
    evidence_list, reference_list, sent_recommendations); LegalBarrier.DoesNotExist for one
    unpublished or unknown. A merged barrier is returned as it is: the view redirects. Prepared
    reads (lib.prepared): the page is read on every request, its statements compiled once."""
    barrier = _published_barrier.get(pk=pk)
    if barrier.merged_into_id is None:
        barrier.organisation_list = list(_barrier_organisations(barrier=pk))
        barrier.partnership_list = list(_barrier_partnerships(barrier=pk))
        barrier.evidence_list = list(_barrier_evidence(barrier=pk))
        barrier.reference_list = list(_barrier_references(barrier=pk))
        barrier.sent_recommendations = list(_barrier_recommendations(barrier=pk))
    return barrier


def _visible_documents():
    from partnerstwa.library.models import LibraryDocument

    return LibraryDocument.objects.filter(is_public=True).order_by("-published_on", "pk")


@prepared(barrier=int)
def _barrier_history(barrier):
    return (
        StatusChange.objects.filter(Q(barrier=barrier) | Q(barrier__merged_into=barrier))
        .select_related("barrier")
        .order_by("changed_at", "pk")
    )


def barrier_history(barrier: LegalBarrier) -> list[StatusChange]:
    """The barrier's dated steps and those of the duplicates merged into it, oldest first."""
    return list(_barrier_history(barrier=barrier.pk))


def public_changes(limit: int = 50) -> list[StatusChange]:
    """The latest steps of published barriers, for the Atom feed."""
    return list(
        StatusChange.objects.filter(barrier__is_published=True, barrier__merged_into__isnull=True)
        .select_related("barrier")
        .order_by("-changed_at", "-pk")[:limit]
    )


def _published_newest_first() -> QuerySet[LegalBarrier]:
    return LegalBarrier.objects.published().select_related("area").order_by("-reported_on", "-pk")


@prepared(partnership=int)
def _barriers_of_partnership(partnership):
    return _published_newest_first().filter(partnerships=partnership)


@prepared(organisation=int)
def _barriers_of_organisation(organisation):
    return _published_newest_first().filter(organisations=organisation)


def barriers_reported_by(
    *, partnership: Partnership | None = None, organisation: Organisation | None = None
) -> list[LegalBarrier]:
    """The published barriers a partnership or an organisation (one of the two) reported."""
    if (partnership is None) == (organisation is None):
        raise TypeError("barriers_reported_by() takes a partnership or an organisation")
    if partnership is not None:
        return list(_barriers_of_partnership(partnership=partnership.pk))
    return list(_barriers_of_organisation(organisation=organisation.pk))


# Staff


def review_queue() -> QuerySet[BarrierReport]:
    """Confirmed reports awaiting a decision, oldest first."""
    return (
        BarrierReport.objects.filter(state=ReportState.PENDING)
        .select_related("organisation", "partnership", "area")
        .order_by("confirmed_at", "pk")
    )


def mergeable_barriers() -> QuerySet[LegalBarrier]:
    return (
        LegalBarrier.objects.filter(merged_into__isnull=True)
        .select_related("area")
        .order_by(polish("title"))
    )


def overdue_recommendations(today: datetime.date | None = None) -> QuerySet[Recommendation]:
    """Sent, unanswered, and their reply day has passed."""
    today = today or timezone.localdate()
    return (
        Recommendation.objects.awaiting_reply()
        .filter(reply_due__lt=today)
        .select_related("addressee")
        .prefetch_related("barriers")
        .order_by("reply_due", "pk")
    )


def replies_due_by(day: datetime.date) -> QuerySet[Recommendation]:
    """Unanswered recommendations whose reply is due on `day` or before."""
    return (
        Recommendation.objects.awaiting_reply()
        .filter(reply_due__lte=day)
        .select_related("addressee")
        .order_by("reply_due", "pk")
    )


def reminder_recipients() -> list[str]:
    """Active staff who may change recommendations (directly, through a group or as
    superusers), by address."""
    permission = Permission.objects.filter(
        content_type__app_label="advocacy", codename="change_recommendation"
    ).first()
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    users = users.filter(
        Q(is_superuser=True) | Q(user_permissions=permission) | Q(groups__permissions=permission)
    )
    return sorted(set(users.values_list("email", flat=True)))


@dataclass
class Summary:
    first: datetime.date
    last: datetime.date
    barriers: list[LegalBarrier]
    recommendations: list[Recommendation]
    by_status: dict[str, int]


def summary(first: datetime.date, last: datetime.date) -> Summary:
    """Barriers reported and recommendations sent in a period, for the goal-2 report."""
    barriers = list(
        LegalBarrier.objects.filter(
            merged_into__isnull=True, reported_on__gte=first, reported_on__lte=last
        )
        .select_related("area")
        .prefetch_related("organisations", "partnerships", "references")
        .order_by("reported_on", "pk")
    )
    recommendations = list(
        Recommendation.objects.filter(sent_on__gte=first, sent_on__lte=last)
        .select_related("addressee")
        .prefetch_related("barriers")
        .order_by("sent_on", "pk")
    )
    by_status: dict[str, int] = {}
    for barrier in barriers:
        by_status[barrier.status] = by_status.get(barrier.status, 0) + 1
    return Summary(first, last, barriers, recommendations, by_status)


def illustrative_records() -> list[QuerySet]:
    """This app's made-up (demo) records, one queryset per model: the portal asks whether any
    exists, for every app at once, to show the site-wide demo notice and its counts."""
    return [
        LegalBarrier.objects.filter(is_illustrative=True),
        Recommendation.objects.filter(is_illustrative=True),
    ]


def awaiting_staff() -> dict[str, int]:
    """For the staff workspace: reports awaiting review and replies overdue."""
    return {
        "barrier_reports": review_queue().count(),
        "overdue_replies": overdue_recommendations().count(),
    }

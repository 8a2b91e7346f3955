"""Writes for advocacy: barriers and their status history, merging duplicates, recommendations
and replies, and the public form's reports with their review."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.activities.services import may_mail
from partnerstwa.advocacy import tasks
from partnerstwa.advocacy.links import CONFIRM_LINK
from partnerstwa.advocacy.links import confirm_token as confirm_token
from partnerstwa.advocacy.models import (
    NATURAL_STEPS,
    Addressee,
    AreaOfLaw,
    BarrierReport,
    BarrierStatus,
    LegalActReference,
    LegalBarrier,
    Recommendation,
    ReportState,
    StatusChange,
)
from partnerstwa.advocacy.validators import parse_references
from partnerstwa.advocacy.workdays import reply_due as default_reply_due
from partnerstwa.lib import bulk
from partnerstwa.lib.dates import local_datetime
from partnerstwa.lib.tokens import LinkExpired
from partnerstwa.library.models import LibraryDocument
from partnerstwa.partnerships.models import Partnership
from partnerstwa.registry.models import Organisation

REPORT_MAIL_SCOPE = "advocacy.report"


def _moment(day: datetime.date) -> datetime.datetime:
    """When a step recorded for `day` happened: now for today, noon of that day for a day past
    (a recommendation entered after it went out keeps its history in order)."""
    if day >= timezone.localdate():
        return timezone.now()
    return local_datetime(day, datetime.time(12))


def references_set(*, barrier: LegalBarrier, text: str) -> list[LegalActReference]:
    """The barrier's legal acts become those of `text` (one "Dz.U." reference a line)."""
    references = parse_references(text)
    with transaction.atomic():
        barrier.references.all().delete()
        # lib.bulk records each in the audit trail, as bulk_create does not.
        return bulk.create(
            [
                LegalActReference(
                    barrier=barrier,
                    year=reference.year,
                    number=reference.number,
                    position=reference.position,
                    provision=reference.provision,
                )
                for reference in references
            ]
        )


def barrier_create(
    *,
    title: str,
    description: str,
    area: AreaOfLaw,
    reported_on: datetime.date | None = None,
    legal_acts: str = "",
    organisations: list[Organisation] = (),
    partnerships: list[Partnership] = (),
    evidence: list[LibraryDocument] = (),
    is_published: bool = False,
    by=None,
    **fields,
) -> LegalBarrier:
    """A barrier in the status "reported", its first history row attributed to `by`."""
    barrier = LegalBarrier(
        title=title,
        description=description,
        area=area,
        reported_on=reported_on or timezone.localdate(),
        is_published=is_published,
        **fields,
    )
    barrier.full_clean()
    parse_references(legal_acts)  # refuse before anything is written
    with transaction.atomic():
        barrier.save()
        references_set(barrier=barrier, text=legal_acts)
        barrier.organisations.add(*organisations)
        barrier.partnerships.add(*partnerships)
        barrier.evidence.add(*evidence)
        StatusChange.objects.create(
            barrier=barrier,
            from_status="",
            to_status=BarrierStatus.REPORTED,
            changed_by=by,
            changed_at=_moment(barrier.reported_on),
        )
    return barrier


def barrier_history_start(*, barrier: LegalBarrier, by=None) -> None:
    """The first history row of a barrier made outside barrier_create (the admin's form)."""
    if not barrier.changes.exists():
        StatusChange.objects.create(
            barrier=barrier, from_status="", to_status=BarrierStatus.REPORTED, changed_by=by
        )


def is_natural_step(before: str, after: str) -> bool:
    return (before, after) in NATURAL_STEPS


def barrier_set_status(
    *,
    barrier: LegalBarrier,
    status: str,
    by=None,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> StatusChange:
    """Move a barrier one step along its path; a skip, a step back or leaving an outcome is
    taken only with a reason, which the history keeps. The same status again is refused."""
    if status not in BarrierStatus.values:
        raise ValidationError(_("Unknown status."), code="bad_status")
    reason = reason.strip()
    with transaction.atomic():
        locked = LegalBarrier.objects.select_for_update().get(pk=barrier.pk)
        if locked.merged_into_id is not None:
            raise ValidationError(
                _("This barrier was merged into another; change that one."), code="merged"
            )
        if locked.status == status:
            raise ValidationError(_("The barrier already has this status."), code="same_status")
        if not is_natural_step(locked.status, status) and not reason:
            following = " / ".join(
                str(BarrierStatus(after).label)
                for before, after in sorted(NATURAL_STEPS)
                if before == locked.status
            )
            message = _(
                "After “%(before)s” the next step is “%(next)s”; to go to “%(after)s” instead, "
                "give a reason."
            ) % {
                "before": BarrierStatus(locked.status).label,
                "after": BarrierStatus(status).label,
                "next": following or "—",
            }
            raise ValidationError({"reason": ValidationError(message, code="reason_needed")})
        # A step dated back (a recommendation entered after it went out) never lands before
        # the step it follows, so the history reads in order.
        previous = locked.changes.order_by("-changed_at").values_list("changed_at", flat=True)
        latest = previous.first()
        moment = at or timezone.now()
        change = StatusChange(
            barrier=locked,
            from_status=locked.status,
            to_status=status,
            changed_by=by,
            reason=reason,
            changed_at=max(moment, latest) if latest else moment,
        )
        change.full_clean()
        change.save()
        # Saved, not updated, so the audit trail records the step with its before and after.
        locked.status = status
        locked.save(update_fields=["status"])
    barrier.status = status
    return change


def barrier_publish(*, barrier: LegalBarrier, published: bool = True) -> None:
    barrier.is_published = published
    barrier.save(update_fields=["is_published"])


def barrier_merge(*, keep: LegalBarrier, duplicate: LegalBarrier, by=None) -> LegalBarrier:
    """Fold `duplicate` into `keep` in one transaction: every reporter, piece of evidence,
    recommendation and public report moves to the kept barrier; the duplicate keeps its own
    history and is marked merged (its public address then leads to the kept one). Barriers
    merged earlier into the duplicate now point to the kept one, so no chain forms."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("A barrier cannot be merged into itself."), code="same")
    with transaction.atomic():
        # Lock both in a fixed order, so two merges of the same pair cannot cross.
        locked = {
            barrier.pk: barrier
            for barrier in LegalBarrier.objects.select_for_update()
            .filter(pk__in=[keep.pk, duplicate.pk])
            .order_by("pk")
        }
        kept, folded = locked[keep.pk], locked[duplicate.pk]
        if kept.merged_into_id is not None or folded.merged_into_id is not None:
            raise ValidationError(
                _("One of these barriers was already merged into another."), code="merged"
            )
        kept.organisations.add(*folded.organisations.all())
        kept.partnerships.add(*folded.partnerships.all())
        kept.evidence.add(*folded.evidence.all())
        for recommendation in folded.recommendations.all():
            recommendation.barriers.add(kept)
        known = {ref.reference for ref in kept.references.all()}
        for ref in folded.references.all():
            if ref.reference not in known:
                LegalActReference.objects.create(
                    barrier=kept,
                    year=ref.year,
                    number=ref.number,
                    position=ref.position,
                    provision=ref.provision,
                )
        BarrierReport.objects.filter(barrier=folded).update(barrier=kept)
        now = timezone.now()
        LegalBarrier.objects.filter(merged_into=folded).update(merged_into=kept)
        folded.merged_into, folded.merged_at = kept, now
        folded.save(update_fields=["merged_into", "merged_at"])
        changed = []
        if folded.is_illustrative is False and kept.is_illustrative:
            # A real report folded in makes the kept barrier real too.
            kept.is_illustrative = False
            changed.append("is_illustrative")
        if folded.is_published and not kept.is_published:
            kept.is_published = True
            changed.append("is_published")
        if changed:
            kept.save(update_fields=changed)
    duplicate.merged_into, duplicate.merged_at = kept, now
    keep.refresh_from_db()
    return keep


def recommendation_create(
    *,
    title: str,
    proposed_change: str,
    addressee: Addressee,
    barriers: list[LegalBarrier],
    sent_on: datetime.date | None = None,
    reply_due: datetime.date | None = None,
    position_paper: LibraryDocument | None = None,
    by=None,
    **fields,
) -> Recommendation:
    """A recommendation answering `barriers`; given `sent_on` it is sent at once
    (recommendation_send)."""
    if not barriers:
        raise ValidationError(
            _("A recommendation answers at least one barrier."), code="no_barriers"
        )
    recommendation = Recommendation(
        title=title,
        proposed_change=proposed_change,
        addressee=addressee,
        position_paper=position_paper,
        **fields,
    )
    recommendation.full_clean()
    with transaction.atomic():
        recommendation.save()
        recommendation.barriers.set(barriers)
        if sent_on is not None:
            recommendation_send(
                recommendation=recommendation, sent_on=sent_on, reply_due=reply_due, by=by
            )
    return recommendation


def recommendation_send(
    *,
    recommendation: Recommendation,
    sent_on: datetime.date,
    reply_due: datetime.date | None = None,
    by=None,
) -> Recommendation:
    """Record the day it went out; the reply is due 30 days later, moved to the next working day
    (KPA art. 57 § 4) unless `reply_due` is given. Each barrier it answers that waited for it
    (recommendation drafted) moves to "submitted", attributed to `by`."""
    recommendation.sent_on = sent_on
    recommendation.reply_due = reply_due or default_reply_due(sent_on)
    recommendation.full_clean()
    if recommendation.reply_due < sent_on:
        raise ValidationError(
            {"reply_due": _("The reply cannot be due before the recommendation is sent.")}
        )
    with transaction.atomic():
        recommendation.save(update_fields=["sent_on", "reply_due"])
        for barrier in recommendation.barriers.filter(
            status=BarrierStatus.RECOMMENDATION_DRAFTED, merged_into__isnull=True
        ):
            barrier_set_status(
                barrier=barrier, status=BarrierStatus.SUBMITTED, by=by, at=_moment(sent_on)
            )
    return recommendation


def recommendation_record_reply(
    *, recommendation: Recommendation, text: str, replied_on: datetime.date, by=None
) -> Recommendation:
    """The addressee's answer and its date; each barrier it answers that waited for it
    (submitted) moves to "answered", attributed to `by`."""
    if recommendation.sent_on is None:
        raise ValidationError(
            _("Record the day the recommendation was sent first."), code="not_sent"
        )
    recommendation.reply_text = text.strip()
    recommendation.replied_on = replied_on
    recommendation.full_clean()
    if replied_on < recommendation.sent_on:
        raise ValidationError(
            {"replied_on": _("The reply cannot come before the recommendation was sent.")}
        )
    with transaction.atomic():
        recommendation.save(update_fields=["reply_text", "replied_on"])
        for barrier in recommendation.barriers.filter(
            status=BarrierStatus.SUBMITTED, merged_into__isnull=True
        ):
            barrier_set_status(
                barrier=barrier, status=BarrierStatus.ANSWERED, by=by, at=_moment(replied_on)
            )
    return recommendation


# The public form


def reports_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete reports whose address was never confirmed within the link's lifetime."""
    now = now or timezone.now()
    deleted, _kinds = BarrierReport.objects.filter(
        state=ReportState.UNCONFIRMED, created_at__lte=now - CONFIRM_LINK.lifetime
    ).delete()
    return deleted


def report_submit(
    *,
    title: str,
    description: str,
    contact_name: str,
    contact_email: str,
    organisation: Organisation | None = None,
    partnership: Partnership | None = None,
    area: AreaOfLaw | None = None,
    legal_acts: str = "",
    language: str = "pl",
    consent_text: str = "",
    now: datetime.datetime | None = None,
) -> None:
    """Take the public form: keep the report unconfirmed and mail its sender a link to confirm
    the address. Nothing the visitor sees depends on the address (known to us or not, throttled
    or not): at most one message an hour goes to an address from this form, and a report whose
    message was not sent is not kept. Nothing is public until staff publish it."""
    now = now or timezone.now()
    parse_references(legal_acts)
    report = BarrierReport(
        title=title.strip(),
        description=description.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        organisation=organisation,
        partnership=partnership,
        area=area,
        legal_acts=legal_acts.strip(),
        language=language,
        created_at=now,
        consent_text=consent_text,
        consent_given_at=now if consent_text else None,
    )
    report.full_clean()
    with transaction.atomic():
        reports_purge(now=now)
        if not may_mail(report.contact_email, scope=REPORT_MAIL_SCOPE, now=now):
            return
        report.save()
        transaction.on_commit(lambda: tasks.send_report_confirmation.enqueue(report.pk))


def report_from_token(token: str) -> BarrierReport:
    """The report a confirmation link names (BarrierReport.DoesNotExist for a forged link,
    LinkExpired for a genuine one past its lifetime or whose report was purged)."""
    pk = CONFIRM_LINK.pk(token, BarrierReport)
    report = BarrierReport.objects.filter(pk=pk).first()
    if report is None:
        raise LinkExpired
    return report


def report_confirm(*, report: BarrierReport, now: datetime.datetime | None = None) -> bool:
    """The sender proved the address: the report joins the staff's queue. True the first time."""
    now = now or timezone.now()
    return bool(
        BarrierReport.objects.filter(pk=report.pk, state=ReportState.UNCONFIRMED).update(
            state=ReportState.PENDING, confirmed_at=now
        )
    )


def _reviewable(report: BarrierReport) -> BarrierReport:
    locked = BarrierReport.objects.select_for_update().get(pk=report.pk)
    if locked.state != ReportState.PENDING:
        raise ValidationError(_("This report has already been reviewed."), code="reviewed")
    return locked


def report_publish(
    *,
    report: BarrierReport,
    by,
    area: AreaOfLaw | None = None,
    title: str = "",
    description: str = "",
    legal_acts: str | None = None,
    into: LegalBarrier | None = None,
    now: datetime.datetime | None = None,
) -> LegalBarrier:
    """Staff accept a report: it becomes a published barrier (staff may correct its title,
    description, area and acts), or its reporter joins a barrier already known (`into`).
    The sender is told by e-mail."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _reviewable(report)
        if into is not None:
            if into.merged_into_id is not None:
                into = into.merged_into
            barrier = into
            if locked.organisation_id:
                barrier.organisations.add(locked.organisation_id)
            if locked.partnership_id:
                barrier.partnerships.add(locked.partnership_id)
            barrier_publish(barrier=barrier)
        else:
            chosen_area = area or locked.area
            if chosen_area is None:
                raise ValidationError({"area": _("Choose the area of law.")}, code="no_area")
            barrier = barrier_create(
                title=title or locked.title,
                description=description or locked.description,
                area=chosen_area,
                reported_on=timezone.localdate(locked.created_at),
                legal_acts=locked.legal_acts if legal_acts is None else legal_acts,
                organisations=[locked.organisation] if locked.organisation_id else [],
                partnerships=[locked.partnership] if locked.partnership_id else [],
                is_published=True,
                by=by,
            )
        BarrierReport.objects.filter(pk=locked.pk).update(
            state=ReportState.PUBLISHED, barrier=barrier, reviewed_at=now, reviewed_by=by
        )
        transaction.on_commit(lambda: tasks.send_report_outcome.enqueue(locked.pk))
    return barrier


def report_reject(
    *, report: BarrierReport, by, reason: str, now: datetime.datetime | None = None
) -> None:
    """Staff turn a report down, with a reason the sender is told by e-mail."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; the sender will read it.")})
    now = now or timezone.now()
    with transaction.atomic():
        locked = _reviewable(report)
        BarrierReport.objects.filter(pk=locked.pk).update(
            state=ReportState.REJECTED, rejection_reason=reason, reviewed_at=now, reviewed_by=by
        )
        transaction.on_commit(lambda: tasks.send_report_outcome.enqueue(locked.pk))


def addressee_create(*, name: str, short_name: str = "", **fields) -> Addressee:
    addressee = Addressee(name=name, short_name=short_name, **fields)
    addressee.full_clean()
    addressee.save()
    return addressee


def area_create(*, name: str, slug: str, **fields) -> AreaOfLaw:
    area = AreaOfLaw(name=name, slug=slug, **fields)
    area.full_clean()
    area.save()
    return area

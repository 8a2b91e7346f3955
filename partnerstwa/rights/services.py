"""Writes of the rights app: a data-subject request from the form to its answer, each step
logged, and the erasure of a person from every app and every store beside the tables.

The apps' own records are changed by their holders (<app>/personal.py, privacy.holders); this
module only orders the work and records it.
"""

import calendar
import dataclasses
import datetime
import json
from collections.abc import Iterable

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from partnerstwa.operations.services import erase_from_trail
from partnerstwa.privacy import holders
from partnerstwa.privacy.models import RestrictionKind
from partnerstwa.privacy.services import restriction_lift, restriction_start
from partnerstwa.rights.links import CONFIRM_LINK, REQUEST_LINK
from partnerstwa.rights.models import (
    DataSubjectRequest,
    RequestKind,
    RequestState,
    RequestStep,
    StepAction,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day months later, or the month's last day when it has none (31 Jan + 1 = 28/29
    Feb): how Art. 12(3)'s month is counted under the Civil Code (art. 112 k.c.)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _log(request: DataSubjectRequest, action: str, *, actor=None, detail: str = "", now=None):
    RequestStep.objects.create(
        request=request, action=action, actor=actor, detail=detail, at=now or timezone.now()
    )


def _mail(template: str, request: DataSubjectRequest, address: str, **values) -> None:
    """Send after commit, in the request's language. Answers to the person's own request go
    out even to a restricted address (Art. 12: the controller must answer) and, not being
    tasks, leave no copy of the address in the task queue."""
    values = {"request": request, "site_url": settings.SITE_URL, **values}
    with translation.override(request.language):
        subject = " ".join(
            render_to_string(f"rights/emails/{template}_subject.txt", values).split()
        )
        body = render_to_string(f"rights/emails/{template}_body.txt", values)
    message = EmailMessage(subject, body, None, [address])
    transaction.on_commit(message.send)


def request_link(request: DataSubjectRequest) -> str:
    return settings.SITE_URL + reverse("rights:request", args=[REQUEST_LINK.token(request.pk)])


def request_submit(
    *, email: str, kind: str, details: str = "", language: str = "pl", now=None
) -> None:
    """Take the form. Whatever the address, the visitor sees the same answer and the address
    gets a link proving control of it; at most RIGHTS_REQUESTS_PER_HOUR such links an hour."""
    now = now or timezone.now()
    email = email.strip()
    with transaction.atomic():
        recent = DataSubjectRequest.objects.filter(
            email__iexact=email, created_at__gte=now - datetime.timedelta(hours=1)
        ).count()
        if recent >= settings.RIGHTS_REQUESTS_PER_HOUR:
            return
        request = DataSubjectRequest.objects.create(
            email=email, kind=kind, details=details, language=language, created_at=now
        )
        _log(request, StepAction.RECEIVED, now=now)
        _mail(
            "confirm",
            request,
            email,
            confirm_url=settings.SITE_URL
            + reverse("rights:confirm", args=[CONFIRM_LINK.token(request.pk)]),
            hours=int(CONFIRM_LINK.lifetime.total_seconds() // 3600),
        )


def request_from_confirm_token(token: str) -> DataSubjectRequest:
    """DataSubjectRequest.DoesNotExist for a forged link, LinkExpired for an old one."""
    return DataSubjectRequest.objects.get(pk=CONFIRM_LINK.pk(token, DataSubjectRequest))


def request_from_token(token: str) -> DataSubjectRequest:
    return DataSubjectRequest.objects.get(pk=REQUEST_LINK.pk(token, DataSubjectRequest))


def request_verify(*, request: DataSubjectRequest, now=None) -> None:
    """The address is proven: the month of Art. 12(3) starts. Access, portability and the
    withdrawal of consent are carried out at once; a restriction or an objection takes effect
    at once and staff then assess it; a correction or an erasure waits for staff."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        if locked.state != RequestState.UNVERIFIED:
            return
        request.state = RequestState.OPEN
        request.verified_at = now
        request.due_on = add_months(timezone.localdate(now), 1)
        request.save(update_fields=["state", "verified_at", "due_on"])
        _log(request, StepAction.VERIFIED, now=now)
        if request.kind in (RequestKind.ACCESS, RequestKind.PORTABILITY):
            _log(request, StepAction.ANSWERED, now=now)
            _close(request, state=RequestState.DONE, now=now)
        elif request.kind == RequestKind.WITHDRAWAL:
            withdrawn = consents_withdraw(request.email)
            _log(request, StepAction.WITHDRAWN, detail=_counts(withdrawn), now=now)
            _close(request, state=RequestState.DONE, now=now)
        elif request.kind in (RequestKind.RESTRICTION, RequestKind.OBJECTION):
            restriction_start(email=request.email, kind=request.kind, now=now)
            _log(request, StepAction.RESTRICTED, now=now)
        _mail("received", request, request.email, request_url=request_link(request))


def _close(request, *, state: str, now, outcome: str = "", actor=None) -> None:
    request.state = state
    request.closed_at = now
    request.outcome = outcome
    request.save(update_fields=["state", "closed_at", "outcome"])
    action = StepAction.DONE if state == RequestState.DONE else StepAction.REFUSED
    _log(request, action, actor=actor, detail=outcome, now=now)


def _counts(changes: dict[str, int]) -> str:
    # The log says how many records of which kind changed, never what they held.
    return ", ".join(f"{label}: {count}" for label, count in sorted(changes.items()) if count)


def consents_withdraw(email: str) -> dict[str, int]:
    subject = holders.subject_for(email)
    withdrawn: dict[str, int] = {}
    for holder in holders.holders():
        if count := holder.withdraw(subject):
            withdrawn[type(holder).__module__] = count
    return withdrawn


def request_downloaded(*, request: DataSubjectRequest, now=None) -> None:
    _log(request, StepAction.DOWNLOADED, now=now)


class AlreadyExtended(Exception):
    pass


def request_extend(*, request: DataSubjectRequest, actor, reason: str, now=None) -> None:
    """Art. 12(3): once, by two months, for the reason the person is told."""
    now = now or timezone.now()
    with transaction.atomic():
        if request.extended or request.state != RequestState.OPEN:
            raise AlreadyExtended
        request.due_on = add_months(request.due_on, 2)
        request.extension_reason = reason
        request.save(update_fields=["due_on", "extension_reason"])
        _log(request, StepAction.EXTENDED, actor=actor, detail=reason, now=now)
        _mail("extended", request, request.email, request_url=request_link(request))


def request_rectify(
    *, request: DataSubjectRequest, actor, values: dict[str, str], now=None
) -> dict[str, int]:
    """Carry the corrected values to every app that holds the person."""
    now = now or timezone.now()
    values = {key: value.strip() for key, value in values.items() if value and value.strip()}
    with transaction.atomic():
        subject = holders.subject_for(request.email)
        changed: dict[str, int] = {}
        for holder in holders.holders():
            changed.update(holder.rectify(subject, values))
        _log(request, StepAction.RECTIFIED, actor=actor, detail=_counts(changed), now=now)
    return changed


def request_close(
    *, request: DataSubjectRequest, actor, outcome: str, refused: bool = False, now=None
) -> None:
    """Answer the request; a refused restriction or objection stops having effect."""
    now = now or timezone.now()
    with transaction.atomic():
        if refused and request.kind in RestrictionKind.values:
            restriction_lift(email=request.email, kind=request.kind, now=now)
            _log(request, StepAction.LIFTED, actor=actor, now=now)
        _close(
            request,
            state=RequestState.REFUSED if refused else RequestState.DONE,
            now=now,
            outcome=outcome,
            actor=actor,
        )
        _mail("closed", request, request.email, request_url=request_link(request))


@dataclasses.dataclass
class Erasure:
    """What an erasure changed, per store, and what a legal duty keeps."""

    records: dict[str, int]
    task_results: int
    sessions: int
    trail_entries: int

    def lines(self) -> list[str]:
        return [f"{label}: {count}" for label, count in sorted(self.records.items())] + [
            f"task results: {self.task_results}",
            f"sessions: {self.sessions}",
            f"audit trail entries: {self.trail_entries}",
        ]


def _spellings(values: Iterable[str]) -> list[str]:
    found = set()
    for value in values:
        found |= {value, json.dumps(value)[1:-1]}
    return sorted(found)


def _task_results_erase(values: list[str]) -> int:
    """Finished task results whose arguments or return value name the person (tasks take
    primary keys, so normally none); results still to run are left to run."""
    where = Q()
    for value in _spellings(values):
        where |= Q(args_kwargs__icontains=value) | Q(return_value__icontains=value)
    finished = DBTaskResult.objects.exclude(status__in=["READY", "RUNNING"])
    deleted, _kinds = finished.filter(where).delete()
    return deleted


def _sessions_erase(values: list[str]) -> int:
    """Sessions whose data holds any of the values (session data is signed, so each is read)."""
    lowered = [value.lower() for value in values]
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        text = json.dumps(session.get_decoded(), default=str, ensure_ascii=False).lower()
        if any(value in text for value in lowered):
            doomed.append(session.pk)
    Session.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def erase(email: str, *, actor=None, request: DataSubjectRequest | None = None) -> Erasure:
    """Erase the person who controls the address from every app (their holders anonymise:
    rows stay counted, nothing identifies), from finished task results, sessions and the audit
    trail. The request itself keeps its kind and dates, not the address."""
    subject = holders.subject_for(email)
    values: set[str] = {subject.email}
    for holder in holders.holders():
        values |= holder.values(subject)
    values = sorted(values)
    with transaction.atomic():
        records: dict[str, int] = {}
        if request is not None:
            _log(request, StepAction.ERASED, actor=actor)
        for holder in holders.holders():
            records.update(holder.erase(subject))
        result = Erasure(
            records={label: count for label, count in records.items() if count},
            task_results=_task_results_erase(values),
            sessions=_sessions_erase(values),
            trail_entries=erase_from_trail(values),
        )
        if request is not None:
            RequestStep.objects.filter(request=request, action=StepAction.ERASED).update(
                detail=_counts(result.records)
            )
    return result


def request_erase(*, request: DataSubjectRequest, actor, outcome: str, now=None) -> Erasure:
    """Carry out an erasure request: the person is told (before their address goes), then
    erased everywhere, this request included."""
    now = now or timezone.now()
    address = request.email
    with transaction.atomic():
        _close(request, state=RequestState.DONE, now=now, outcome=outcome, actor=actor)
        _mail("erased", request, address, kept=kept())
        return erase(address, actor=actor, request=request)


@dataclasses.dataclass(frozen=True)
class Kept:
    what: str
    why: str
    until: str


def kept() -> list[Kept]:
    """What a legal duty keeps after an erasure: stated on the access page, in the erasure
    report and the notice."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    until = settings.PRIVACY_KEPT_UNTIL
    return [
        Kept(
            _(
                "Signed attendance lists of events funded by the programme (paper or scanned), "
                "in the operator's project documentation, not in this system"
            ),
            _("the funding agreement requires the grant's documentation to be kept"),
            until,
        ),
        Kept(
            _("That an anonymous participant registered for and attended each event"),
            _("the programme's indicators are reported to the funder (no longer personal data)"),
            until,
        ),
        Kept(
            _("The record of your request: its kind and dates, without your address"),
            _("the controller must be able to show that it answered (Art. 5(2) GDPR)"),
            ngettext(
                "%(days)s day after the request was closed",
                "%(days)s days after the request was closed",
                settings.PRIVACY_RETENTION_DAYS["rights_requests"],
            )
            % {"days": settings.PRIVACY_RETENTION_DAYS["rights_requests"]},
        ),
    ]

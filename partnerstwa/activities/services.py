"""Writes for activities: events, registration with seat limits and a waitlist, attendance,
evaluations and certificates."""

import datetime
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerstwa.activities import tasks
from partnerstwa.activities.links import (
    CANCEL_LINK,
    CERTIFICATE_LINK,
    CONFIRM_LINK,
    EVALUATION_LINK,
)
from partnerstwa.activities.links import cancel_token as cancel_token
from partnerstwa.activities.links import certificate_token as certificate_token
from partnerstwa.activities.links import confirm_token as confirm_token
from partnerstwa.activities.links import evaluation_token as evaluation_token
from partnerstwa.activities.models import (
    SEAT_HOLDING_STATES,
    Attendance,
    AttendanceMethod,
    Audience,
    Certificate,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    Event,
    EventFormerSlug,
    EventSeries,
    EventStatus,
    MailThrottle,
    Registration,
    RegistrationRequest,
    RegistrationState,
    Session,
)
from partnerstwa.lib import bulk
from partnerstwa.lib.bulk import OneOf
from partnerstwa.lib.text import slug as text_slug
from partnerstwa.lib.tokens import LinkExpired
from partnerstwa.partnerships.models import PartnershipMember
from partnerstwa.registry.models import Organisation, Person
from partnerstwa.registry.services import person_create

# The links and their tokens are declared in links (tasks use them too); the `x as x` imports
# above keep the tokens reachable as services.cancel_token & co. for the views and the admin.

# A public form causes at most one message to an address about one event (or one contest
# edition) in this time.
MAIL_INTERVAL = datetime.timedelta(hours=1)
# Unambiguous letters and digits for codes people type from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

DEFAULT_QUESTIONS = [
    gettext_lazy("How do you rate the event overall?"),
    gettext_lazy("How useful was the content for your work?"),
    gettext_lazy("How do you rate the speakers or trainers?"),
    gettext_lazy("How do you rate the organisation?"),
]


class RegistrationRefused(ValidationError):
    pass


class AlreadyRegistered(Exception):
    """The person already holds a registration for the event (its primary key in .pk)."""

    def __init__(self, pk: int):
        super().__init__(pk)
        self.pk = pk


def event_create(*, title: str, kind: str, starts_at, ends_at, slug: str = "", **fields) -> Event:
    """An event with its first session (the whole event) and the default evaluation questions;
    without a slug, its address is made from the title (Polish letters transliterated)."""
    with transaction.atomic():
        event = Event(
            title=title,
            slug=slug or text_slug(title)[:120],
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            **fields,
        )
        event.full_clean()
        event.save()
        event_add_defaults(event=event)
    return event


def event_add_defaults(*, event: Event) -> None:
    """A new event's first session (the whole event) and the standard evaluation questions."""
    if not event.sessions.exists():
        Session.objects.create(
            event=event, number=1, starts_at=event.starts_at, ends_at=event.ends_at
        )
    if not event.questions.exists():
        bulk.create(
            [
                EvaluationQuestion(event=event, order=order, **_question_texts(text))
                for order, text in enumerate(DEFAULT_QUESTIONS, start=1)
            ]
        )


def _question_texts(text) -> dict:
    """A standard evaluation question in every language of the site (text_pl, text_en)."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[f"text_{code}"] = str(text)
    return texts


def event_update(*, event: Event, **fields) -> Event:
    """Change an event; calendars see a new revision (SEQUENCE), and a raised capacity promotes
    people from the waitlist."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        for field, value in fields.items():
            setattr(locked, field, value)
        locked.sequence += 1
        locked.full_clean()
        locked.save()
        promoted = _promote_waitlisted(locked)
    _notify_after_commit(promoted, tasks.PROMOTED)
    return locked


def waitlist_promote(*, event_id: int) -> list[int]:
    """Give any free seats to the waitlist (after staff changed the limits by hand)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        promoted = _promote_waitlisted(event)
    _notify_after_commit(promoted, tasks.PROMOTED)
    return promoted


def event_cancel(*, event: Event) -> Event:
    return event_update(event=event, status=EventStatus.CANCELLED)


def person_for_registration(*, first_name: str, last_name: str, email: str, phone: str) -> Person:
    """The person an e-mail address belongs to, created if new. A public form never overwrites
    what the registry already holds about someone."""
    email = email.strip()
    existing = Person.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return person_create(
                first_name=first_name, last_name=last_name, email=email, phone=phone
            )
    except (IntegrityError, ValidationError):
        # Someone registered with the same address a moment ago (the registry's unique check
        # or the database's); anything else the form has already refused.
        existing = Person.objects.filter(email__iexact=email).first()
        if existing is None:
            raise
        return existing


def _seats_held(event: Event, **conditions) -> int:
    return Registration.objects.filter(
        event=event, state__in=SEAT_HOLDING_STATES, **conditions
    ).count()


def _organisation_conditions(organisation: Organisation | None, organisation_name: str) -> dict:
    if organisation is not None:
        return {"organisation": organisation}
    if organisation_name.strip():
        return {
            "organisation__isnull": True,
            "organisation_name__iexact": organisation_name.strip(),
        }
    return {}


def _has_seat(
    event: Event, organisation: Organisation | None, organisation_name: str, held: int | None = None
) -> bool:
    if (
        event.capacity is not None
        and (_seats_held(event) if held is None else held) >= event.capacity
    ):
        return False
    conditions = _organisation_conditions(organisation, organisation_name)
    if event.seats_per_organisation is not None and conditions:
        return _seats_held(event, **conditions) < event.seats_per_organisation
    return True


def _seat_state(event: Event) -> str:
    return RegistrationState.PENDING if event.requires_approval else RegistrationState.CONFIRMED


def _refuse_unless_open(
    event: Event, organisation: Organisation | None, now: datetime.datetime
) -> None:
    """RegistrationRefused unless the event takes this registration now; the reasons depend on
    the event and the organisation only, never on who registers."""
    if not event.registration_is_open(now):
        raise RegistrationRefused(_("Registration for this event is closed."))
    if event.audience == Audience.PARTNERSHIP_MEMBERS and not (
        organisation is not None
        and PartnershipMember.objects.filter(
            organisation=organisation, left_on__isnull=True
        ).exists()
    ):
        raise RegistrationRefused(
            {
                "organisation": _(
                    "This event is for members of partnerships: "
                    "choose your organisation from the registry."
                )
            }
        )


def _throttle_key(email: str, scope: str) -> str:
    """An address and a scope as the throttle knows them: the address normalised (NFKC,
    trimmed, case-folded), the pair a keyed hash, so the table holds no addresses. The scope
    comes first and is code's own text without NUL, so no two pairs share a key."""
    normal = unicodedata.normalize("NFKC", email).strip().casefold()
    return salted_hmac(
        "partnerstwa.activities.mail-throttle", f"{scope}\x00{normal}", algorithm="sha256"
    ).hexdigest()


def event_mail_scope(event_id: int) -> str:
    return f"activities.event:{event_id}"


def may_mail(email: str, *, scope: str, now: datetime.datetime | None = None) -> bool:
    """True at most once per MAIL_INTERVAL for an address and a scope (an event, a contest
    edition: one person registering for two events gets both messages), across processes: a
    conditional UPDATE or the unique key decides, never a read followed by a write. Call it
    inside the transaction that queues the message, so a rollback also forgets the mark."""
    now = now or timezone.now()
    key = _throttle_key(email, scope)
    if MailThrottle.objects.filter(address_key=key, mailed_at__lte=now - MAIL_INTERVAL).update(
        mailed_at=now
    ):
        return True
    try:
        with transaction.atomic():
            MailThrottle.objects.create(address_key=key, mailed_at=now)
    except IntegrityError:
        return False
    return True


@dataclass
class Purged:
    requests: int = 0
    marks: int = 0


def registration_requests_purge(*, now: datetime.datetime | None = None) -> Purged:
    """Delete what the public forms keep only while it serves: registration requests whose
    confirmation link has expired (confirmed or not) and throttle marks older than
    MAIL_INTERVAL. Idempotent; run by purge_registration_requests and by each form post."""
    now = now or timezone.now()
    requests, _kinds = RegistrationRequest.objects.filter(
        created_at__lte=now - CONFIRM_LINK.lifetime
    ).delete()
    marks, _kinds = MailThrottle.objects.filter(mailed_at__lte=now - MAIL_INTERVAL).delete()
    return Purged(requests=requests, marks=marks)


def registration_request(
    *,
    event_id: int,
    first_name: str,
    last_name: str,
    email: str,
    consent_text: str,
    phone: str = "",
    organisation: Organisation | None = None,
    organisation_name: str = "",
    position: str = "",
    accessibility_needs: str = "",
    language: str = "pl",
    now: datetime.datetime | None = None,
) -> None:
    """Take the public registration form: mail the address's owner a link to confirm it or,
    when the address already holds a registration for the event, a reminder of that one.

    Nothing the visitor can see differs between the two: no seat changes hands until the owner
    confirms (registration_confirm), and the page says the same. An address gets at most one
    message an hour about an event from the form, so nobody can use it to flood a stranger's
    mailbox, while someone registering for two events gets both links. What was typed is only
    a suggestion: the owner confirms the details on the link's page (registration_confirm)."""
    now = now or timezone.now()
    event = Event.objects.get(pk=event_id)
    _refuse_unless_open(event, organisation, now)
    request = RegistrationRequest(
        event=event,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        organisation_name=organisation.name if organisation else organisation_name.strip(),
        position=position.strip(),
        accessibility_needs=accessibility_needs.strip(),
        language=language,
        consent_text=consent_text,
        created_at=now,
    )
    request.full_clean()
    with transaction.atomic():
        # As purge_registration_requests does: what the form keeps goes once it has served.
        registration_requests_purge(now=now)
        if not may_mail(request.email, scope=event_mail_scope(event.pk), now=now):
            # A request already waiting keeps its details: this post could be anyone's, and
            # the owner sees and corrects them on the confirmation page before anything is
            # booked.
            return
        existing = (
            Registration.objects.filter(event=event, person__email__iexact=request.email)
            .exclude(state=RegistrationState.CANCELLED)
            .values_list("pk", flat=True)
            .first()
        )
        if existing is not None:
            registration_remind(registration_id=existing)
            return
        request.save()
        transaction.on_commit(lambda: tasks.send_registration_request_email.enqueue(request.pk))


def registration_request_from_token(
    token: str, *, now: datetime.datetime | None = None
) -> RegistrationRequest:
    """The request a confirmation link names, confirmed or not (RegistrationRequest.DoesNotExist
    for a forged link). LinkExpired after CONFIRM_LINK's lifetime, counted from the request as
    well as from the link (the mail may have gone out late), and for a genuine link whose
    request has been purged: purging removes only requests whose links have expired."""
    now = now or timezone.now()
    pk = CONFIRM_LINK.pk(token, RegistrationRequest)
    request = (
        RegistrationRequest.objects.select_related("event", "registration__event")
        .filter(pk=pk, created_at__gt=now - CONFIRM_LINK.lifetime)
        .first()
    )
    if request is None:
        raise LinkExpired
    return request


class AlreadyConfirmed(ValidationError):
    pass


def registration_confirm(
    *,
    request_id: int,
    first_name: str,
    last_name: str,
    consent_text: str,
    phone: str = "",
    organisation: Organisation | None = None,
    organisation_name: str = "",
    position: str = "",
    accessibility_needs: str = "",
    language: str = "pl",
    now: datetime.datetime | None = None,
) -> Registration:
    """The owner confirmed with the mailed link: the request becomes a registration, a seat or
    the waitlist as registration_create decides at this moment.

    The registration (and a new registry person) takes the details the owner confirmed on the
    link's page, not those typed into the public form: whoever typed them need not own the
    address, and the owner has the last word. Only the address comes from the request, since
    the link proves it. Confirming after registering some other way gives the registration
    already held. The request is kept, marked confirmed and pointing to its registration, so
    that the link clicked again can say what became of it; confirming it again gives that
    registration (AlreadyConfirmed if it has since been deleted)."""
    now = now or timezone.now()
    with transaction.atomic():
        request = RegistrationRequest.objects.select_for_update().get(pk=request_id)
        if request.confirmed_at is not None:  # a second click, or two tabs at once
            if request.registration is None:
                raise AlreadyConfirmed(_("This registration has already been confirmed."))
            return request.registration
        try:
            registration = registration_create(
                event_id=request.event_id,
                first_name=first_name,
                last_name=last_name,
                email=request.email,
                consent_text=consent_text,
                phone=phone,
                organisation=organisation,
                organisation_name="" if organisation else organisation_name,
                position=position,
                accessibility_needs=accessibility_needs,
                language=language,
                now=now,
            )
        except AlreadyRegistered as already:
            registration = Registration.objects.get(pk=already.pk)
        # Every open request of this address for the event now leads to the same registration.
        RegistrationRequest.objects.filter(
            event=request.event_id, email__iexact=request.email, confirmed_at__isnull=True
        ).update(confirmed_at=now, registration=registration)
    return registration


def registration_create(
    *,
    event_id: int,
    first_name: str,
    last_name: str,
    email: str,
    consent_text: str,
    phone: str = "",
    organisation: Organisation | None = None,
    organisation_name: str = "",
    position: str = "",
    accessibility_needs: str = "",
    language: str = "pl",
    now: datetime.datetime | None = None,
) -> Registration:
    """Register someone for an event: a seat if one is free (for the event and for their
    organisation), otherwise a place on the waitlist.

    The event row is locked for the whole decision (SELECT … FOR UPDATE on PostgreSQL; on SQLite
    the IMMEDIATE transaction takes the write lock), so simultaneous registrations queue and the
    limits hold exactly."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        _refuse_unless_open(event, organisation, now)
        person = person_for_registration(
            first_name=first_name, last_name=last_name, email=email, phone=phone
        )
        existing = (
            Registration.objects.filter(event=event, person=person)
            .exclude(state=RegistrationState.CANCELLED)
            .values_list("pk", flat=True)
            .first()
        )
        if existing is not None:
            raise AlreadyRegistered(existing)
        state = (
            _seat_state(event)
            if _has_seat(event, organisation, organisation_name)
            else RegistrationState.WAITLISTED
        )
        registration = Registration(
            event=event,
            person=person,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            organisation=organisation,
            organisation_name="" if organisation else organisation_name.strip(),
            needs_review=organisation is None and bool(organisation_name.strip()),
            position=position.strip(),
            accessibility_needs=accessibility_needs.strip(),
            language=language,
            state=state,
            consent_text=consent_text,
            consent_given_at=now,
            created_at=now,
        )
        registration.full_clean(validate_constraints=False)
        registration.save()
    _notify_after_commit([registration.pk], tasks.RECEIVED)
    return registration


def _promote_waitlisted(event: Event) -> list[int]:
    """Give freed seats to the waitlist in order of registration; someone whose organisation
    has used its seats is passed over, not skipped for good. Call with the event locked.
    A cancelled event, or one that has begun, promotes nobody."""
    if event.status != EventStatus.PUBLISHED or timezone.now() >= event.starts_at:
        return []
    promoted = []
    held = _seats_held(event)
    for registration in (
        Registration.objects.filter(event=event, state=RegistrationState.WAITLISTED)
        .select_related("organisation")
        .order_by("created_at", "pk")
    ):
        if event.capacity is not None and held >= event.capacity:
            break
        if not _has_seat(event, registration.organisation, registration.organisation_name, held):
            continue
        held += 1
        registration.state = _seat_state(event)
        registration.save(update_fields=["state"])
        promoted.append(registration.pk)
    return promoted


def _notify_after_commit(registration_ids: list[int], kind: str) -> None:
    for registration_id in registration_ids:
        transaction.on_commit(
            lambda pk=registration_id: tasks.send_registration_email.enqueue(pk, kind)
        )


def registration_remind(*, registration_id: int) -> None:
    """Tell a registration's owner that someone tried to register their address again."""
    transaction.on_commit(
        lambda: tasks.send_registration_email.enqueue(registration_id, tasks.REMINDER)
    )


def registration_cancel(
    *, registration_id: int, by_owner: bool = False, now: datetime.datetime | None = None
) -> Registration:
    """Cancel a registration (by its owner's link or by staff); the seat goes to the waitlist.
    The owner's link does nothing once the event has begun (ValidationError); staff may still
    cancel, e.g. a registration made by mistake."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        if registration.state == RegistrationState.CANCELLED:
            return registration
        if by_owner and not registration.can_be_cancelled_by_owner(now):
            raise ValidationError(
                _(
                    "The event has begun, so this registration can no longer be cancelled. "
                    "Please write to the organisers."
                )
            )
        registration.state = RegistrationState.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["state", "cancelled_at"])
        promoted = _promote_waitlisted(event)
    _notify_after_commit([registration.pk], tasks.CANCELLED)
    _notify_after_commit(promoted, tasks.PROMOTED)
    return registration


def registration_approve(*, registration_id: int) -> Registration:
    with transaction.atomic():
        registration = Registration.objects.get(pk=registration_id)
        Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        if registration.state != RegistrationState.PENDING:
            raise ValidationError(_("Only a registration waiting for approval can be approved."))
        registration.state = RegistrationState.CONFIRMED
        registration.save(update_fields=["state"])
    _notify_after_commit([registration.pk], tasks.CONFIRMED)
    return registration


def registration_from_cancel_token(token: str) -> Registration:
    """The registration a cancellation link names (raises Registration.DoesNotExist)."""
    pk = CANCEL_LINK.pk(token, Registration)
    return Registration.objects.select_related("event").get(pk=pk)


# Attendance


def attendance_toggle(*, session: Session, person: Person, user) -> bool:
    """Check someone in, or undo a mistaken check-in; True when they are now present."""
    with transaction.atomic():
        # A double tap queues behind the first instead of inserting the same row twice.
        Session.objects.select_for_update().filter(pk=session.pk).exists()
        deleted, _rows = Attendance.objects.filter(session=session, person=person).delete()
        if deleted:
            return False
        registration = (
            Registration.objects.filter(event=session.event_id, person=person)
            .exclude(state=RegistrationState.CANCELLED)
            .first()
        )
        Attendance.objects.create(
            session=session,
            person=person,
            organisation=registration.organisation if registration else None,
            method=AttendanceMethod.CHECK_IN,
            recorded_by=user,
        )
    return True


# Evaluations


def registration_from_evaluation_token(token: str) -> Registration:
    pk = EVALUATION_LINK.pk(token, Registration)
    return Registration.objects.select_related("event").get(pk=pk)


def evaluation_links_send(*, event: Event, now: datetime.datetime | None = None) -> int:
    """Send the evaluation link to every confirmed participant who has not had it yet."""
    now = now or timezone.now()
    if now < event.ends_at:
        raise ValidationError(_("Evaluation links go out after the event has ended."))
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).exists()  # one sender at a time
        ids = list(
            Registration.objects.filter(
                event=event, state=RegistrationState.CONFIRMED, evaluation_sent_at__isnull=True
            ).values_list("pk", flat=True)
        )
        Registration.objects.filter(pk__in=ids).update(evaluation_sent_at=now)
    _notify_after_commit(ids, tasks.EVALUATION)
    return len(ids)


class EvaluationClosed(ValidationError):
    pass


def evaluation_submit(
    *,
    registration: Registration,
    ratings: dict[int, int],
    comment: str,
    now: datetime.datetime | None = None,
) -> EvaluationResponse:
    """Record one participant's answers; a personal link works once, and only for an event that
    has ended and a registration its link was sent to."""
    registration.refresh_from_db()
    if not registration.evaluation_is_open(now):
        raise EvaluationClosed(_("The evaluation of this event is not open."))
    questions = set(registration.event.questions.values_list("pk", flat=True))
    if set(ratings) != questions or any(not 1 <= value <= 5 for value in ratings.values()):
        raise ValidationError(_("Rate every question from 1 to 5."))
    response = EvaluationResponse(registration=registration, comment=comment.strip())
    response.full_clean(exclude=["registration"])
    try:
        with transaction.atomic():
            response.save()
            EvaluationAnswer.objects.bulk_create(
                EvaluationAnswer(response=response, question_id=question, rating=value)
                for question, value in ratings.items()
            )
    except IntegrityError:
        raise ValidationError(_("This evaluation has already been submitted. Thank you!")) from None
    return response


# Certificates


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(10))


def certificate_from_token(token: str) -> Certificate:
    pk = CERTIFICATE_LINK.pk(token, Certificate)
    return Certificate.objects.select_related("event", "series", "person").get(pk=pk)


@dataclass
class CertificateRun:
    issued: int = 0
    already: int = 0


def _issue(person_ids, *, event=None, series=None) -> CertificateRun:
    """Certificates for those who have none yet for this event or series; each new holder
    gets an e-mail with the download link once the transaction commits."""
    run = CertificateRun()
    existing = set(
        Certificate.objects.filter(
            event=event, series=series, person_id__in=person_ids
        ).values_list("person_id", flat=True)
    )
    certificates = bulk.create(  # recorded in the audit trail, as bulk_create is not
        [
            Certificate(
                code=_new_code(),
                person=person,
                event=event,
                series=series,
                holder_name=f"{person.first_name} {person.last_name}",
            )
            for person in Person.objects.filter(pk__in=person_ids).exclude(pk__in=existing)
        ]
    )
    run.issued += len(certificates)
    for certificate in certificates:
        if certificate.person.email:
            transaction.on_commit(
                lambda pk=certificate.pk: tasks.send_certificate_email.enqueue(pk)
            )
    run.already = len(existing)
    return run


def certificates_issue_for_event(*, event: Event) -> CertificateRun:
    """A certificate for everyone present at every session of the event."""
    sessions = event.sessions.count()
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).exists()  # one issuer at a time
        person_ids = list(
            Attendance.objects.filter(session__event=event)
            .values("person")
            .annotate(attended=Count("session", distinct=True))
            .filter(attended=sessions)
            .values_list("person", flat=True)
        )
        run = _issue(person_ids, event=event)
    return run


def series_attendance(series: EventSeries):
    """Each person's attended sessions out of all the series' sessions (as a queryset)."""
    return (
        Attendance.objects.filter(session__event__series=series)
        .exclude(session__event__status=EventStatus.CANCELLED)
        .values("person")
        .annotate(attended=Count("session", distinct=True))
    )


def certificates_issue_for_series(*, series: EventSeries) -> CertificateRun:
    """A certificate for everyone who attended at least the series' required share of its
    sessions (cancelled events do not count)."""
    total = (
        Session.objects.filter(event__series=series)
        .exclude(event__status=EventStatus.CANCELLED)
        .count()
    )
    if total == 0:
        return CertificateRun()
    needed = series.required_attendance_share * total
    with transaction.atomic():
        EventSeries.objects.select_for_update().filter(pk=series.pk).exists()
        person_ids = [
            row["person"] for row in series_attendance(series) if row["attended"] >= needed
        ]
        run = _issue(person_ids, series=series)
    return run


def event_single_session_align(*, event: Event) -> Session:
    """The event's first session; an event of one session spans the whole event (imports give
    days, not hours, so the session follows the event's days)."""
    session = event.sessions.order_by("number").first()
    if session is None:
        event_add_defaults(event=event)
        return event.sessions.get(number=1)
    if (session.starts_at, session.ends_at) != (event.starts_at, event.ends_at) and (
        event.sessions.count() == 1
    ):
        session.starts_at, session.ends_at = event.starts_at, event.ends_at
        session.full_clean()
        session.save(update_fields=["starts_at", "ends_at"])
    return session


def event_rename_slug(*, event: Event, slug: str) -> None:
    """Move an event to a new address; the old one is kept and answers 301."""
    old = event.slug
    if slug == old:
        return
    with transaction.atomic():
        EventFormerSlug.objects.filter(slug=slug).delete()
        event.slug = slug
        event.full_clean()
        event.save(update_fields=["slug"])
        EventFormerSlug.objects.create(event=event, slug=old)


def series_create(*, title: str, slug: str = "", **fields) -> EventSeries:
    series = EventSeries(title=title, slug=slug or text_slug(title)[:120], **fields)
    series.full_clean()
    series.save()
    return series


def attendance_bulk_add(*, attendance: list[Attendance]) -> int:
    """Record many attendances at once (the demo); a person already recorded at a session is
    not recorded twice, nor twice within the list. Returns how many were added."""
    return _attendance_insert(
        (
            row.session_id,
            row.person_id,
            row.organisation_id,
            row.method,
            row.recorded_by_id,
            row.recorded_at,
            row.is_illustrative,
        )
        for row in attendance
    )


def attendance_bulk_record(
    *,
    rows: Iterable[tuple[int, int, int | None]],
    method: str,
    recorded_by_id: int | None = None,
    is_illustrative: bool = False,
) -> int:
    """Record many attendances (session id, person id, id of the organisation represented or
    None) by one method and account at this moment (imports); a person already recorded at a
    session is not recorded twice, nor twice within the rows. Returns how many were added."""
    checks = bulk.FieldChecks(Attendance, ["method", "is_illustrative"])
    checks.clean({"method": method, "is_illustrative": is_illustrative})
    # Once per session and person: the unique constraint decides, in bulk (no query first).
    return bulk.insert(
        Attendance,
        ["session", "person", "organisation"],
        rows,
        same={
            "method": method,
            "recorded_by": recorded_by_id,
            "recorded_at": timezone.now(),
            "is_illustrative": is_illustrative,
        },
        ignore_conflicts=True,
    )


def _attendance_insert(rows: Iterable[tuple]) -> int:
    # Once per session and person: the unique constraint decides, in bulk (no query first).
    return bulk.insert(
        Attendance,
        [
            "session",
            "person",
            "organisation",
            "method",
            "recorded_by",
            "recorded_at",
            "is_illustrative",
        ],
        rows,
        ignore_conflicts=True,
    )


def events_bulk_create(*, events: list[Event]) -> list[Event]:
    """Many new events at once (imports): the rules of event_create — every field valid, one
    address name per event, each event with its first session and the standard evaluation
    questions (event_add_defaults) — for the whole batch in a few queries."""
    slugs = [event.slug for event in events]
    if len(slugs) != len(set(slugs)) or Event.objects.filter(OneOf(F("slug"), slugs)).exists():
        raise ValidationError({"slug": Event().unique_error_message(Event, ("slug",))})
    for event in events:
        event.clean_fields()
        event.clean()
        if event.series_id is not None:
            event.validate_constraints()
    with transaction.atomic():
        bulk.create(events)
        bulk.create_alike(
            Session(number=1),
            ["event", "starts_at", "ends_at"],
            ((event.pk, event.starts_at, event.ends_at) for event in events),
        )
        # The standard questions' texts in every language, worked out once for the batch.
        for order, text in enumerate(DEFAULT_QUESTIONS, start=1):
            bulk.create_alike(
                EvaluationQuestion(order=order, **_question_texts(text)),
                ["event"],
                ((event.pk,) for event in events),
            )
    return events

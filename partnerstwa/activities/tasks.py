"""E-mails about registrations, evaluations and certificates, sent through the Tasks API.

Tasks take primary keys, never model instances, and render in the person's language. A task may
run long after the change that queued it: each re-reads the record and sends only a message that
is still true (STILL_TRUE), never one about a state the registration has since left."""

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from partnerstwa.activities.links import (
    CONFIRM_LINK,
    cancel_token,
    certificate_token,
    confirm_token,
    evaluation_token,
)
from partnerstwa.lib.mail import send_once

RECEIVED = "received"
CONFIRMED = "confirmed"
PROMOTED = "promoted"
CANCELLED = "cancelled"
EVALUATION = "evaluation"
REMINDER = "reminder"

_ACTIVE = ("pending", "confirmed", "waitlisted")
_SEAT = ("pending", "confirmed")


def _published(registration) -> bool:
    return registration.event.status == "published"


# Each kind of message and the state of the registration it describes when it is sent.
STILL_TRUE: dict[str, Callable] = {
    # "Confirmed" / "awaiting approval" / "on the waiting list": the message names the state.
    RECEIVED: lambda r: r.state in _ACTIVE and _published(r),
    # Staff approved it.
    CONFIRMED: lambda r: r.state == "confirmed" and _published(r),
    # A seat (or a place awaiting approval) came free for them.
    PROMOTED: lambda r: r.state in _SEAT and _published(r),
    CANCELLED: lambda r: r.state == "cancelled",
    # "You are already registered; your registration is …".
    REMINDER: lambda r: r.state in _ACTIVE and _published(r),
    EVALUATION: lambda r: r.evaluation_is_open(timezone.now()),
}


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _send(context, template: str, values: dict, language: str, to: str) -> None:
    """context: the task's (its id keys the send); values: the template's."""
    with translation.override(language):
        subject = render_to_string(f"activities/emails/{template}_subject.txt", values)
        body = render_to_string(f"activities/emails/{template}_body.txt", values)
    # A subject is one header line whatever the names in it hold. Once per task: a task whose
    # worker died runs again (lib/management/commands/db_worker.py).
    send_once(str(context.task_result.id), " ".join(subject.split()), body, [to])


@task(takes_context=True)
def send_registration_email(context, registration_id: int, kind: str) -> None:
    from partnerstwa.activities.models import Registration

    still_true = STILL_TRUE[kind]  # an unknown kind is a programming error: fail loudly
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or not still_true(registration):
        return
    values = {
        "registration": registration,
        "event": registration.event,
        "kind": kind,
        "event_url": _absolute(reverse("activities:detail", args=[registration.event.slug])),
    }
    if kind == EVALUATION:
        values["evaluation_url"] = _absolute(
            reverse("activities:evaluation", args=[evaluation_token(registration)])
        )
    elif kind != CANCELLED:
        values["cancel_url"] = _absolute(
            reverse("activities:cancel", args=[cancel_token(registration)])
        )
    _send(context, "registration", values, registration.language, registration.email)


@task(takes_context=True)
def send_registration_request_email(context, request_id: int) -> None:
    """The link that turns a request typed into the public form into a registration."""
    from partnerstwa.activities.models import RegistrationRequest

    request = RegistrationRequest.objects.select_related("event").filter(pk=request_id).first()
    if request is None:  # confirmed meanwhile, or expired and removed
        return
    values = {
        "request": request,
        "event": request.event,
        "hours": int(CONFIRM_LINK.lifetime.total_seconds() // 3600),
        "confirm_url": _absolute(reverse("activities:confirm", args=[confirm_token(request)])),
        "event_url": _absolute(reverse("activities:detail", args=[request.event.slug])),
    }
    _send(context, "registration_request", values, request.language, request.email)


@task(takes_context=True)
def send_certificate_email(context, certificate_id: int) -> None:
    from partnerstwa.activities.models import Certificate, Registration

    certificate = (
        Certificate.objects.select_related("person", "event", "series")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None or not certificate.person.email:
        return
    latest = Registration.objects.filter(person=certificate.person).order_by("-created_at").first()
    values = {
        "certificate": certificate,
        "title": (certificate.event or certificate.series).title,
        "download_url": _absolute(
            reverse("activities:certificate_pdf", args=[certificate_token(certificate)])
        ),
        "verify_url": _absolute(reverse("activities:certificate_verify", args=[certificate.code])),
    }
    _send(
        context,
        "certificate",
        values,
        latest.language if latest else settings.LANGUAGE_CODE,
        certificate.person.email,
    )

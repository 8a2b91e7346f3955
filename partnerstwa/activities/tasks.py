"""E-mails about registrations, evaluations and certificates, sent through the Tasks API.

Tasks take primary keys, never model instances, and render in the person's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

RECEIVED = "received"
CONFIRMED = "confirmed"
PROMOTED = "promoted"
CANCELLED = "cancelled"
EVALUATION = "evaluation"
REMINDER = "reminder"


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


@task()
def send_registration_email(registration_id: int, kind: str) -> None:
    from partnerstwa.activities.models import Registration
    from partnerstwa.activities.services import cancel_token, evaluation_token

    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return
    context = {
        "registration": registration,
        "event": registration.event,
        "kind": kind,
        "event_url": _absolute(reverse("activities:detail", args=[registration.event.slug])),
        "cancel_url": _absolute(reverse("activities:cancel", args=[cancel_token(registration)])),
        "evaluation_url": _absolute(
            reverse("activities:evaluation", args=[evaluation_token(registration)])
        ),
    }
    with translation.override(registration.language):
        subject = render_to_string("activities/emails/registration_subject.txt", context)
        body = render_to_string("activities/emails/registration_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [registration.email])


@task()
def send_certificate_email(certificate_id: int) -> None:
    from partnerstwa.activities.models import Certificate, Registration
    from partnerstwa.activities.services import certificate_token

    certificate = (
        Certificate.objects.select_related("person", "event", "series")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None or not certificate.person.email:
        return
    latest = Registration.objects.filter(person=certificate.person).order_by("-created_at").first()
    context = {
        "certificate": certificate,
        "title": (certificate.event or certificate.series).title,
        "download_url": _absolute(
            reverse("activities:certificate_pdf", args=[certificate_token(certificate)])
        ),
        "verify_url": _absolute(reverse("activities:certificate_verify", args=[certificate.code])),
    }
    with translation.override(latest.language if latest else settings.LANGUAGE_CODE):
        subject = render_to_string("activities/emails/certificate_subject.txt", context)
        body = render_to_string("activities/emails/certificate_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [certificate.person.email])

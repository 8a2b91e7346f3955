"""The newsletter's background work through the Tasks API: primary keys in.

Every task may run twice (db_worker hands out again the task of a worker that died): the
confirmation e-mails go through lib.mail.send_once, a campaign's batches through deliveries
(sending.py), whose claims and outcomes make a second run send only what has no outcome yet.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import default_task_backend, task

from partnerstwa.lib.mail import send_once
from partnerstwa.newsletter import links, rendering, sending


def _render(template: str, values: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"newsletter/emails/{template}_subject.txt", values)
        body = render_to_string(f"newsletter/emails/{template}_body.txt", values)
    return " ".join(subject.split()), body


@task(takes_context=True)
def send_confirmation(context, consent_id: int) -> None:
    """The double opt-in link of one sign-up."""
    from partnerstwa.newsletter.models import ConsentRecord

    consent = (
        ConsentRecord.objects.select_related("subscriber")
        .filter(pk=consent_id, confirmed_at__isnull=True, withdrawn_at__isnull=True)
        .first()
    )
    if consent is None:
        return
    values = {
        "confirm_url": links.confirm_url(consent.pk),
        "days": links.CONFIRM_LINK.lifetime.days,
    }
    subject, body = _render("confirm", values, consent.subscriber.language)
    send_once(str(context.task_result.id), subject, body, [consent.subscriber.email])


@task(takes_context=True)
def send_already_subscribed(context, subscriber_id: int) -> None:
    """A sign-up of an address already confirmed: its preferences link, nothing changed."""
    from partnerstwa.newsletter.models import Subscriber

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return
    values = {"preferences_url": links.preferences_url(subscriber.pk)}
    subject, body = _render("already", values, subscriber.language)
    send_once(str(context.task_result.id), subject, body, [subscriber.email])


@task()
def send_test(campaign_id: int, addresses: list[str]) -> None:
    """The campaign in each language to staff's chosen addresses, marked as a test."""
    from django.core.mail import get_connection

    from partnerstwa.lib import suppression
    from partnerstwa.newsletter.models import Campaign

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    allowed = suppression.allowed(addresses)
    if campaign is None or not allowed:
        return
    messages = [
        rendering.message(
            rendering.render(campaign, code, test=True), to=address, subscriber_id=None
        )
        for code, _name in settings.LANGUAGES
        for address in allowed
    ]
    with get_connection() as connection:
        connection.send_messages(messages)


@task()
def send_batches(campaign_id: int) -> None:
    """One worker's share of a campaign: batches until none is left or its time is up, then
    its own continuation (at once, or when a retry or a lease falls due)."""
    _outcome, more = sending.run(campaign_id)
    if more:
        send_batches.enqueue(campaign_id)
        return
    wake = sending.next_wake(campaign_id)
    if wake is not None and default_task_backend.supports_defer:
        send_batches.using(run_after=wake).enqueue(campaign_id)


def enqueue_batches(campaign_id: int) -> None:
    """Start NEWSLETTER_WORKERS batch tasks: each takes its own deliveries."""
    for _worker in range(settings.NEWSLETTER_WORKERS):
        send_batches.enqueue(campaign_id)

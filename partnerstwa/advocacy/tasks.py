"""Advocacy's e-mails through the Tasks API: primary keys in, the reader's language out.

A task may run after the record changed: each re-reads it and sends only what is still true.
"""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from partnerstwa.advocacy.links import CONFIRM_LINK, confirm_token
from partnerstwa.lib.mail import send_once
from partnerstwa.lib.text import one_line


def _render(template: str, values: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"advocacy/emails/{template}_subject.txt", values)
        body = render_to_string(f"advocacy/emails/{template}_body.txt", values)
    # A subject is one header line whatever the titles in it hold.
    return " ".join(subject.split()), body


@task(takes_context=True)
def send_report_confirmation(context, report_id: int) -> None:
    """The link that puts a report typed into the public form in front of staff."""
    from partnerstwa.advocacy.models import BarrierReport, ReportState

    report = BarrierReport.objects.filter(pk=report_id, state=ReportState.UNCONFIRMED).first()
    if report is None:  # confirmed meanwhile, or expired and removed
        return
    values = {
        "title": one_line(report.title),
        "hours": int(CONFIRM_LINK.lifetime.total_seconds() // 3600),
        "confirm_url": settings.SITE_URL
        + reverse("advocacy:confirm", args=[confirm_token(report)]),
    }
    subject, body = _render("report_confirm", values, report.language)
    send_once(str(context.task_result.id), subject, body, [report.contact_email])


@task(takes_context=True)
def send_report_outcome(context, report_id: int) -> None:
    """Tell the sender what staff decided: published (with the barrier's address) or not."""
    from partnerstwa.advocacy.models import BarrierReport, ReportState

    report = (
        BarrierReport.objects.select_related("barrier")
        .filter(pk=report_id, state__in=[ReportState.PUBLISHED, ReportState.REJECTED])
        .first()
    )
    if report is None:
        return
    values = {
        "title": one_line(report.title),
        "published": report.state == ReportState.PUBLISHED,
        "reason": report.rejection_reason,
        "barrier_url": settings.SITE_URL + report.barrier.get_absolute_url()
        if report.barrier_id
        else "",
    }
    subject, body = _render("report_outcome", values, report.language)
    send_once(str(context.task_result.id), subject, body, [report.contact_email])


@task(takes_context=True)
def send_reply_reminders(context, day: str) -> None:
    """Remind staff who handle recommendations of the replies due on `day` (ISO date) or
    overdue, one message listing them all."""
    from partnerstwa.advocacy.selectors import reminder_recipients, replies_due_by

    due_by = datetime.date.fromisoformat(day)
    recommendations = list(replies_due_by(due_by))
    recipients = reminder_recipients()
    if not recommendations or not recipients:
        return
    values = {
        "day": due_by,
        "recommendations": recommendations,
        "overdue_url": settings.SITE_URL + reverse("advocacy:staff_overdue"),
    }
    subject, body = _render("reply_reminder", values, settings.LANGUAGE_CODE)
    send_once(str(context.task_result.id), subject, body, recipients)

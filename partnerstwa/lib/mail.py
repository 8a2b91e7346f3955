"""E-mail sent from background tasks exactly once per task, as far as SMTP allows.

A task's worker may be killed mid-task; db_worker hands such a task out again after
TASK_LEASE_SECONDS (lib/management/commands/db_worker.py), so a task may run twice. send_once
records the send under the task's id: a second run skips a message recorded as sent, and sends
again (with the same Message-ID, which mail programs show once) only one whose first attempt
never got as far as being recorded. Only a worker killed between the server's acceptance and
that record can still cause a duplicate - no SMTP client can close that gap.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from partnerstwa.lib import suppression
from partnerstwa.lib.models import SentMail

# Records older than this are removed as new ones are made: a task is never run again that late.
KEEP = datetime.timedelta(days=30)


def send_once(key: str, subject: str, body: str, to: list[str]) -> bool:
    """Send the message unless the task keyed key already sent it; True when sent now.
    Suppressed addresses (lib.suppression) are left out; with none left nothing is sent."""
    to = suppression.allowed(to)
    if not to:
        return False
    record, created = SentMail.objects.get_or_create(key=key)
    if created:
        SentMail.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    elif record.sent_at is not None:
        return False
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
    message = EmailMessage(subject, body, None, to, headers={"Message-ID": f"<{key}@{domain}>"})
    message.send()
    SentMail.objects.filter(pk=record.pk).update(sent_at=timezone.now())
    return True

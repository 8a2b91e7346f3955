"""Contest e-mails through the Tasks API (primary keys in, the applicant's language out)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task


def _one_line(value) -> str:
    """A value meant as one line, as one line: a line break typed into it (or kept from before
    the bounds) can never start a line of the message."""
    return " ".join(str(value).split())


@task()
def send_application_receipt(application_id: int) -> None:
    from partnerstwa.contests.models import Application
    from partnerstwa.contests.services import edit_token

    application = (
        Application.objects.select_related("edition", "organisation", "partnership")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return
    context = {
        "application": application,
        "edition": application.edition,
        "name": _one_line(application.contact_name),
        "title": _one_line(application.title),
        "applicant": _one_line(application.applicant),
        "edition_name": _one_line(application.edition.name),
        "edit_url": settings.SITE_URL
        + reverse("contests:application_edit", args=[edit_token(application)]),
    }
    with translation.override(application.language):
        subject = render_to_string("contests/emails/receipt_subject.txt", context)
        body = render_to_string("contests/emails/receipt_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [application.contact_email])

"""Contest e-mails through the Tasks API (primary keys in, the applicant's language out)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from partnerstwa.contests.links import edit_token
from partnerstwa.lib.text import one_line


@task()
def send_application_receipt(application_id: int) -> None:
    from partnerstwa.contests.models import Application

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
        "name": one_line(str(application.contact_name)),
        "title": one_line(str(application.title)),
        "applicant": one_line(str(application.applicant)),
        "edition_name": one_line(str(application.edition.name)),
        "edit_url": settings.SITE_URL
        + reverse("contests:application_edit", args=[edit_token(application)]),
    }
    with translation.override(application.language):
        subject = render_to_string("contests/emails/receipt_subject.txt", context)
        body = render_to_string("contests/emails/receipt_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [application.contact_email])

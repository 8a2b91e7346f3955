"""A person known to every app that holds personal data, made through each app's services or
factories, and the /rodo/ steps a visitor takes."""

import re

from django.core import mail
from django.urls import reverse

from partnerstwa.activities.services import attendance_bulk_record
from partnerstwa.activities.tests.factories import event, register
from partnerstwa.advocacy.models import BarrierReport
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.newsletter.tests.factories import SubscriberFactory
from partnerstwa.registry.tests.factories import OrganisationFactory

EMAIL = "zofia.wrobel@example.org"


def person_everywhere(email: str = EMAIL, **names):
    """Registered for and attending an event, subscribed, applying to the contest and reporting
    a barrier; returns the registration."""
    first, last = names.get("first_name", "Zofia"), names.get("last_name", "Wróbel")
    training = event()
    registration = register(
        training,
        first_name=first,
        last_name=last,
        email=email,
        phone="+48 601 202 303",
        accessibility_needs="Pętla indukcyjna",
    )
    session = training.sessions.first()
    attendance_bulk_record(rows=[(session.pk, registration.person_id, None)], method="import")
    SubscriberFactory(email=email)
    application(edition(), contact_name=f"{first} {last}", contact_email=email)
    BarrierReport.objects.create(
        title="Bariera",
        description="Opis bariery",
        organisation=OrganisationFactory(),
        contact_name=f"{first} {last}",
        contact_email=email,
    )
    return registration


def ask(client, capture, *, email: str = EMAIL, kind: str = "access", details: str = ""):
    """Send the /rodo/ form; returns the response."""
    with capture(execute=True):
        return client.post(
            reverse("rights:start"), {"email": email, "kind": kind, "details": details}
        )


def confirm(client, capture, email: str = EMAIL):
    """Open the link mailed to the address and press its button; returns the request page's
    address."""
    message = [m for m in mail.outbox if m.to == [email]][-1]
    path = re.search(r"https?://[^/\s]+(/rodo/potwierdzenie/\S+/)", message.body).group(1)
    assert client.get(path).status_code == 200
    with capture(execute=True):
        response = client.post(path)
    assert response.status_code == 302
    return response.url

"""The signed links of activities and their lifetimes (README: "Link lifetimes").

Their own module so that services (which queue the e-mails) and tasks (which put the links in
them) both import it without importing each other. Each service that follows a link also checks
the record's state.
"""

import datetime

from partnerstwa.activities.models import Certificate, Registration, RegistrationRequest
from partnerstwa.lib.tokens import LinkKind

# Confirming a registration typed into the public form: two days cover a weekend, and an
# unconfirmed request (someone else's typing, perhaps) is not kept longer.
CONFIRM_LINK = LinkKind("partnerstwa.registration.confirm", datetime.timedelta(days=2))
# Cancelling: the state check (the event has not begun) is what ends it, so the lifetime only
# has to outlive any plausible wait between registering and the event; three years covers an
# event announced well over a year ahead (a year did not: the link died before the event).
CANCEL_LINK = LinkKind("partnerstwa.registration.cancel", datetime.timedelta(days=3 * 365 + 1))
# Evaluating: answers are collected in the month after the event, while it is remembered.
EVALUATION_LINK = LinkKind("partnerstwa.evaluation", datetime.timedelta(days=30))
# Downloading a certificate: holders need it again for applications; the verification page
# (by code) never expires.
CERTIFICATE_LINK = LinkKind("partnerstwa.certificate", datetime.timedelta(days=730))


def confirm_token(request: RegistrationRequest) -> str:
    return CONFIRM_LINK.token(request.pk)


def cancel_token(registration: Registration) -> str:
    return CANCEL_LINK.token(registration.pk)


def evaluation_token(registration: Registration) -> str:
    return EVALUATION_LINK.token(registration.pk)


def certificate_token(certificate: Certificate) -> str:
    return CERTIFICATE_LINK.token(certificate.pk)

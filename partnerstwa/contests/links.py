"""The signed link to an application (README: "Link lifetimes").

Its own module so that services (which queue the receipt) and tasks (which put the link in it)
both import it without importing each other. The edit itself is refused once the call has
closed.
"""

import datetime

from partnerstwa.contests.models import Application
from partnerstwa.lib.tokens import LinkKind

EDIT_LINK = LinkKind("partnerstwa.contest.application", datetime.timedelta(days=180))


def edit_token(application: Application) -> str:
    return EDIT_LINK.token(application.pk)

"""The signed link a reporter confirms their e-mail address with (README: "Link lifetimes").

Its own module so that services (which queue the e-mail) and tasks (which put the link in it)
both import it without importing each other.
"""

import datetime

from partnerstwa.advocacy.models import BarrierReport
from partnerstwa.lib.tokens import LinkKind

# Two days cover a weekend; an unconfirmed report (someone else's typing, perhaps) is not kept
# longer.
CONFIRM_LINK = LinkKind("partnerstwa.advocacy.report.confirm", datetime.timedelta(days=2))


def confirm_token(report: BarrierReport) -> str:
    return CONFIRM_LINK.token(report.pk)

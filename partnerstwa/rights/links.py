"""The links of a data-subject request: the one that proves control of the address, and the one
that opens the request (its answer, the data) afterwards."""

import datetime

from partnerstwa.lib.tokens import LinkKind

CONFIRM_LINK = LinkKind("partnerstwa.rights.confirm", datetime.timedelta(days=2))
REQUEST_LINK = LinkKind("partnerstwa.rights.request", datetime.timedelta(days=30))

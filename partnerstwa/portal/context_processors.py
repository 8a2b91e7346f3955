from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from partnerstwa.content.selectors import identity
from partnerstwa.portal.selectors import has_illustrative_records
from partnerstwa.programme.selectors import programme_current


def site(request: HttpRequest) -> dict:
    # Lazy: responses that never render the header do not pay for the queries, and a page asks
    # each at most once.
    return {
        "programme": SimpleLazyObject(programme_current),
        "site_has_illustrative": SimpleLazyObject(has_illustrative_records),
        # The association's name, logos, funding statement and contacts: one query a page.
        "identity": SimpleLazyObject(identity),
    }

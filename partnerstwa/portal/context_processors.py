from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from partnerstwa.programme.selectors import programme_current


def site(request: HttpRequest) -> dict:
    # Lazy: responses that never render the header do not pay for the query.
    return {"programme": SimpleLazyObject(programme_current)}

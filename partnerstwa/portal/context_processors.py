from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from partnerstwa.content.selectors import identity
from partnerstwa.lib import freshness
from partnerstwa.portal import navigation
from partnerstwa.portal.selectors import has_illustrative_records
from partnerstwa.programme.selectors import programme_current

# Every page shows them; they change rarely: made once per change of their apps (per process).
_programme = freshness.kept("programme")(programme_current)
_identity = freshness.kept("content", "wagtailimages")(identity)
_has_illustrative = freshness.kept(
    "registry", "partnerships", "activities", "contests", "advocacy"
)(has_illustrative_records)


def site(request: HttpRequest) -> dict:
    # Lazy: responses that never render the header do not pay for the queries, and a page asks
    # each at most once.
    return {
        "programme": SimpleLazyObject(_programme),
        "site_has_illustrative": SimpleLazyObject(_has_illustrative),
        # The association's name, logos, funding statement and contacts: one query a page.
        "identity": SimpleLazyObject(_identity),
        "nav_links": navigation.main_links(),
        "nav_current": navigation.current(request.path),
    }

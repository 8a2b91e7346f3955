"""sitemap.xml: the editors' pages (Wagtail's sitemap) and the programme's public pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from partnerstwa.activities.models import Event
from partnerstwa.content.selectors import default_site
from partnerstwa.contests.models import ContestEdition
from partnerstwa.contests.selectors import public_editions
from partnerstwa.lib import pages as wagtail_pages
from partnerstwa.partnerships.models import Partnership

# Addresses per sitemap file: a file costs the same however many records there are.
SITEMAP_LIMIT = 2000


# Where a record's address name goes in its address (reversed once a file, not once a record).
_SLUG = "address-name"


class _ProgrammeSitemap(Sitemap):
    """A file of records' pages: their address names, read without a model instance each."""

    limit = SITEMAP_LIMIT

    def location(self, slug: str) -> str:
        if not hasattr(self, "_address"):
            self._address = reverse(self.url_name, args=[_SLUG])
        return self._address.replace(_SLUG, slug, 1)


class PartnershipSitemap(_ProgrammeSitemap):
    url_name = "partnerships:detail"

    def items(self):
        return Partnership.objects.order_by("pk").values_list("slug", flat=True)


class EventSitemap(_ProgrammeSitemap):
    url_name = "activities:detail"

    def items(self):
        return Event.objects.published().order_by("pk").values_list("slug", flat=True)


class EditionSitemap(_ProgrammeSitemap):
    url_name = "contests:edition"

    def items(self):
        return (
            ContestEdition.objects.filter(pk__in=public_editions().values("pk"))
            .order_by("pk")
            .values_list("slug", flat=True)
        )


class PagesSitemap(WagtailSitemap):
    """The editors' pages (Wagtail's sitemap)."""

    def get_wagtail_site(self):
        if self.request is None:  # the index asks without a request: the default site
            return default_site()
        return super().get_wagtail_site()

    def get_latest_lastmod(self):
        # For the index: the newest of the pages' dates (Wagtail's lastmod) in one aggregate,
        # where Django's default builds every page to ask each for its date.
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        latest = Coalesce("last_published_at", "latest_revision_created_at")
        return wagtail_pages.public(pages.live()).aggregate(latest=Max(latest))["latest"]


class ListingSitemap(Sitemap):
    """The programme's listings, which have no record of their own."""

    def items(self) -> list[str]:
        return [
            "partnerships:list",
            "activities:list",
            "contests:index",
            "indicators:dashboard",
            "registry:unit_index",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": PagesSitemap,
    "listings": ListingSitemap,
    "partnerships": PartnershipSitemap,
    "events": EventSitemap,
    "editions": EditionSitemap,
}

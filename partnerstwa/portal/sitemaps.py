"""sitemap.xml: the editors' pages (Wagtail's sitemap) and the programme's public pages."""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from partnerstwa.activities.models import Event
from partnerstwa.activities.selectors import published_event_count
from partnerstwa.content.selectors import default_site
from partnerstwa.contests.models import ContestEdition
from partnerstwa.contests.selectors import public_edition_count, public_editions
from partnerstwa.lib import pages as wagtail_pages
from partnerstwa.lib.addresses import address_of
from partnerstwa.partnerships.models import Partnership
from partnerstwa.partnerships.selectors import partnership_count

# Addresses per sitemap file: a file costs the same however many records there are.
SITEMAP_LIMIT = 2000


class ProgrammeSitemap(Sitemap):
    """A file of records' pages: their address names, read without a model instance each, and
    counted once per change of their app (count(): counting every record reads them all).
    portal.views.sitemap_section writes these files itself."""

    limit = SITEMAP_LIMIT

    def location(self, slug: str) -> str:
        # The route reversed once a file, not once a record (lib.addresses).
        if not hasattr(self, "_address"):
            self._address = address_of(self.url_name)
        return self._address(slug)

    def count(self) -> int:
        raise NotImplementedError

    @property
    def paginator(self) -> Paginator:
        pages = Paginator(self._items(), self.limit)
        pages.count = self.count()  # in place of the paginator's own count of every record
        return pages


class PartnershipSitemap(ProgrammeSitemap):
    url_name = "partnerships:detail"

    def items(self):
        # rewrite(False): the address name is not translated (modeltranslation's row-by-row
        # fallbacks would cost more than reading it).
        return Partnership.objects.rewrite(False).order_by("pk").values_list("slug", flat=True)

    def count(self) -> int:
        return partnership_count()


class EventSitemap(ProgrammeSitemap):
    url_name = "activities:detail"

    def items(self):
        return (
            Event.objects.published().rewrite(False).order_by("pk").values_list("slug", flat=True)
        )

    def count(self) -> int:
        return published_event_count()


class EditionSitemap(ProgrammeSitemap):
    url_name = "contests:edition"

    def count(self) -> int:
        return public_edition_count()

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

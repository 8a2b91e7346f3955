"""The news listing and its feed, served by the news index page's routes."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from partnerstwa.content import selectors
from partnerstwa.content.models import NEWS_PER_PAGE

FEED_ITEMS = 20


def _year(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) == 4 else None


def news_index(request: HttpRequest, index) -> HttpResponse:
    year = _year(request.GET.get("rok"))
    tag = (request.GET.get("temat") or "").strip()[:100] or None
    news = Paginator(selectors.news_listing_keys(year=year, tag=tag), NEWS_PER_PAGE)
    page = news.get_page(request.GET.get("page"))
    page.object_list = selectors.news_of_keys(list(page.object_list))
    return TemplateResponse(
        request,
        "content/news_index_page.html",
        {
            **index.get_context(request),
            "page": index,
            "self": index,
            "news": page,
            "years": selectors.news_years(),
            "tags": selectors.news_tags(),
            "year": year,
            "tag": tag,
        },
    )


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def title(self) -> str:
        return _("News – Partnerstwa")

    def link(self) -> str:
        return self.index.url

    def subtitle(self) -> str:
        return _("News and conference reports of the programme")

    def items(self):
        return selectors.news_of_keys(selectors.news_listing_keys()[:FEED_ITEMS])

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.lead

    def item_link(self, item) -> str:
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


def news_feed(request: HttpRequest, index) -> HttpResponse:
    return NewsFeed(index)(request)

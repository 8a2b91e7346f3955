"""Reads for the editors' pages: the live blocks' figures and lists, news listings."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language, npgettext

from partnerstwa.activities import selectors as activities
from partnerstwa.contests import selectors as contests
from partnerstwa.indicators import selectors as indicators
from partnerstwa.indicators.computation import compute
from partnerstwa.lib import freshness
from partnerstwa.lib import pages as wagtail_pages
from partnerstwa.lib.bulk import OneOf
from partnerstwa.lib.collation import polish
from partnerstwa.lib.prepared import prepared
from partnerstwa.programme.selectors import programme_current

# The results the home page leads with, each (indicator code, the noun after its number; the
# context keeps these plural entries apart from the same words used alone).
HEADLINE = (
    ("partnerships", lambda n: npgettext("home figure", "partnership", "partnerships", n)),
    (
        "local_governments",
        lambda n: npgettext(
            "home figure",
            "local government in partnerships",
            "local governments in partnerships",
            n,
        ),
    ),
    (
        "entities",
        lambda n: npgettext(
            "home figure", "organisation in partnerships", "organisations in partnerships", n
        ),
    ),
    ("trainings", lambda n: npgettext("home figure", "training", "trainings", n)),
    (
        "capacity_building_participants",
        lambda n: npgettext(
            "home figure",
            "participant in trainings and workshops",
            "participants in trainings and workshops",
            n,
        ),
    ),
    ("conferences", lambda n: npgettext("home figure", "conference", "conferences", n)),
    ("study_visits", lambda n: npgettext("home figure", "study visit", "study visits", n)),
    (
        "contest_editions",
        lambda n: npgettext("home figure", "contest edition", "contest editions", n),
    ),
)
EDITIONS_LOOKED_AT = 3


@dataclass(frozen=True)
class Figure:
    code: str
    value: int
    noun: str


@dataclass(frozen=True)
class Results:
    day: datetime.date
    ended: bool  # shown as of the programme's last day: its results as reported
    chosen: bool  # the editor chose the day
    figures: list[Figure]
    projects_value_pln: object

    @property
    def projects_value_millions(self):
        return self.projects_value_pln / 1_000_000


def results(
    *, as_of: datetime.date | None, today: datetime.date | None = None, programme=None
) -> Results:
    """The headline figures as of the editor's day, or as of the programme's end once it has
    ended (today while it runs). `programme`: the page's, when it has already read it."""
    today = today or timezone.localdate()
    programme = programme if programme is not None else programme_current()
    day = as_of or indicators.default_day(today, programme)
    values = compute(day, settings.PROGRAMME_ASSOCIATION)
    return Results(
        day=day,
        ended=as_of is None and day != today,
        chosen=as_of is not None,
        figures=[Figure(code, values[code], noun(values[code])) for code, noun in HEADLINE],
        projects_value_pln=values["projects_value_pln"],
    )


def this_minute() -> datetime.datetime:
    """What the events block counts as now: lists kept for a minute are right to the minute."""
    return timezone.now().replace(second=0, microsecond=0)


def upcoming_events(*, count: int, now: datetime.datetime | None = None) -> list:
    # Kept per process for the minute and until events change (the home page's block).
    return _upcoming(count, now or this_minute())


@freshness.kept("activities", "registry")
def _upcoming(count: int, now: datetime.datetime) -> list:
    return list(activities.event_list(activities.EventFilters(), now=now)[:count])


@freshness.kept("contests", "registry", "partnerships")
def latest_awarded_edition():
    """The latest decided edition whose awards are public, or None."""
    editions = contests.public_editions().filter(decided_on__isnull=False)
    return next(
        (
            edition
            for edition in editions.order_by("-decided_on", "-pk")[:EDITIONS_LOOKED_AT]
            if edition.results_public and edition.awarded
        ),
        None,
    )


def news_live():
    """Published news in the current language, newest first."""
    from partnerstwa.content.models import NewsPage

    return (
        wagtail_pages.public(NewsPage.objects.live())
        .filter(locale__language_code=get_language())
        .order_by("-first_published_at", "-pk")
    )


@freshness.kept("content", "wagtailcore", "wagtailimages", key=get_language)
def latest_news(*, count: int) -> list:
    return list(news_live().select_related("main_image")[:count])


def news_listing(*, year: int | None = None, tag: str | None = None):
    news = news_live().select_related("main_image").prefetch_related("tags")
    if year:
        news = news.filter(date__year=year)
    if tag:
        news = news.filter(tags__slug=tag).distinct()
    return news.order_by("-date", "-first_published_at", "-pk")


@prepared(depends_on=wagtail_pages.restricted_paths)
def _latest_news_keys():
    return news_live().order_by("-date", "-first_published_at", "-pk").values_list("pk", flat=True)


def news_listing_keys(*, year: int | None = None, tag: str | None = None) -> list[int]:
    """The keys of news_listing() in its order: the whole listing is a prepared read."""
    if not year and not tag:
        return list(_latest_news_keys())
    return list(news_listing(year=year, tag=tag).values_list("pk", flat=True))


@prepared(keys=list[int])
def _news_of_keys(keys):
    from partnerstwa.content.models import NewsPage

    return NewsPage.objects.filter(OneOf(F("pk"), keys)).select_related("main_image").order_by()


@prepared(keys=list[int])
def _tags_of_news(keys):
    from partnerstwa.content.models import NewsPageTag

    return (
        NewsPageTag.objects.filter(OneOf(F("content_object"), keys))
        .select_related("tag")
        .order_by(polish("tag__name"), "pk")
    )


def news_of_keys(keys: list[int]) -> list:
    """The news of these keys in their order, each with its `tag_list` (topics by name)."""
    found = {item.pk: item for item in _news_of_keys(keys=keys)}
    for item in found.values():
        item.tag_list = []
    for tagged in _tags_of_news(keys=list(found)):
        found[tagged.content_object_id].tag_list.append(tagged.tag)
    return [found[key] for key in keys if key in found]


@freshness.kept("content", "wagtailcore", key=get_language)
def news_years() -> list[int]:
    return [day.year for day in news_live().dates("date", "year", order="DESC")]


@freshness.kept("content", "wagtailcore", key=get_language)
def _named_in_news() -> tuple[frozenset[int], frozenset[int]]:
    """The keys of the partnerships and of the events published news (in the current language)
    names: most have none, and their pages need not ask."""
    news = news_live().order_by()
    return (
        frozenset(
            news.filter(related_partnerships__isnull=False).values_list(
                "related_partnerships", flat=True
            )
        ),
        frozenset(
            news.filter(related_events__isnull=False).values_list("related_events", flat=True)
        ),
    )


# Prepared reads (lib.prepared): compiled once per language and state of the view
# restrictions, run on every request.
@prepared(partnership=int, depends_on=wagtail_pages.restricted_paths)
def _news_about_partnership(partnership):
    return news_live().filter(related_partnerships=partnership).order_by("-date")[:10]


@prepared(event=int, depends_on=wagtail_pages.restricted_paths)
def _news_about_event(event):
    return news_live().filter(related_events=event).order_by("-date")[:10]


def news_about_partnership(partnership) -> list:
    if partnership.pk not in _named_in_news()[0]:
        return []
    return list(_news_about_partnership(partnership=partnership.pk))


def news_about_event(event) -> list:
    if event.pk not in _named_in_news()[1]:
        return []
    return list(_news_about_event(event=event.pk))


_YOUTUBE = re.compile(
    r"^https://(?:www\.)?(?:youtube\.com/watch\?v=|youtu\.be/|youtube\.com/embed/)([\w-]{6,20})"
)
_VIMEO = re.compile(r"^https://(?:www\.)?vimeo\.com/(\d{4,12})(?:$|[/?#])")


def embed_address(url: str) -> str | None:
    """The privacy-friendly player address of a YouTube or Vimeo recording, None otherwise."""
    if match := _YOUTUBE.match(url or ""):
        return f"https://www.youtube-nocookie.com/embed/{match[1]}?autoplay=1"
    if match := _VIMEO.match(url or ""):
        return f"https://player.vimeo.com/video/{match[1]}?dnt=1&autoplay=1"
    return None


@freshness.kept("content", "wagtailcore", "taggit", key=get_language)
def news_tags() -> list:
    """The tags used on published news, by name."""
    from taggit.models import Tag

    return list(
        Tag.objects.filter(content_newspagetag_items__content_object__in=news_live())
        .distinct()
        .order_by(polish("name"))
    )


def identity():
    """The association's identity as editors set it in the CMS (with its logos), or None."""
    from partnerstwa.content.models import Identity

    return Identity.objects.select_related("logo", "funder_logo", "second_funder_logo").first()


# Wagtail's routing, kept per process until pages or sites change. Wagtail looks the site up
# with a query on every request, reads the sites' root paths from the default cache (the
# database, in the embedded set-up) and walks the page tree a query per level; for a page made
# afresh that was a third of its cost. Served through content.middleware.KeptRoutingMiddleware.


@freshness.kept("wagtailcore", size=16)
def site_for(hostname: str, port: int):
    """The site answering for this host and port (Wagtail's own rule), or None."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    # The root page is read with the site: each request would read it again.
    site.root_page  # noqa: B018
    return site


@freshness.kept("wagtailcore", size=1)
def default_site():
    """The site marked default (with its root page), or None."""
    from wagtail.models import Site

    return Site.objects.select_related("root_page").filter(is_default_site=True).first()


@freshness.kept("wagtailcore", size=1)
def site_root_paths() -> list:
    """Every site's root path, as Wagtail's Site.get_site_root_paths gives them."""
    from wagtail.models import Site

    return Site.get_site_root_paths()


@dataclass(frozen=True)
class Route:
    """Where Wagtail's page tree leads for an address: the page, the arguments its serve()
    takes, and what routing noted on the request (a routable page's resolver match)."""

    page: object
    args: tuple
    kwargs: dict
    noted: dict


class _RoutingRequest:
    """What Page.route reads of a request: the site. Routing notes what it finds on it."""

    def __init__(self, site):
        self._wagtail_site = site


@freshness.kept("wagtailcore", "content", key=get_language, size=256)
def page_route(site, path: str) -> Route:
    """The route of a live page at this address in the current language (raises Http404).
    Misses are not kept: any address may be asked for, and only pages' routes are worth
    keeping. The page is shared by the process's requests until pages change: read-only."""
    from django.http import Http404
    from wagtail.models import Page

    stand_in = _RoutingRequest(site)
    found = Page.route_for_request(stand_in, path)
    if found is None:
        raise Http404
    noted = {
        name: value
        for name, value in vars(stand_in).items()
        if name not in ("_wagtail_site", "_wagtail_route_for_request")
    }
    page, args, kwargs = found
    return Route(page, tuple(args), dict(kwargs), noted)

"""The editors' pages (Wagtail) as a visitor may see them."""

from django.db.models import Q

from partnerstwa.lib import freshness


@freshness.kept("wagtailcore", size=1)
def restricted_paths() -> tuple[str, ...]:
    """The tree paths of the pages with a view restriction (each covers its descendants)."""
    from wagtail.models import PageViewRestriction

    return tuple(PageViewRestriction.objects.order_by("pk").values_list("page__path", flat=True))


def restricted_anywhere() -> bool:
    """Whether any page has a view restriction (kept between changes of pages)."""
    return bool(restricted_paths())


def public(pages):
    """`pages` without those under a view restriction: Wagtail's PageQuerySet.public(), with the
    restricted sections kept between changes of pages (Wagtail reads them on every call)."""
    restricted = Q()
    for path in restricted_paths():
        restricted |= Q(path__startswith=path)
    return pages.exclude(restricted) if restricted else pages

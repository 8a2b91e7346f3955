from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerstwa.lib import freshness
from partnerstwa.lib.addresses import address_of
from partnerstwa.registry import selectors
from partnerstwa.registry.models import TerritorialUnit, UnitLevel
from partnerstwa.registry.sections import organisation_sections

SEARCH_PAGE_SIZE = 50


@require_GET
def unit_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "query": query,
        "today": today,
        # The register's counts belong here (the home page tells the programme's story).
        "summary": selectors.registry_summary(
            on=today, association_code=settings.PROGRAMME_ASSOCIATION
        ),
    }
    if query:
        page = Paginator(selectors.unit_search(query, on=today), SEARCH_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["page"] = page
    else:
        context["children"] = _voivodeships_listed(today)
    return render(request, "registry/unit_index.html", context)


@freshness.kept("registry", size=2)
def _voivodeships_listed(today) -> list[TerritorialUnit]:
    """The index's voivodeships with their organisations and memberships: the same for every
    visitor, so made once per change of the register and day (callers do not change it)."""
    return _with_urls(selectors.unit_children(None, on=today))


def _with_urls(units) -> list[TerritorialUnit]:
    """The units with the address of each one's page (made here once, not by a tag per row)."""
    units = list(units)
    address = address_of("registry:unit_detail")
    for unit in units:
        unit.url = address(unit.code)
    return units


@require_GET
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    today = timezone.localdate()
    try:
        unit = selectors.unit_get(code)
    except TerritorialUnit.DoesNotExist:
        raise Http404 from None
    children = (
        _with_urls(selectors.unit_children(unit, on=today))
        if unit.level != UnitLevel.GMINA_PART
        else []
    )
    organisation = unit.organisation_list[0] if unit.organisation_list else None
    return render(
        request,
        "registry/unit_detail.html",
        {
            "unit": unit,
            "ancestors": selectors.unit_ancestors(unit),
            "organisation": organisation,
            # What the apps above the registry add (the barriers it reported…).
            "sections": organisation_sections(organisation, request) if organisation else [],
            "children": children,
            # The page says once, under the table, what a row without an organisation means.
            "has_missing_organisation": any(not child.organisation_list for child in children),
            "today": today,
        },
    )

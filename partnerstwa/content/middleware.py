"""Wagtail's site lookup, root paths and page routes answered from kept reads (selectors)."""

from django.conf import settings
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.url_routing import RouteResult
from wagtail.views import serve

from partnerstwa.content import selectors


class KeptRoutingMiddleware:
    """Puts what Wagtail would look up on each request where Wagtail looks for it first: the
    site (request._wagtail_site), the sites' root paths (request._wagtail_cached_site_root_
    paths) and, for a page address, its route (request._wagtail_route_for_request). Kept until
    pages or sites change (lib.freshness), so a change shows within FRESHNESS_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.READ_CACHE:
            hostname = split_domain_port(request._get_raw_host())[0]
            request._wagtail_site = selectors.site_for(hostname, request.get_port())
            request._wagtail_cached_site_root_paths = selectors.site_root_paths()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not serve or not settings.READ_CACHE:
            return None
        if request.method not in ("GET", "HEAD"):
            return None
        site = getattr(request, "_wagtail_site", None)
        if site is None:
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        try:
            route = selectors.page_route(site, path)
        except Http404:
            return None  # Wagtail routes it itself and answers 404.
        for name, value in route.noted.items():
            setattr(request, name, value)
        request._wagtail_route_for_request = RouteResult(route.page, route.args, route.kwargs)
        return None

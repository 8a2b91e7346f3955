import html
import re
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_safe
from wagtail.contrib.sitemaps.views import sitemap as pages_sitemap

from partnerstwa.portal import selectors
from partnerstwa.portal.sitemaps import SITEMAPS, ProgrammeSitemap


@require_GET
def about_data(request: HttpRequest) -> HttpResponse:
    """What on this site is real (with its sources) and what the demo made up."""
    return render(
        request,
        "portal/about_data.html",
        {"reference": selectors.reference_sources(), "counts": selectors.illustrative_counts()},
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site; the back offices, personal links and exports are
    not for them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cms/",
        "Disallow: /biuro/",
        "Disallow: /logowanie/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# The start and end of a sitemap file, as Django's sitemap view writes them.
_URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n',
    "\n</urlset>\n",
)


_MARKUP = re.compile(r"[&<>\"']")


def _xml_text(text: str) -> str:
    return html.escape(text) if _MARKUP.search(text) else text


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One file of the sitemap. The programme's records (up to SITEMAP_LIMIT addresses a file)
    are written here, each address as Django's sitemap view writes it — its template costs
    ten times the reading of the addresses; the editors' pages and the listings are Wagtail's
    and Django's view."""
    sitemap = SITEMAPS.get(section)
    if not (isinstance(sitemap, type) and issubclass(sitemap, ProgrammeSitemap)):
        return pages_sitemap(request, SITEMAPS, section=section)
    sitemap = sitemap()
    number = request.GET.get("p", 1)
    try:
        slugs = sitemap.paginator.page(number).object_list
    except EmptyPage:
        raise Http404(f"Page {number} empty") from None
    except PageNotAnInteger:
        raise Http404(f"No page '{number}'") from None
    prefix = escape(f"{sitemap.get_protocol(request.scheme)}://{get_current_site(request).domain}")
    # Each address as the template escapes it (Django's escape() is html.escape()); most hold
    # nothing to escape, told apart faster than escape() goes through them.
    body = "".join(
        f"<url><loc>{prefix}{_xml_text(sitemap.location(slug))}</loc></url>" for slug in slugs
    )
    response = HttpResponse(_URLSET[0] + body + _URLSET[1], content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """What a client sees when it sends a public form too often (django-ratelimit's view)."""
    return render(request, "portal/rate_limited.html", status=429)


def staff_only(view):
    """Staff accounts only: a visitor is asked to sign in, a signed-in coordinator is refused
    (403) rather than sent to a sign-in page they have already passed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@staff_only
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/workspace.html", {"workspace": selectors.workspace()})

from django.contrib.sitemaps.views import index as sitemap_index
from django.urls import path
from wagtail.views import serve

from partnerstwa.portal import views
from partnerstwa.portal.sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    # The home page is the editors' (a Wagtail page composed from blocks); the name stays so
    # every link to it keeps working.
    path("", serve, {"path": ""}, name="home"),
    path("o-danych/", views.about_data, name="about_data"),
    path("biuro/", views.workspace, name="workspace"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The editors' pages and the programme's: this route comes before the project's plain one.
    # An index of sections, each in pages of at most SITEMAP_LIMIT addresses, so no file grows
    # with the number of records (the protocol allows 50,000 a file).
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", views.sitemap_section, name="sitemap_section"),
]

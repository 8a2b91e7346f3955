from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

admin.site.site_header = _("Partnerstwa – back office")
admin.site.site_title = _("Partnerstwa")
admin.site.index_title = _("Programme records")

urlpatterns = [
    path("", include("partnerstwa.portal.urls")),
    path("", include("partnerstwa.registry.urls")),
    path("", include("partnerstwa.privacy.urls")),
    path("", include("partnerstwa.partnerships.urls")),
    path("", include("partnerstwa.activities.urls")),
    path("", include("partnerstwa.contests.urls")),
    path("", include("partnerstwa.indicators.urls")),
    path("", include("partnerstwa.portal.auth_urls")),
    path("", include("partnerstwa.library.urls")),
    path("", include("partnerstwa.advocacy.urls")),
    path("", include("partnerstwa.newsletter.urls")),
    path("", include("partnerstwa.rights.urls")),
    path("", include("partnerstwa.api.urls")),
    path("", include("partnerstwa.operations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Editors' back office (Wagtail), under the same sign-in as /admin/ and /biuro/.
    path("cms/", include(wagtailadmin_urls)),
    path("dokumenty/pliki/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every address the programme's own views do not: the editors' pages.
urlpatterns += [path("", include(wagtail_urls))]

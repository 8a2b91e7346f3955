from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

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
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

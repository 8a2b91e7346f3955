from django.urls import path, re_path

from partnerstwa.api import views
from partnerstwa.api.api import api

app_name = "api"

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/v1/docs/", views.documentation, name="docs"),
    # Any other address under /api/ answers in JSON too.
    re_path(r"^api/", views.not_found),
]
